package artifact

import (
	"context"

	"github.com/causeway-dev/causeway/registry/ai"
	"github.com/causeway-dev/causeway/registry/store"
)

// AgentSpecKind is the agent spec artifact (seed 003 §10). The seed does
// not say what an uploaded agent spec holds; Causeway takes a manifest
// named AGENT.md, shaped as a skill's SKILL.md.
var AgentSpecKind = ArtifactKind{Name: "agentSpec", Prefix: ai.AgentSpecPrefix, Manifest: "AGENT.md"}

// NewAgentSpecs opens the agent spec registry.
func NewAgentSpecs(ctx context.Context, st store.Store, opts Options) (*Registry, error) {
	return NewRegistry(ctx, st, AgentSpecKind, opts)
}
