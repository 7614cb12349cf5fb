package ai

import (
	"log/slog"

	"github.com/causeway-dev/causeway/api/httpx"
	"github.com/causeway-dev/causeway/api/nacos/nacosresult"
	"github.com/causeway-dev/causeway/registry"
	airegistry "github.com/causeway-dev/causeway/registry/ai"
	"github.com/causeway-dev/causeway/registry/ai/artifact"
	"github.com/causeway-dev/causeway/registry/ai/catalog"
)

// Base is the path prefix of the section.
const Base = "/nacos/v3/admin/ai"

// Deps are the AI registries the section serves; a nil one leaves its
// routes out.
type Deps struct {
	// MCP serves §6 (mcp_routes.go) and A2A §7 (a2a_routes.go).
	MCP *catalog.MCP
	A2A *catalog.A2A
	// Prompts is the prompt registry (seed 003 §8, prompt_routes.go).
	Prompts *airegistry.Prompts
	// Skills and AgentSpecs are the versioned-artifact registries
	// (registry/ai/artifact: NewSkills, NewAgentSpecs).
	Skills, AgentSpecs *artifact.Registry
}

// route is one endpoint; limit is the largest body it reads (0: the
// default form limit).
type route struct {
	pattern string
	h       nacosresult.Handler
	limit   int64
}

// api is what the section's handlers share.
type api struct {
	deps Deps
	log  *slog.Logger
}

// Routes are the section's routes, for the v3 dialect to mount; they are
// admin-only like the rest of the admin API.
func Routes(d Deps, log *slog.Logger) []httpx.Route {
	a := &api{deps: d, log: log}
	var out []httpx.Route
	for _, section := range [][]route{a.mcpRoutes(), a.a2aRoutes(), a.promptRoutes(), a.skillRoutes(), a.agentSpecRoutes()} {
		for _, rt := range section {
			h := nacosresult.Wrap(log, rt.h)
			if rt.limit > 0 {
				h = nacosresult.WrapLimit(log, rt.h, rt.limit, tooLarge(rt.limit))
			}
			out = append(out, httpx.Route{Pattern: rt.pattern, Handler: h})
		}
	}
	return out
}

// tooLarge is the refusal of a body over limit bytes.
func tooLarge(limit int64) func() error {
	return func() error {
		return registry.Errorf(registry.KindInvalid, "the request body exceeds %d bytes", limit)
	}
}
