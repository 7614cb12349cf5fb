package http2rpc

import (
	"encoding/json"

	"github.com/causeway-dev/causeway/registry/gateway"
)

// Mapping is one http2rpc resource of a gateway (seed 004 table 7-26) plus
// its id. Values handed out by the Registry are shared: never modify them.
type Mapping struct {
	ID           string          `json:"id"`
	GatewayID    string          `json:"gatewayId"`
	PluginConfig json.RawMessage `json:"pluginConfig"`
	Name         string          `json:"name"`
	// RouteName names the gateway route whose requests are mapped.
	RouteName string `json:"routeName"`
	// RouteDestinationName is the registry service holding the providers;
	// by default Dubbo's registry naming providers:{interface}:{version}:{group}.
	RouteDestinationName string `json:"routeDestinationName"`
	Dubbo                Dubbo  `json:"dubbo"`

	Gateway  gateway.Key `json:"-"`
	Revision int64       `json:"-"`
	Created  int64       `json:"-"`
}

// Dubbo is the called service.
type Dubbo struct {
	Service string   `json:"service"`
	Version string   `json:"version"`
	Group   string   `json:"group"`
	Methods []Method `json:"methods"`
}

// Method maps HTTP methods on a path template to one Dubbo method.
type Method struct {
	ServiceMethod string `json:"serviceMethod"`
	// HeadersAttach: "" sends no request headers as attachments, "*" all,
	// else a comma-separated list of header names.
	HeadersAttach string   `json:"headersAttach"`
	HTTPMethods   []string `json:"httpMethods"`
	HTTPPath      string   `json:"httpPath"`
	Params        []Param  `json:"params"`
	// ParamFromEntireBody binds the whole JSON body to one parameter, the
	// last of the call.
	ParamFromEntireBody *EntireBody `json:"paramFromEntireBody,omitempty"`
}

// Param is one parameter of the call, in call order.
type Param struct {
	ParamKey    string `json:"paramKey"`
	ParamSource string `json:"paramSource"`
	ParamType   string `json:"paramType"`
}

// EntireBody names the Java type the whole body converts to.
type EntireBody struct {
	ParamType string `json:"paramType"`
}

// Parameter sources.
const (
	SourceQuery  = "QUERY"
	SourceHeader = "HEADER"
	SourcePath   = "PATH"
	SourceBody   = "BODY"
)

// DefaultDestination is Dubbo's registry name of an interface's providers.
func DefaultDestination(d *Dubbo) string {
	return "providers:" + d.Service + ":" + d.Version + ":" + d.Group
}
