package translate

import (
	"fmt"
	"net"
	"strconv"
	"strings"

	corev3 "github.com/envoyproxy/go-control-plane/envoy/config/core/v3"
	"google.golang.org/protobuf/types/known/structpb"

	"github.com/causeway-dev/causeway/registry/http2rpc"
)

// Roles of an Envoy or gRPC client (node metadata causeway.role).
const (
	RoleSidecar = "sidecar"
	RoleGateway = "gateway"
	// RoleGRPC is a proxyless gRPC client (grpc-go's xDS resolver). It is
	// the default for clients whose user agent is gRPC's.
	RoleGRPC = "grpc"
)

// Node metadata keys (DESIGN.md "Envoy nodes").
const (
	MetaRole            = "causeway.role"
	MetaGatewayID       = "causeway.gateway_id"
	MetaNamespace       = "causeway.namespace"
	MetaApp             = "causeway.app"
	MetaEnvironment     = "causeway.environment"
	MetaService         = "causeway.service"
	MetaOutboundPort    = "causeway.outbound_port"
	MetaOutboundAddress = "causeway.outbound_address"
	MetaHTTPAddress     = "causeway.http_address"
	MetaHTTP2RPCAddress = "causeway.http2rpc_address"
)

// Defaults of a node that says nothing about itself.
const (
	DefaultNamespace       = "public"
	DefaultApp             = "DEFAULT_GROUP"
	DefaultOutboundPort    = 15001
	DefaultOutboundAddress = "127.0.0.1"
)

// Node is what the translator needs to know about a client.
type Node struct {
	ID              string
	Role            string
	GatewayID       string
	Namespace       string
	App             string
	Environment     string
	Service         string
	OutboundPort    uint32
	OutboundAddress string
	// HTTPAddress is where the client reaches Causeway's HTTP port
	// (host:port), to fetch plugin modules.
	HTTPAddress string
	// HTTP2RPCAddress is where the client reaches Causeway's HTTP to Dubbo
	// bridge (host:port).
	HTTP2RPCAddress string
	// HTTP2RPCSeal signs the bridge routes of a gateway (the server's;
	// never from the node's metadata).
	HTTP2RPCSeal http2rpc.Seal
}

// NodeDefaults are the server's defaults for what a node may say about
// itself.
type NodeDefaults struct {
	// HTTPAddress is Causeway's HTTP address as clients reach it.
	HTTPAddress string
	// HTTP2RPCAddress is the bridge's address as clients reach it.
	HTTP2RPCAddress string
	// HTTP2RPCSeal signs bridge routes (empty: unsigned, as in golden files).
	HTTP2RPCSeal http2rpc.Seal
}

// Default addresses of Causeway's HTTP port and bridge on the client's own
// host.
const (
	DefaultHTTPAddress     = "127.0.0.1:8848"
	DefaultHTTP2RPCAddress = "127.0.0.1:8849"
)

// NodeFromProto reads a client's node metadata, applying the defaults. A
// value that cannot be used (an unknown role, a bad port or address) is an
// error: such a client gets nothing rather than a guess.
func NodeFromProto(n *corev3.Node) (Node, error) { return ParseNode(n, NodeDefaults{}) }

// ParseNode is NodeFromProto with the server's defaults.
func ParseNode(n *corev3.Node, d NodeDefaults) (Node, error) {
	if d.HTTPAddress == "" {
		d.HTTPAddress = DefaultHTTPAddress
	}
	if d.HTTP2RPCAddress == "" {
		d.HTTP2RPCAddress = DefaultHTTP2RPCAddress
	}
	md := n.GetMetadata().GetFields()
	str := func(key, def string) string {
		if v, ok := md[key]; ok {
			if s := scalar(v); s != "" {
				return s
			}
		}
		return def
	}
	defaultRole := RoleSidecar
	if strings.HasPrefix(n.GetUserAgentName(), "gRPC") {
		defaultRole = RoleGRPC
	}
	node := Node{
		ID: n.GetId(), Role: str(MetaRole, defaultRole), GatewayID: str(MetaGatewayID, ""),
		Namespace: str(MetaNamespace, DefaultNamespace), App: str(MetaApp, DefaultApp),
		Environment: str(MetaEnvironment, ""), Service: str(MetaService, ""),
		OutboundAddress: str(MetaOutboundAddress, DefaultOutboundAddress),
		HTTPAddress:     str(MetaHTTPAddress, d.HTTPAddress),
		HTTP2RPCAddress: str(MetaHTTP2RPCAddress, d.HTTP2RPCAddress),
		HTTP2RPCSeal:    d.HTTP2RPCSeal,
	}
	switch node.Role {
	case RoleSidecar, RoleGateway, RoleGRPC:
	default:
		return node, fmt.Errorf("node %s: unknown %s %q (want sidecar, gateway or grpc)", node.ID, MetaRole, node.Role)
	}
	port, err := strconv.ParseUint(str(MetaOutboundPort, strconv.Itoa(DefaultOutboundPort)), 10, 16)
	if err != nil || port == 0 {
		return node, fmt.Errorf("node %s: bad %s %q", node.ID, MetaOutboundPort, str(MetaOutboundPort, ""))
	}
	node.OutboundPort = uint32(port)
	if net.ParseIP(node.OutboundAddress) == nil {
		return node, fmt.Errorf("node %s: bad %s %q", node.ID, MetaOutboundAddress, node.OutboundAddress)
	}
	for key, addr := range map[string]string{MetaHTTPAddress: node.HTTPAddress, MetaHTTP2RPCAddress: node.HTTP2RPCAddress} {
		if _, _, err := splitHostPort(addr); err != nil {
			return node, fmt.Errorf("node %s: bad %s %q: %w", node.ID, key, addr, err)
		}
	}
	return node, nil
}

// scalar answers a metadata value as text; Envoy bootstraps often carry
// numbers as numbers.
func scalar(v *structpb.Value) string {
	switch k := v.GetKind().(type) {
	case *structpb.Value_StringValue:
		return k.StringValue
	case *structpb.Value_NumberValue:
		return strconv.FormatFloat(k.NumberValue, 'f', -1, 64)
	case *structpb.Value_BoolValue:
		return strconv.FormatBool(k.BoolValue)
	}
	return ""
}

// splitHostPort answers the host and port of a host:port with a port in
// 1-65535.
func splitHostPort(addr string) (string, uint32, error) {
	host, p, err := net.SplitHostPort(addr)
	if err != nil {
		return "", 0, err
	}
	port, err := strconv.ParseUint(p, 10, 16)
	if err != nil || port == 0 || host == "" {
		return "", 0, fmt.Errorf("want host:port")
	}
	return host, uint32(port), nil
}
