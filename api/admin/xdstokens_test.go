package admin

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/causeway-dev/causeway/api/httpx"
	"github.com/causeway-dev/causeway/registry/auth"
	"github.com/causeway-dev/causeway/registry/auth/authtest"
	"github.com/causeway-dev/causeway/registry/store/badger"
)

// as authenticates every request as one fixed identity.
type as httpx.Identity

func (a as) Authenticate(*http.Request) (*httpx.Identity, error) {
	id := httpx.Identity(a)
	return &id, nil
}

func authService(t *testing.T) *auth.Service {
	t.Helper()
	st, err := badger.Open(badger.Options{InMemory: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = st.Close() })
	svc := auth.New(st, auth.Options{PasswordCost: 4})
	if _, err := svc.Bootstrap(context.Background(), "s3cret-pass"); err != nil {
		t.Fatal(err)
	}
	return svc
}

// withGrants creates a user whose one role has read on each resource and
// answers the identity its token would give.
func withGrants(t *testing.T, svc *auth.Service, user string, resources ...string) as {
	t.Helper()
	grants := make([]authtest.Grant, 0, len(resources))
	for _, res := range resources {
		grants = append(grants, authtest.Grant{Resource: res, Action: auth.Read})
	}
	if err := authtest.Setup(context.Background(), svc, user, grants...); err != nil {
		t.Fatal(err)
	}
	return as{Username: user, Roles: []string{"role-" + user}}
}

func mint(t *testing.T, authn httpx.Authenticator, svc *auth.Service, body string) (int, string) {
	t.Helper()
	mux := http.NewServeMux()
	httpx.Mount(mux, authn, WithXDSTokens(Dialect(fakeXDS{}, prometheus.NewRegistry()), svc))
	rec := httptest.NewRecorder()
	mux.ServeHTTP(rec, httptest.NewRequest(http.MethodPost, "/causeway/v1/xds/tokens", strings.NewReader(body)))
	return rec.Code, rec.Body.String()
}

func TestMintXDSToken(t *testing.T) {
	svc := authService(t)
	admin := as{Username: "nacos", GlobalAdmin: true}
	sidecars := withGrants(t, svc, "sidecars", "dev:*:naming/*")
	gw1 := withGrants(t, svc, "gw1-ops", "dev:*:gateway/gw1")
	cases := []struct {
		name   string
		authn  httpx.Authenticator
		body   string
		status int
		want   string
	}{
		{"gateway", admin, `{"role":"gateway","gatewayId":"gw1","ttl":3600}`, 200, `"gatewayId":"gw1","namespace":"public"`},
		{"sidecar, duration ttl", admin, `{"role":"sidecar","namespace":"dev","ttl":"2h"}`, 200, `"namespace":"dev"`},
		{"grpc, default ttl", admin, `{"role":"grpc"}`, 200, `"role":"grpc"`},
		{"no token", denyAll{}, `{"role":"grpc"}`, 401, "token invalid!"},
		{"not an admin", as{Username: "dev"}, `{"role":"grpc"}`, 403, "authorization failed!"},
		{"auth off", nil, `{"role":"grpc"}`, 403, "only when auth is on"},
		{"sidecar of a namespace it reads", sidecars, `{"role":"sidecar","namespace":"dev"}`, 200, `"namespace":"dev"`},
		{"grpc of a namespace it reads", sidecars, `{"role":"grpc","namespace":"dev"}`, 200, `"namespace":"dev"`},
		{"sidecar of another namespace", sidecars, `{"role":"sidecar"}`, 403, "authorization failed!"},
		{"gateway, namespace reader", sidecars, `{"role":"gateway","gatewayId":"gw1","namespace":"dev"}`, 403, "authorization failed!"},
		{"its gateway", gw1, `{"role":"gateway","gatewayId":"gw1","namespace":"dev"}`, 200, `"gatewayId":"gw1"`},
		{"another gateway", gw1, `{"role":"gateway","gatewayId":"gw2","namespace":"dev"}`, 403, "authorization failed!"},
		{"its gateway's sidecars", gw1, `{"role":"sidecar","namespace":"dev"}`, 403, "authorization failed!"},
		{"bad role before permissions", sidecars, `{"role":"root"}`, 400, "want gateway, sidecar or grpc"},
		{"bad role", admin, `{"role":"root"}`, 400, "want gateway, sidecar or grpc"},
		{"gateway without id", admin, `{"role":"gateway"}`, 400, "needs a gatewayId"},
		{"zero ttl", admin, `{"role":"grpc","ttl":0}`, 400, "positive"},
		{"huge ttl", admin, `{"role":"grpc","ttl":99999999999999}`, 400, "ttl"},
		{"bad ttl", admin, `{"role":"grpc","ttl":"soon"}`, 400, "ttl"},
		{"not json", admin, `role=grpc`, 400, `"error_code":"CW.400"`},
		{"too large", admin, `{"role":"grpc","namespace":"` + strings.Repeat("x", 5000) + `"}`, 400, "CW.400"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			status, body := mint(t, tc.authn, svc, tc.body)
			if status != tc.status || !strings.Contains(body, tc.want) {
				t.Fatalf("%d %s, want %d containing %q", status, body, tc.status, tc.want)
			}
			if status != 200 {
				return
			}
			var ans struct{ Token string }
			if err := json.Unmarshal([]byte(body), &ans); err != nil {
				t.Fatal(err)
			}
			if _, err := svc.VerifyXDS(ans.Token); err != nil {
				t.Fatalf("minted token does not verify: %v", err)
			}
		})
	}
}
