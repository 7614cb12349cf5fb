package catalog

import (
	"encoding/json"
	"strings"

	"github.com/causeway-dev/causeway/registry"
)

// MCPInput is a create or update of an MCP server: the three JSON
// documents of Nacos's form, parsed (ParseMCPInput), and the request's
// namespace and mcpName.
type MCPInput struct {
	Namespace string
	Name      string // mcpName: the name when the spec names none
	Server    *MCPServer
	Tools     *ToolSpec
	Endpoint  *EndpointSpec
	// version is the spec's versionDetail.version or version.
	version string
}

// mcpServerWire is McpServerBasicInfo as the SDK sends it.
type mcpServerWire struct {
	MCPServer
	VersionDetail *struct {
		Version string `json:"version"`
	} `json:"versionDetail"`
	Enabled *bool `json:"enabled"`
}

// ParseMCPInput parses serverSpecification (required), toolSpecification
// and endpointSpecification (optional, "" when absent) as Nacos reads
// them: fields it does not know are ignored, a document that is not JSON
// of the right shape is refused with Nacos's message.
func ParseMCPInput(namespace, mcpName, server, tools, endpoint string) (*MCPInput, error) {
	if strings.TrimSpace(server) == "" {
		return nil, registry.FieldErrorf(registry.KindMissing, "serverSpecification",
			"Required parameter 'serverSpecification' type McpServerBasicInfo is not present")
	}
	var w mcpServerWire
	if err := json.Unmarshal([]byte(server), &w); err != nil {
		return nil, unparsable()
	}
	in := &MCPInput{Namespace: namespace, Name: mcpName, Server: &w.MCPServer}
	in.Server.Tools, in.Server.Endpoint = nil, nil // only from their own documents
	in.Server.Enabled = w.Enabled == nil || *w.Enabled
	in.version = w.Version
	if w.VersionDetail != nil && w.VersionDetail.Version != "" {
		in.version = w.VersionDetail.Version
	}
	if strings.TrimSpace(tools) != "" {
		if err := json.Unmarshal([]byte(tools), &in.Tools); err != nil {
			return nil, unparsable()
		}
	}
	if strings.TrimSpace(endpoint) != "" {
		if err := json.Unmarshal([]byte(endpoint), &in.Endpoint); err != nil {
			return nil, unparsable()
		}
	}
	return in, nil
}

func unparsable() error {
	return registry.FieldErrorf(registry.KindInvalid, "serverSpecification",
		"serverSpecification or toolSpecification is invalid. Can't be parsed.")
}
