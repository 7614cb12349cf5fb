package gateway

import (
	"encoding/json"
	"fmt"
	"strings"

	"github.com/causeway-dev/causeway/registry/ai/catalog"
	"github.com/causeway-dev/causeway/registry/naming"
)

// MCPPathPrefix is where an MCP route is served when its match names no
// path: /mcp/{name}.
const MCPPathPrefix = "/mcp/"

// MCPRef names an MCP server of the AI registry (registry/ai/catalog) as a
// route's destination. The gateway follows the server: its endpoint (a
// DIRECT address, or the instances of the naming service it REFers to),
// its exportPath (the path requests are rewritten to) and, when Version is
// empty, which version is the latest.
type MCPRef struct {
	Namespace string `json:"namespace"`
	Name      string `json:"name"`
	Version   string `json:"version,omitempty"`
}

// MCPServers answers where an MCP server is reached; *catalog.MCP does.
// It only feeds warnings: a route may name a server registered later.
type MCPServers interface {
	Endpoint(ns, name, version string) (*catalog.MCPEndpoint, error)
}

// MarshalJSON answers only the mcp (or a2a) part of an MCP (A2A)
// destination, whose service fields are always empty.
func (d Destination) MarshalJSON() ([]byte, error) {
	type plain Destination // without this method
	switch {
	case d.MCP != nil:
		return json.Marshal(struct {
			MCP *MCPRef `json:"mcp"`
		}{d.MCP})
	case d.A2A != nil:
		return json.Marshal(struct {
			A2A *A2ARef `json:"a2a"`
		}{d.A2A})
	}
	return json.Marshal(plain(d))
}

// validateMCPRoute checks a route to an MCP server and fills its defaults:
// namespace public, path prefix /mcp/{name}. Such a route is rewritten to
// the server's exportPath and streams (SSE, streamable HTTP), so it takes
// no rewrite and matches a prefix (whole path segments) or an exact path.
func validateMCPRoute(r *Route) error {
	checks := []func(*Route) error{validateDomains, validateMCPDestination, validateMCPPath, validateMatch,
		validateTimeout, refuseMCPRewrite}
	for _, check := range checks {
		if err := check(r); err != nil {
			return err
		}
	}
	return nil
}

func validateMCPDestination(r *Route) error {
	d := &r.Destination
	if err := refuseServiceFields(d, "destination.mcp", "an MCP server"); err != nil {
		return err
	}
	m := d.MCP
	if m.Namespace == "" {
		m.Namespace = catalog.DefaultNamespace
	}
	if naming.ValidateNamespace(m.Namespace) != nil {
		return invalid("destination.mcp.namespace", "%q is not a namespace (letters, digits, '_', '-', at most %d)",
			m.Namespace, naming.MaxNamespaceLen)
	}
	if strings.TrimSpace(m.Name) == "" {
		return invalid("destination.mcp.name", "is required")
	}
	if problem := catalogNameProblem(m.Name, catalog.MaxNameLen); problem != "" {
		return invalid("destination.mcp.name", "%q %s", m.Name, problem)
	}
	if m.Version != "" {
		if problem := catalogNameProblem(m.Version, catalog.MaxVersionLen); problem != "" {
			return invalid("destination.mcp.version", "%q %s", m.Version, problem)
		}
	}
	return nil
}

// catalogNameProblem answers why s cannot be a name of the AI registry
// (printable, no '/', at most max bytes), "" when it can: a route naming
// what the registry can never hold would wait forever.
func catalogNameProblem(s string, max int) string {
	switch {
	case len(s) > max:
		return fmt.Sprintf("is longer than %d bytes", max)
	case strings.ContainsRune(s, '/'):
		return "must not contain '/'"
	case strings.IndexFunc(s, func(r rune) bool { return r < ' ' || r == 0x7f }) >= 0:
		return "must not contain control characters"
	}
	return ""
}

// validateMCPPath defaults the path to /mcp/{name} and keeps it a prefix
// of whole segments (Envoy's path_separated_prefix: /mcp/a takes /mcp/a
// and /mcp/a/x, never /mcp/ab) or an exact path.
func validateMCPPath(r *Route) error {
	p := &r.Match.Path
	if p.Type == "" && p.Value == "" {
		p.Type, p.Value = PathPrefix, MCPPathPrefix+r.Destination.MCP.Name
		if err := checkPath("match.path.value", p.Value); err != nil || strings.ContainsAny(p.Value, "?#%") {
			return invalid("match.path", "destination.mcp.name %q cannot be a path segment; give match.path",
				r.Destination.MCP.Name)
		}
		return nil
	}
	switch p.Type {
	case PathRegex:
		return invalid("match.path.type", "an MCP route matches a prefix or an exact path (it is rewritten to the server's exportPath)")
	case PathPrefix:
		if p.Value != "/" && (strings.HasSuffix(p.Value, "/") || strings.ContainsAny(p.Value, "?#")) {
			return invalid("match.path.value", "%q: an MCP route's prefix matches whole path segments: no trailing '/', '?' or '#'", p.Value)
		}
	}
	return nil
}

func refuseMCPRewrite(r *Route) error {
	if r.Rewrite != nil {
		return invalid("rewrite", "an MCP route is rewritten to the server's exportPath; leave rewrite out")
	}
	return nil
}

// mcpWarnings reports an MCP destination that is not registered (yet) or
// has no endpoint (a local stdio server).
func (r *Registry) mcpWarnings(m *MCPRef) []string {
	if r.opts.MCP == nil {
		return nil
	}
	if _, err := r.opts.MCP.Endpoint(m.Namespace, m.Name, m.Version); err != nil {
		return []string{fmt.Sprintf("destination.mcp: %v; the route answers 503 until the server is registered with an endpoint", err)}
	}
	return nil
}
