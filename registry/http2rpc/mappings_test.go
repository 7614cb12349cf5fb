package http2rpc

import (
	"strings"
	"testing"

	"github.com/causeway-dev/causeway/registry"
)

func TestMappingLifecycle(t *testing.T) {
	r := newTestRegistry(t)
	l := r.Listen()
	defer l.Close()
	m, err := r.Create(ctx, gwKey, mapping("users", "/users/{id}"))
	if err != nil {
		t.Fatal(err)
	}
	if m.ID == "" || m.Name != "users" || m.GatewayID != "gw1" || string(m.PluginConfig) != "{}" ||
		m.RouteDestinationName != "providers:com.example.UserService:1.0.0:" {
		t.Fatalf("defaults: %+v", m)
	}
	<-l.Wake()
	if got := l.Drain(); len(got) != 1 || got[0] != gwKey {
		t.Fatalf("feed: %v", got)
	}
	// A second mapping on the gateway leaves the first alone.
	second, err := r.Create(ctx, gwKey, mapping("orders", "/orders/{id}"))
	if err != nil {
		t.Fatal(err)
	}
	if ms := r.Mappings(gwKey); len(ms) != 2 || ms[0].ID != m.ID || ms[1].ID != second.ID {
		t.Fatalf("mappings: %+v", ms)
	}
	upd := mapping("users", "/users/{id}", "/users")
	upd.Name = "users-v2"
	got, err := r.Update(ctx, gwKey, m.ID, upd)
	if err != nil || got.Name != "users-v2" || len(got.Dubbo.Methods) != 2 || got.Created != m.Created {
		t.Fatalf("update: %+v %v", got, err)
	}
	if err := r.Delete(ctx, gwKey, m.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := r.Get(gwKey, m.ID); registry.KindOf(err) != registry.KindNotFound {
		t.Fatalf("get after delete: %v", err)
	}
	if err := r.Delete(ctx, gwKey, m.ID); registry.KindOf(err) != registry.KindNotFound {
		t.Fatalf("second delete: %v", err)
	}
	if _, err := r.Update(ctx, gwKey, m.ID, upd); registry.KindOf(err) != registry.KindNotFound {
		t.Fatalf("update of a deleted mapping: %v", err)
	}
}

func TestMappingsRefuseBadInputAndStoreNothing(t *testing.T) {
	r := newTestRegistry(t)
	if _, err := r.Create(ctx, gwKey, mapping("users", "/users/{id}")); err != nil {
		t.Fatal(err)
	}
	with := func(f func(*Mapping)) Mapping {
		m := mapping("orders", "/orders/{id}")
		f(&m)
		return m
	}
	param := func(src, typ string) func(*Mapping) {
		return func(m *Mapping) {
			m.Dubbo.Methods[0].Params = append(m.Dubbo.Methods[0].Params, Param{ParamKey: "q", ParamSource: src, ParamType: typ})
		}
	}
	cases := map[string]Mapping{
		"unknown route":          with(func(m *Mapping) { m.RouteName = "nope" }),
		"no route":               with(func(m *Mapping) { m.RouteName = "" }),
		"other gateway id":       with(func(m *Mapping) { m.GatewayID = "gw2" }),
		"no service":             with(func(m *Mapping) { m.Dubbo.Service = "" }),
		"bad service":            with(func(m *Mapping) { m.Dubbo.Service = "com.example..X" }),
		"colon in version":       with(func(m *Mapping) { m.Dubbo.Version = "1:0" }),
		"no methods":             with(func(m *Mapping) { m.Dubbo.Methods = nil }),
		"bad method name":        with(func(m *Mapping) { m.Dubbo.Methods[0].ServiceMethod = "get-user" }),
		"no http methods":        with(func(m *Mapping) { m.Dubbo.Methods[0].HTTPMethods = nil }),
		"bad http method":        with(func(m *Mapping) { m.Dubbo.Methods[0].HTTPMethods = []string{"FETCH"} }),
		"relative path":          with(func(m *Mapping) { m.Dubbo.Methods[0].HTTPPath = "orders" }),
		"half a variable":        with(func(m *Mapping) { m.Dubbo.Methods[0].HTTPPath = "/orders/{id" }),
		"variable in a segment":  with(func(m *Mapping) { m.Dubbo.Methods[0].HTTPPath = "/orders/x{id}" }),
		"unbound variable":       with(func(m *Mapping) { m.Dubbo.Methods[0].Params = nil }),
		"PATH param not in path": with(param("PATH", "int")),
		"bad source":             with(param("COOKIE", "int")),
		"unknown type":           with(param("QUERY", "Strin")),
		"bad generic":            with(param("QUERY", "java.util.List<int")),
		"no param key": with(func(m *Mapping) {
			m.Dubbo.Methods[0].Params = append(m.Dubbo.Methods[0].Params, Param{ParamSource: "QUERY", ParamType: "int"})
		}),
		"bad headersAttach": with(func(m *Mapping) { m.Dubbo.Methods[0].HeadersAttach = "a b" }),
		"body and whole body": with(func(m *Mapping) {
			param("BODY", "int")(m)
			m.Dubbo.Methods[0].ParamFromEntireBody = &EntireBody{ParamType: "com.example.User"}
		}),
		"bad whole-body type": with(func(m *Mapping) { m.Dubbo.Methods[0].ParamFromEntireBody = &EntireBody{ParamType: "??"} }),
		"plugin config array": with(func(m *Mapping) { m.PluginConfig = []byte(`[1]`) }),
		"outside the route":   with(func(m *Mapping) { m.Dubbo.Methods[0].HTTPPath = "/users/{id}" }),
		"twice in itself": with(func(m *Mapping) {
			m.Dubbo.Methods = append(m.Dubbo.Methods, m.Dubbo.Methods[0])
		}),
		"taken by another mapping": with(func(m *Mapping) {
			m.RouteName = "users"
			m.Dubbo.Methods[0].HTTPPath = "/users/{uid}"
			m.Dubbo.Methods[0].Params[0].ParamKey = "uid"
		}),
	}
	for name, m := range cases {
		_, err := r.Create(ctx, gwKey, m)
		if registry.KindOf(err) != registry.KindInvalid {
			t.Errorf("%s: %v", name, err)
		}
	}
	_, err := r.Create(ctx, gwKey, cases["taken by another mapping"])
	if err == nil || !strings.Contains(err.Error(), "already mapped") {
		t.Fatalf("a taken method and path: %v", err)
	}
	if ms := r.Mappings(gwKey); len(ms) != 1 {
		t.Fatalf("refused mappings stored: %d", len(ms))
	}
	// The same path under another HTTP method is another claim.
	ok := mapping("users", "/users/{id}")
	ok.Dubbo.Methods[0].HTTPMethods = []string{"post"}
	if got, err := r.Create(ctx, gwKey, ok); err != nil || got.Dubbo.Methods[0].HTTPMethods[0] != "POST" {
		t.Fatalf("POST on a GET path: %+v %v", got, err)
	}
}

func TestTemplates(t *testing.T) {
	tp, err := ParseTemplate("/users/{id}/orders/{oid}")
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(tp.Vars(), ","); got != "id,oid" || tp.Shape() != "/users/{}/orders/{}" ||
		tp.Regex() != "/users/[^/]+/orders/[^/]+" {
		t.Fatalf("vars %s shape %s regex %s", got, tp.Shape(), tp.Regex())
	}
	vars, ok := tp.Match("/users/7/orders/a%20b")
	if !ok || vars["id"] != "7" || vars["oid"] != "a%20b" {
		t.Fatalf("match: %v %v", vars, ok)
	}
	for _, p := range []string{"/users/7/orders", "/users//orders/1", "/users/7/orders/1/x", "users/7/orders/1"} {
		if _, ok := tp.Match(p); ok {
			t.Errorf("%s matched", p)
		}
	}
	for _, bad := range []string{"", "x", "/{a}/{a}", "/{}", "/{1a}", "/a?b", "/" + strings.Repeat("a", 1024)} {
		if _, err := ParseTemplate(bad); err == nil {
			t.Errorf("%q parsed", bad)
		}
	}
}

// FuzzParseTemplate: no path panics the parser; a parsed template matches
// the path built from its own shape.
func FuzzParseTemplate(f *testing.F) {
	for _, s := range []string{"/a/{b}", "/", "/{x}/{y}/z", "/a//b", "/{a"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		tp, err := ParseTemplate(s)
		if err != nil {
			return
		}
		path := strings.ReplaceAll(tp.Shape(), "{}", "v")
		if _, ok := tp.Match(path); !ok && !strings.Contains(tp.Shape(), "//") {
			t.Fatalf("%q does not match its own shape %q", s, path)
		}
	})
}
