package catalog

import "github.com/causeway-dev/causeway/registry/feed"

// Key names a resource of one kind (an MCP server, an agent card): what
// the kind's change feed publishes.
type Key struct {
	Namespace string
	Name      string
}

// Listen subscribes to the MCP servers that change (any version, the
// index or the server's deletion), published after the registry's view
// applied the change: the control plane's index follows the servers that
// gateway routes name this way. Close the listener when done.
func (m *MCP) Listen() *feed.Listener[Key] { return m.v.feed.Listen() }

// Listen subscribes to the agents whose cards change, as (*MCP).Listen
// does for MCP servers: gateway routes to agents follow them this way.
func (a *A2A) Listen() *feed.Listener[Key] { return a.v.feed.Listen() }

// keysOf answers the resources of a view.
func keysOf[T any](entries map[string]map[string]*entry[T]) map[Key]struct{} {
	out := map[Key]struct{}{}
	for ns, names := range entries {
		for name := range names {
			out[Key{Namespace: ns, Name: name}] = struct{}{}
		}
	}
	return out
}
