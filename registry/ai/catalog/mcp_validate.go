package catalog

import (
	"regexp"
	"strconv"
	"strings"

	"github.com/causeway-dev/causeway/registry"
	"github.com/causeway-dev/causeway/registry/naming"
)

// MaxMCPBytes bounds one stored MCP server version (its spec, tools and
// endpoint in JSON), well inside the store's 1 MiB value.
const MaxMCPBytes = 512 << 10

var uuidPattern = regexp.MustCompile(`^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$`)

// normalize validates in and answers the version it stores (without its
// id) and the version's name.
func (in *MCPInput) normalize() (*MCPServer, error) {
	if in.Server == nil {
		return nil, registry.Missing("serverSpecification")
	}
	s := *in.Server
	if s.Name == "" {
		s.Name = in.Name
	}
	if err := validName("mcpName", s.Name, MaxNameLen); err != nil {
		return nil, err
	}
	if strings.TrimSpace(in.version) == "" {
		return nil, registry.FieldErrorf(registry.KindInvalid, "version", "Version must be specified in parameter `serverSpecification`")
	}
	if err := validName("version", in.version, MaxVersionLen); err != nil {
		return nil, err
	}
	s.Version = in.version
	if s.ID != "" && !uuidPattern.MatchString(s.ID) {
		return nil, registry.FieldErrorf(registry.KindInvalid, "id",
			"parameter `serverSpecification.id` is not match uuid pattern,  must obey uuid pattern")
	}
	if err := validProtocol(s.Protocol); err != nil {
		return nil, err
	}
	if s.Status == "" {
		s.Status = "active"
	}
	if s.Status != "active" && s.Status != "deprecated" {
		return nil, registry.FieldErrorf(registry.KindInvalid, "status", "status must be `active` or `deprecated`, not %q", s.Status)
	}
	if err := validTools(in.Tools); err != nil {
		return nil, err
	}
	s.Tools = in.Tools
	if s.Protocol == ProtocolStdio {
		// A local server has no endpoint; Nacos ignores one given.
		s.RemoteServerConfig = nil
		return sized(&s)
	}
	if in.Endpoint == nil {
		return nil, registry.FieldErrorf(registry.KindMissing, "endpointSpecification",
			"request parameter `endpointSpecification` is required if mcp server type not `local`.")
	}
	ep, err := validEndpoint(in.Endpoint)
	if err != nil {
		return nil, err
	}
	s.Endpoint = ep
	s.LocalServerConfig = nil
	return sized(&s)
}

// sized answers s when it fits MaxMCPBytes.
func sized(s *MCPServer) (*MCPServer, error) {
	if len(mustJSON(s)) > MaxMCPBytes {
		return nil, registry.Errorf(registry.KindInvalid, "the MCP server version exceeds %d bytes", MaxMCPBytes)
	}
	return s, nil
}

func validProtocol(p string) error {
	switch p {
	case ProtocolStdio, ProtocolSSE, ProtocolStreamable, ProtocolHTTP, ProtocolDubbo:
		return nil
	case "":
		return registry.FieldErrorf(registry.KindInvalid, "protocol", "the protocol of `serverSpecification` is required")
	}
	return registry.FieldErrorf(registry.KindInvalid, "protocol",
		"protocol %q is not one of stdio, mcp-sse, mcp-streamable, http, dubbo", p)
}

// validTools checks that every tool has a name, and no name twice.
func validTools(t *ToolSpec) error {
	if t == nil {
		return nil
	}
	seen := map[string]bool{}
	for i, tool := range t.Tools {
		if strings.TrimSpace(tool.Name) == "" {
			return registry.FieldErrorf(registry.KindInvalid, "toolSpecification", "tool %d has no name", i)
		}
		if seen[tool.Name] {
			return registry.FieldErrorf(registry.KindInvalid, "toolSpecification", "tool %q is defined twice", tool.Name)
		}
		seen[tool.Name] = true
	}
	return nil
}

// validEndpoint checks an endpoint spec and answers it with only the
// data its type reads.
func validEndpoint(e *EndpointSpec) (*EndpointSpec, error) {
	d := e.Data
	out := &EndpointSpec{Type: strings.ToUpper(e.Type), Data: map[string]string{}}
	if t := d["transportProtocol"]; t != "" {
		if t != "http" && t != "https" {
			return nil, registry.FieldErrorf(registry.KindInvalid, "endpointSpecification", "transportProtocol must be http or https, not %q", t)
		}
		out.Data["transportProtocol"] = t
	}
	switch out.Type {
	case EndpointDirect:
		if d["address"] == "" || d["port"] == "" {
			return nil, registry.FieldErrorf(registry.KindMissing, "endpointSpecification",
				"`address` and `port` should be in endpointSpecification data if type is `DIRECT`")
		}
		if strings.ContainsAny(d["address"], "/ :@") && !strings.HasPrefix(d["address"], "[") {
			return nil, registry.FieldErrorf(registry.KindInvalid, "endpointSpecification", "address %q is not a host", d["address"])
		}
		if p, err := strconv.Atoi(d["port"]); err != nil || p < 1 || p > 65535 {
			return nil, registry.FieldErrorf(registry.KindInvalid, "endpointSpecification", "port %q is not a port (1-65535)", d["port"])
		}
		out.Data["address"], out.Data["port"] = d["address"], d["port"]
	case EndpointRef:
		if d["namespaceId"] == "" || d["groupName"] == "" || d["serviceName"] == "" {
			return nil, registry.FieldErrorf(registry.KindMissing, "endpointSpecification",
				"`namespaceId`, `groupName`, `serviceName` should be in remoteServerConfig data if type is `REF`")
		}
		for _, err := range []error{naming.ValidateNamespace(d["namespaceId"]), naming.ValidateGroup(d["groupName"]),
			naming.ValidateServiceName(d["serviceName"])} {
			if err != nil {
				return nil, err
			}
		}
		for _, k := range []string{"namespaceId", "groupName", "serviceName"} {
			out.Data[k] = d[k]
		}
	default:
		return nil, registry.FieldErrorf(registry.KindInvalid, "endpointSpecification",
			"endpoint type must be DIRECT or REF, not %q", e.Type)
	}
	return out, nil
}
