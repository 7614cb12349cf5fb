package http2rpc

import (
	"context"
	"io"
	"log/slog"
	"testing"

	"github.com/causeway-dev/causeway/registry/gateway"
	"github.com/causeway-dev/causeway/registry/store/enginetest"
)

var (
	ctx   = context.Background()
	gwKey = gateway.Key{Project: "default", ID: "gw1"}
)

func quiet() *slog.Logger { return slog.New(slog.NewTextHandler(io.Discard, nil)) }

// newTestRegistry answers a Registry over a real gateway registry whose
// gateway gw1 has the routes "users" and "orders".
func newTestRegistry(t *testing.T) *Registry {
	t.Helper()
	st := enginetest.Open(t, quiet())
	gws, err := gateway.New(ctx, st, gateway.Options{Logger: quiet()})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := gws.PutGateway(ctx, gateway.Gateway{Project: "default", ID: "gw1",
		Listeners: []gateway.Listener{{Name: "http", Port: 8080, Protocol: "HTTP"}}}); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"users", "orders"} {
		rt := gateway.Route{Name: name, Domains: []string{"*"},
			Match:       gateway.Match{Path: gateway.PathMatch{Type: gateway.PathPrefix, Value: "/" + name}},
			Destination: gateway.Destination{Service: name}}
		if _, err := gws.CreateRoute(ctx, gwKey, rt); err != nil {
			t.Fatal(err)
		}
	}
	r, err := New(ctx, st, gws, Options{Logger: quiet()})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { r.Close(); gws.Close(); _ = st.Close() })
	return r
}

// mapping answers a sound mapping of route with one method per path.
func mapping(route string, paths ...string) Mapping {
	m := Mapping{RouteName: route, Dubbo: Dubbo{Service: "com.example.UserService", Version: "1.0.0"}}
	for _, p := range paths {
		dm := Method{ServiceMethod: "get", HTTPMethods: []string{"GET"}, HTTPPath: p}
		if t, err := ParseTemplate(p); err == nil {
			for _, v := range t.Vars() {
				dm.Params = append(dm.Params, Param{ParamKey: v, ParamSource: SourcePath, ParamType: "java.lang.Integer"})
			}
		}
		m.Dubbo.Methods = append(m.Dubbo.Methods, dm)
	}
	return m
}
