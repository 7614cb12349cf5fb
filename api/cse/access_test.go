package cse

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/causeway-dev/causeway/api/httpx"
	"github.com/causeway-dev/causeway/registry/auth"
	"github.com/causeway-dev/causeway/registry/auth/authtest"
	"github.com/causeway-dev/causeway/registry/gateway"
	"github.com/causeway-dev/causeway/registry/governance"
	"github.com/causeway-dev/causeway/registry/http2rpc"
	"github.com/causeway-dev/causeway/registry/plugin"
	"github.com/causeway-dev/causeway/registry/store/badger"
)

// fullDialect is the dialect with every family, over a fresh store, and
// the user service of that store.
func fullDialect(t *testing.T) (httpx.Dialect, *auth.Service) {
	t.Helper()
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	st, err := badger.Open(badger.Options{InMemory: true, Logger: log})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = st.Close() })
	ctx := context.Background()
	gw, err := gateway.New(ctx, st, gateway.Options{Logger: log, Services: fakeServices{}})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(gw.Close)
	gov, err := governance.New(ctx, st, governance.Options{Logger: log})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(gov.Close)
	plugins, err := plugin.New(ctx, st, gw, plugin.Options{Logger: log})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(plugins.Close)
	h2r, err := http2rpc.New(ctx, st, gw, http2rpc.Options{Logger: log})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(h2r.Close)
	users := auth.New(st, auth.Options{Logger: log, PasswordCost: 4})
	if _, err := users.Bootstrap(ctx, "secret-pass-1"); err != nil {
		t.Fatal(err)
	}
	return Dialect(gw, Options{Logger: log, Governance: gov, Plugins: plugins, HTTP2RPC: h2r}), users
}

func TestEveryRouteDeclaresAccess(t *testing.T) {
	d, _ := fullDialect(t)
	for _, rt := range d.Routes {
		want := auth.TypeGateway
		if strings.HasPrefix(rt.Pattern[strings.Index(rt.Pattern, " ")+1:], "/v3/") {
			want = auth.TypeGovernance
		}
		if rt.Public || rt.Access == nil || rt.Access.Type != want || rt.Access.Scope == nil {
			t.Errorf("%s: access %+v, want a %s scope", rt.Pattern, rt.Access, want)
		}
	}
}

func TestPermissionsPerRoute(t *testing.T) {
	d, users := fullDialect(t)
	mux := http.NewServeMux()
	httpx.Mount(mux, httpx.NewTokenAuth(users), d)
	tokens := map[string]string{}
	for name, grants := range map[string][]authtest.Grant{
		"gw1-rw":   {{Resource: "dev:*:gateway/gw1", Action: auth.ReadWrite}},
		"gw-ro":    {{Resource: "dev:*:gateway/*", Action: auth.Read}},
		"gov-rw":   {{Resource: "dev:*:governance/*", Action: auth.ReadWrite}},
		"shop-gov": {{Resource: "dev:shop:governance/*", Action: auth.ReadWrite}},
		"naming":   {{Resource: "dev:*:naming/*", Action: auth.ReadWrite}},
	} {
		tokens[name] = authtest.User(t, users, name, grants...)
	}
	const gw, gov = "/v2/dev/enginemgr/gateways", "/v3/dev/govern"
	const ok = -1 // any answer but a refused permission
	cases := []struct {
		user, method, path, body string
		want                     int
	}{
		{"gw1-rw", "PUT", gw + "/gw1", gwBody, 200},
		{"gw1-rw", "GET", gw + "/gw1", "", 200},
		{"gw1-rw", "GET", gw + "/gw1/plugins", "", 200},
		{"gw1-rw", "GET", gw + "/gw1/http2Rpcs", "", 200},
		{"gw1-rw", "GET", gw + "/gw1/routes", "", 200},
		{"gw1-rw", "DELETE", gw + "/gw1/plugins/p1", "", ok},
		{"gw1-rw", "POST", gw + "/gw1/http2Rpcs", `{}`, ok},
		{"gw1-rw", "PUT", gw + "/gw2", gwBody, 403},
		{"gw1-rw", "GET", gw + "/gw2/routes", "", 403},
		{"gw1-rw", "PUT", "/v2/default/enginemgr/gateways/gw1", gwBody, 403},
		{"gw-ro", "GET", gw + "/gw1", "", 200},
		{"gw-ro", "GET", gw, "", 200},
		{"gw1-rw", "GET", gw, "", 403},
		{"naming", "GET", gw, "", 403},
		{"gw-ro", "GET", gw + "/gw1/routes/r1", "", ok},
		{"gw-ro", "PUT", gw + "/gw1", gwBody, 403},
		{"gw-ro", "POST", gw + "/gw1/plugins", `{}`, 403},
		{"gw-ro", "PUT", gw + "/gw1/http2Rpcs/h1", `{}`, 403},
		{"gw-ro", "DELETE", gw + "/gw1/routes/r1", "", 403},
		{"gov-rw", "POST", gov + "/governance/retry", retryBody, 200},
		{"gov-rw", "GET", gov + "/governance/display?environment=all", "", 200},
		{"gov-rw", "GET", gov + "/governance/retry", "", 200},
		{"gov-rw", "PUT", gov + "/route-rule/microservices/orders?app_id=shop", rulesBody, ok},
		{"gov-rw", "POST", "/v3/default/govern/governance/retry", retryBody, 403},
		{"gov-rw", "PUT", gw + "/gw1", gwBody, 403},
		// One app's governance: its listings and route rules, not what
		// names no app (creating: the app is in the body).
		{"shop-gov", "GET", gov + "/governance/retry?app=shop", "", 200},
		{"shop-gov", "GET", gov + "/governance/display?environment=all&app=shop", "", 200},
		{"shop-gov", "GET", gov + "/route-rule/microservices/orders?app_id=shop", "", ok},
		{"shop-gov", "GET", gov + "/governance/retry?app=other", "", 403},
		{"shop-gov", "GET", gov + "/governance/retry", "", 403},
		{"shop-gov", "POST", gov + "/governance/retry", retryBody, 403},
		{"shop-gov", "GET", gov + "/governance/retry/some-id", "", 403},
		{"shop-gov", "PUT", gov + "/route-rule/microservices/orders", rulesBody, 403},
		{"naming", "GET", gw + "/gw1", "", 403},
		{"naming", "GET", gov + "/governance/display?environment=all", "", 403},
	}
	for _, c := range cases {
		req := httptest.NewRequest(c.method, c.path, strings.NewReader(c.body))
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("X-Auth-Token", tokens[c.user])
		rec := httptest.NewRecorder()
		mux.ServeHTTP(rec, req)
		var got map[string]any
		_ = json.Unmarshal(rec.Body.Bytes(), &got)
		refused := rec.Code == 403 && got["error_code"] == "403001" && got["error_msg"] == "ErrForbidden" &&
			got["detail"] == "authorization failed!" && len(got) == 3
		switch {
		case c.want == 403 && !refused:
			t.Errorf("%s %s %s: %d %s, want CSE's 403001", c.user, c.method, c.path, rec.Code, rec.Body)
		case c.want == ok && (rec.Code == 403 || rec.Code == 401):
			t.Errorf("%s %s %s: %d %s, want it allowed", c.user, c.method, c.path, rec.Code, rec.Body)
		case c.want != 403 && c.want != ok && rec.Code != c.want:
			t.Errorf("%s %s %s: %d %s, want %d", c.user, c.method, c.path, rec.Code, rec.Body, c.want)
		}
	}
}
