package gateway

import "github.com/causeway-dev/causeway/registry"

// Defaults and enumerations of the gateway model.
const (
	DefaultGroup     = "DEFAULT_GROUP"
	DefaultNamespace = "public"

	// ProtocolHTTP is the only listener protocol served for now.
	ProtocolHTTP = "HTTP"

	PathPrefix = "prefix"
	PathExact  = "exact"
	PathRegex  = "regex"
)

// Key names a gateway: the project of the API path and the gateway id.
type Key struct {
	Project string
	ID      string
}

func (k Key) String() string { return k.Project + "/" + k.ID }

// Gateway is a gateway and its listeners. Values handed out by the Registry
// are shared: never modify them.
type Gateway struct {
	ID        string     `json:"id"`
	Listeners []Listener `json:"listeners"`

	Project string `json:"-"`
	// Revision is the store revision of the last change; Created the one
	// that created it (route writes guard on it: same gateway, not a new
	// one of the same id).
	Revision int64 `json:"-"`
	Created  int64 `json:"-"`
}

// Key answers the gateway's key.
func (g *Gateway) Key() Key { return Key{Project: g.Project, ID: g.ID} }

// Listener is one port the gateway's Envoy listens on.
type Listener struct {
	Name     string `json:"name"`
	Port     int    `json:"port"`
	Protocol string `json:"protocol"`
}

// Route sends matching requests to a registered service. Values handed out
// by the Registry are shared: never modify them.
type Route struct {
	ID          string      `json:"id"`
	Name        string      `json:"name"`
	Domains     []string    `json:"domains"`
	Match       Match       `json:"match"`
	Destination Destination `json:"destination"`
	// Timeout is a duration such as "15s" or "500ms"; empty keeps Envoy's
	// default (15 s).
	Timeout string   `json:"timeout,omitempty"`
	Rewrite *Rewrite `json:"rewrite,omitempty"`

	Gateway Key `json:"-"`
	// Revision is the store revision of the last change; Created the one
	// that created the route, which orders routes by creation.
	Revision int64 `json:"-"`
	Created  int64 `json:"-"`
}

// Match says which requests a route takes: all conditions must hold.
type Match struct {
	Path    PathMatch     `json:"path"`
	Methods []string      `json:"methods,omitempty"`
	Headers []HeaderMatch `json:"headers,omitempty"`
}

// PathMatch is a path condition: Type prefix, exact or regex.
type PathMatch struct {
	Type  string `json:"type"`
	Value string `json:"value"`
}

// HeaderMatch is a header condition; exactly one of Exact, Prefix and
// Regex is set (pointers, because an exact empty value is a condition).
type HeaderMatch struct {
	Name   string  `json:"name"`
	Exact  *string `json:"exact,omitempty"`
	Prefix *string `json:"prefix,omitempty"`
	Regex  *string `json:"regex,omitempty"`
}

// Destination is where a route sends: a registered service (Service,
// Group, Namespace, Port; port 0 means the service's lowest instance port)
// or, instead, an MCP server (MCP, see mcp.go) or an A2A agent (A2A, see
// a2a.go) of the AI registry.
type Destination struct {
	Service   string  `json:"service"`
	Group     string  `json:"group"`
	Namespace string  `json:"namespace"`
	Port      int     `json:"port"`
	MCP       *MCPRef `json:"mcp,omitempty"`
	A2A       *A2ARef `json:"a2a,omitempty"`
}

// Rewrite changes a request before it is forwarded.
type Rewrite struct {
	// Prefix replaces the matched path prefix (the whole path of an exact
	// match).
	Prefix string `json:"prefix"`
}

// ProjectOfNamespace maps a Nacos namespace to the project of the CSE and
// ServiceComb APIs (registry.ProjectOfNamespace). A gateway node names its
// gateway by id and its scope by namespace; this is how the control plane
// finds the project.
func ProjectOfNamespace(ns string) string { return registry.ProjectOfNamespace(ns) }
