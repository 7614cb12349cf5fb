package main

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	corev3 "github.com/envoyproxy/go-control-plane/envoy/config/core/v3"
	discovery "github.com/envoyproxy/go-control-plane/envoy/service/discovery/v3"
	resourcev3 "github.com/envoyproxy/go-control-plane/pkg/resource/v3"
	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/credentials/insecure"
	"google.golang.org/grpc/metadata"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/types/known/structpb"

	"github.com/causeway-dev/causeway/registry/store/badger"
)

// authApp is the wired server with auth on and its admin's login token.
func authApp(t *testing.T) (*app, string) {
	t.Helper()
	st, err := badger.Open(badger.Options{InMemory: true})
	if err != nil {
		t.Fatal(err)
	}
	cfg := defaults()
	cfg.AdminPassword = "xds-auth-test-1"
	a, err := wire(context.Background(), cfg, st, slog.New(slog.NewTextHandler(io.Discard, nil)), io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { a.close(); _ = st.Close() })
	code, body := send(a.handler, http.MethodPost, "/nacos/v1/auth/login", url.Values{"username": {"nacos"}, "password": {cfg.AdminPassword}}, true)
	var login struct{ AccessToken string }
	if code != 200 || json.Unmarshal([]byte(body), &login) != nil {
		t.Fatalf("login: %d %s", code, body)
	}
	return a, login.AccessToken
}

// mintXDS mints an xDS token through the admin route with bearer.
func mintXDS(t *testing.T, h http.Handler, bearer, body string) (int, string) {
	t.Helper()
	req := httptest.NewRequest(http.MethodPost, "/causeway/v1/xds/tokens", strings.NewReader(body))
	req.Header.Set("Authorization", "Bearer "+bearer)
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec.Code, rec.Body.String()
}

// With auth on (the default) the wired xDS port refuses a stream without a
// token and serves one with a minted token; login tokens mint, xDS tokens
// do not log in, and the admin views show no token.
func TestWiredXDSNeedsMintedToken(t *testing.T) {
	a, login := authApp(t)
	gs := serveXDS(t, a)
	code, body := mintXDS(t, a.handler, login, `{"role":"sidecar","namespace":"public","ttl":"1h"}`)
	var minted struct{ Token string }
	if code != 200 || json.Unmarshal([]byte(body), &minted) != nil || minted.Token == "" {
		t.Fatalf("mint: %d %s", code, body)
	}
	if code, body := mintXDS(t, a.handler, minted.Token, `{"role":"sidecar"}`); code != 401 {
		t.Fatalf("an xDS token minted: %d %s", code, body)
	}
	conn, err := grpc.NewClient(gs.addr(), grpc.WithTransportCredentials(insecure.NewCredentials()))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	md, _ := structpb.NewStruct(map[string]any{"causeway.role": "sidecar"})
	ask := func(authorization string) error {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		if authorization != "" {
			ctx = metadata.AppendToOutgoingContext(ctx, "authorization", authorization)
		}
		s, err := discovery.NewAggregatedDiscoveryServiceClient(conn).StreamAggregatedResources(ctx)
		if err != nil {
			return err
		}
		_ = s.Send(&discovery.DiscoveryRequest{Node: &corev3.Node{Id: "sidecar-auth", Metadata: md}, TypeUrl: resourcev3.ClusterType})
		_, err = s.Recv()
		return err
	}
	for name, authz := range map[string]string{"none": "", "login token": "Bearer " + login} {
		if err := ask(authz); status.Code(err) != codes.Unauthenticated {
			t.Fatalf("%s: %v, want Unauthenticated", name, err)
		}
	}
	ctx, cancel := context.WithCancel(metadata.AppendToOutgoingContext(context.Background(), "authorization", "Bearer "+minted.Token))
	defer cancel()
	s, err := discovery.NewAggregatedDiscoveryServiceClient(conn).StreamAggregatedResources(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Send(&discovery.DiscoveryRequest{Node: &corev3.Node{Id: "sidecar-auth", Metadata: md}, TypeUrl: resourcev3.ClusterType}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Recv(); err != nil {
		t.Fatalf("with the minted token: %v", err)
	}
	for _, path := range []string{"/causeway/v1/xds/nodes", "/causeway/v1/xds/config_dump?node=sidecar-auth", "/metrics"} {
		req := httptest.NewRequest(http.MethodGet, path, nil)
		req.Header.Set("Authorization", "Bearer "+login)
		rec := httptest.NewRecorder()
		a.handler.ServeHTTP(rec, req)
		if rec.Code != 200 || strings.Contains(rec.Body.String(), minted.Token) || strings.Contains(rec.Body.String(), strings.Split(minted.Token, ".")[1]) {
			t.Fatalf("%s: %d, or it shows the token: %s", path, rec.Code, rec.Body.String())
		}
	}
}
