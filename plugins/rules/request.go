package rules

import (
	"errors"

	"github.com/proxy-wasm/proxy-wasm-go-sdk/proxywasm"
	"github.com/proxy-wasm/proxy-wasm-go-sdk/proxywasm/types"

	"github.com/causeway-dev/causeway/plugins/internal/conf"
)

// Load reads the pluginConfig from the host and parses it; call it in
// OnPluginStart, which must fail when it answers an error.
func Load[T any](parse func(*conf.Object) (T, error)) (*Set[T], error) {
	raw, err := proxywasm.GetPluginConfiguration()
	// Envoy answers "not found" for an empty configuration.
	if err != nil && !errors.Is(err, types.ErrorStatusNotFound) {
		return nil, err
	}
	return Parse(raw, parse)
}

// routeProperties are where hosts keep the Envoy route name, tried in
// order. Envoy 1.40 answers "not found" for the top-level route_name to
// filters that run before the router, which is where plugins run;
// xds.route_name is the route the connection manager picked, known from
// the first filter on. route_name stays as a fallback for other hosts.
var routeProperties = [][]string{{"xds", "route_name"}, {"route_name"}}

// Request answers the Envoy route name and the :authority of the current
// request; either is empty when the host does not know it. Call it in
// OnHttpRequestHeaders, where both are available.
func Request() (routeName, host string) {
	for _, p := range routeProperties {
		if b, err := proxywasm.GetProperty(p); err == nil && len(b) > 0 {
			routeName = string(b)
			break
		}
	}
	if a, err := proxywasm.GetHttpRequestHeader(":authority"); err == nil {
		host = a
	}
	return routeName, host
}

// ForRequest answers the configuration for the current request, as For
// does with what Request reads.
func (s *Set[T]) ForRequest() (T, bool) {
	return s.For(Request())
}
