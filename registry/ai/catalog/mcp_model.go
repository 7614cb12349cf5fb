package catalog

import "encoding/json"

// MCP protocols (Nacos's AiConstants.Mcp).
const (
	ProtocolStdio      = "stdio"
	ProtocolSSE        = "mcp-sse"
	ProtocolStreamable = "mcp-streamable"
	ProtocolHTTP       = "http"
	ProtocolDubbo      = "dubbo"
)

// Endpoint types of a remote MCP server.
const (
	EndpointDirect = "DIRECT" // a host:port given in the spec
	EndpointRef    = "REF"    // a service registered in naming
)

// MCPServer is one version of an MCP server as stored: Nacos's
// McpServerBasicInfo with its tools and its endpoint spec. Parts Causeway
// only keeps and answers (repository, packages, tool metadata) stay raw.
type MCPServer struct {
	ID                 string          `json:"id"`
	Name               string          `json:"name"`
	Protocol           string          `json:"protocol"`
	FrontProtocol      string          `json:"frontProtocol,omitempty"`
	Description        string          `json:"description,omitempty"`
	Repository         json.RawMessage `json:"repository,omitempty"`
	Packages           json.RawMessage `json:"packages,omitempty"`
	Version            string          `json:"version"`
	RemoteServerConfig *RemoteConfig   `json:"remoteServerConfig,omitempty"`
	LocalServerConfig  map[string]any  `json:"localServerConfig,omitempty"`
	Enabled            bool            `json:"enabled"`
	Status             string          `json:"status"`
	Tools              *ToolSpec       `json:"toolSpec,omitempty"`
	Endpoint           *EndpointSpec   `json:"endpointSpec,omitempty"`
}

// RemoteConfig is McpServerRemoteServiceConfig: the path the server
// answers on (exportPath); the service ref is derived from the endpoint.
type RemoteConfig struct {
	ExportPath              string          `json:"exportPath,omitempty"`
	FrontEndpointConfigList json.RawMessage `json:"frontEndpointConfigList,omitempty"`
}

// ToolSpec is McpToolSpecification.
type ToolSpec struct {
	SpecificationType string                     `json:"specificationType,omitempty"`
	EncryptData       json.RawMessage            `json:"encryptData,omitempty"`
	Tools             []Tool                     `json:"tools"`
	ToolsMeta         map[string]json.RawMessage `json:"toolsMeta,omitempty"`
	SecuritySchemes   json.RawMessage            `json:"securitySchemes,omitempty"`
}

// Tool is McpTool.
type Tool struct {
	Name        string          `json:"name"`
	Description string          `json:"description,omitempty"`
	InputSchema json.RawMessage `json:"inputSchema,omitempty"`
}

// EndpointSpec is McpEndpointSpec: DIRECT with data address and port, or
// REF with data namespaceId, groupName and serviceName; transportProtocol
// (http or https) is optional for both.
type EndpointSpec struct {
	Type string            `json:"type"`
	Data map[string]string `json:"data"`
}

// MCPEndpoint is where a remote MCP server version is reached: what the
// gateway needs to route agents to it.
type MCPEndpoint struct {
	Namespace string
	Name      string
	Version   string
	// Protocol is the MCP transport (ProtocolSSE, ProtocolStreamable, ...).
	Protocol string
	// Path is the HTTP path the server answers on (exportPath; may be "").
	Path string
	// Transport is "http" or "https" (the endpoint's transportProtocol,
	// "" when not given).
	Transport string
	// Type is EndpointDirect (Address, Port) or EndpointRef (Service).
	Type    string
	Address string
	Port    int
	Service ServiceRef
}

// ServiceRef names a service of the naming registry.
type ServiceRef struct {
	Namespace string `json:"namespaceId"`
	Group     string `json:"groupName"`
	Name      string `json:"serviceName"`
}
