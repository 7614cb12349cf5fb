package e2e

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"google.golang.org/grpc/credentials"
	"google.golang.org/grpc/credentials/insecure"
	xdsbootstrap "google.golang.org/grpc/xds/bootstrap"
)

// bearerJSON sends a JSON body with "Authorization: Bearer token".
func bearerJSON(t *testing.T, method, rawURL, token string, body any) (int, string) {
	t.Helper()
	b, err := json.Marshal(body)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, method, rawURL, strings.NewReader(string(b)))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Authorization", "Bearer "+token)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", method, rawURL, err)
	}
	defer resp.Body.Close()
	out, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(out)
}

// xdsToken mints, as the admin of a server started with adminPassword, the
// xDS token of the identity node metadata md claims (the role defaults to
// sidecar, the namespace to public, as for a node).
func xdsToken(t *testing.T, s *server, md map[string]string) string {
	t.Helper()
	role := md["causeway.role"]
	if role == "" {
		role = "sidecar"
	}
	body := map[string]any{"role": role, "namespace": md["causeway.namespace"], "ttl": "1h"}
	if role == "gateway" {
		body["gatewayId"] = md["causeway.gateway_id"]
	}
	code, answer := bearerJSON(t, http.MethodPost, s.url("/causeway/v1/xds/tokens"), login(t, s, adminPassword), body)
	var minted struct{ Token string }
	if code != http.StatusOK || json.Unmarshal([]byte(answer), &minted) != nil || minted.Token == "" {
		t.Fatalf("mint xDS token %v: %d %s", body, code, answer)
	}
	return minted.Token
}

// tokenCredsName names the grpc-go xDS channel credentials that carry a
// Causeway xDS token: grpc-go's public bootstrap API lets an application
// register them (xds/bootstrap.RegisterChannelCredentials), and a
// credentials bundle's per-RPC credentials ride on the xDS stream. (gRFC
// A97's jwt_token_file call credentials also fit the token, a JWT with an
// exp, but need TLS and an experimental switch.)
const tokenCredsName = "causeway_token"

var registerOnce sync.Once

func registerTokenCreds() {
	registerOnce.Do(func() { xdsbootstrap.RegisterChannelCredentials(tokenCredsBuilder{}) })
}

type tokenCredsBuilder struct{}

func (tokenCredsBuilder) Name() string { return tokenCredsName }

func (tokenCredsBuilder) Build(config json.RawMessage) (credentials.Bundle, func(), error) {
	var cfg struct{ Token string }
	if err := json.Unmarshal(config, &cfg); err != nil || cfg.Token == "" {
		return nil, nil, errors.New("causeway_token: config needs a token")
	}
	return tokenBundle{bearer(cfg.Token)}, func() {}, nil
}

// tokenBundle is plain TCP (a TLS deployment would return TLS here) with
// the bearer token on every call.
type tokenBundle struct{ rpc credentials.PerRPCCredentials }

func (b tokenBundle) TransportCredentials() credentials.TransportCredentials {
	return insecure.NewCredentials()
}
func (b tokenBundle) PerRPCCredentials() credentials.PerRPCCredentials { return b.rpc }
func (b tokenBundle) NewWithMode(string) (credentials.Bundle, error)   { return b, nil }

type bearer string

func (t bearer) GetRequestMetadata(context.Context, ...string) (map[string]string, error) {
	return map[string]string{"authorization": "Bearer " + string(t)}, nil
}
func (bearer) RequireTransportSecurity() bool { return false }

// authRefusals reads causeway_xds_auth_refusals_total{code} from /metrics.
func authRefusals(t *testing.T, s *server, code string) int {
	t.Helper()
	_, body := call(t, http.MethodGet, s.url("/metrics"), nil)
	m := regexp.MustCompile(`causeway_xds_auth_refusals_total\{code="` + code + `"\} (\d+)`).FindStringSubmatch(body)
	if m == nil {
		return 0
	}
	n, _ := strconv.Atoi(m[1])
	return n
}

// A real gateway Envoy with its own xDS token gets its gateway's listener
// and routes traffic; one that claims the same gateway with another
// gateway's token gets nothing: its stream is refused, as its own stats and
// Causeway's refusal count show.
func TestGatewayEnvoyNeedsItsGatewaysToken(t *testing.T) {
	envoyBinary(t)
	s := start(t, "", "--admin-password", adminPassword)
	logServerOnFailure(t, s)
	admin := login(t, s, adminPassword)
	up := startUpstream(t, "127.0.0.1", 0, "orders-a")
	v := url.Values{"serviceName": {"orders"}, "ip": {"127.0.0.1"}, "port": {strconv.Itoa(up.port)}, "ephemeral": {"false"}, "accessToken": {admin}}
	if code, body := call(t, http.MethodPost, s.url("/nacos/v1/ns/instance"), v); code != http.StatusOK {
		t.Fatalf("register: %d %s", code, body)
	}
	gwPort := freePort(t, "127.0.0.1")
	base := s.url("/v2/default/enginemgr/gateways/gw-auth")
	gw := map[string]any{"listeners": []any{map[string]any{"name": "http", "port": gwPort, "protocol": "HTTP"}}}
	if code, body := bearerJSON(t, http.MethodPut, base, admin, gw); code != http.StatusOK {
		t.Fatalf("put gateway: %d %s", code, body)
	}
	route := map[string]any{"name": "orders", "domains": []string{"*"},
		"match":       map[string]any{"path": map[string]any{"type": "prefix", "value": "/orders"}},
		"destination": map[string]any{"service": "orders"}, "rewrite": map[string]any{"prefix": "/"}}
	if code, body := bearerJSON(t, http.MethodPost, base+"/routes", admin, route); code >= 300 {
		t.Fatalf("create route: %d %s", code, body)
	}
	md := map[string]string{"causeway.role": "gateway", "causeway.gateway_id": "gw-auth"}
	for _, delta := range []bool{false, true} {
		t.Run(fmt.Sprintf("delta=%v", delta), func(t *testing.T) {
			other := xdsToken(t, s, map[string]string{"causeway.role": "gateway", "causeway.gateway_id": "gw-other"})
			before := authRefusals(t, s, "PermissionDenied")
			thief := startEnvoy(t, envoyOptions{XDSAddr: s.xdsAddr, Delta: delta, NodeID: fmt.Sprintf("thief-%v", delta),
				Metadata: md, Token: other, FetchTimeout: "1s"})
			thief.waitStat(t, "cluster_manager.cds.update_failure", func(n int) bool { return n > 0 }, 10*time.Second)
			// Envoy retries, and each new stream counts as connected until
			// Causeway refuses its first request: the thief is never
			// served, so it is seen disconnected between tries.
			thief.waitStat(t, "control_plane.connected_state", func(n int) bool { return n == 0 }, 10*time.Second)
			if dump := thief.dynamicDump(); strings.Contains(dump, "gw-auth") || strings.Contains(dump, "orders") {
				t.Fatalf("the thief got configuration: %s", dump)
			}
			if after := authRefusals(t, s, "PermissionDenied"); after <= before {
				t.Fatalf("causeway counted no refusal (%d -> %d)", before, after)
			}
			thief.stop()

			e := startEnvoy(t, envoyOptions{XDSAddr: s.xdsAddr, Delta: delta, NodeID: fmt.Sprintf("gw-%v", delta),
				Metadata: md, Token: xdsToken(t, s, md)})
			addr := fmt.Sprintf("127.0.0.1:%d", gwPort)
			eventually(t, 10*time.Second, "the gateway with its token to route", func() bool {
				status, upstream := gatewayGet(addr, "/orders/list")
				return status == http.StatusOK && upstream == "orders-a"
			})
			if n := e.stat(t, "control_plane.connected_state"); n != 1 {
				t.Fatalf("connected_state %d", n)
			}
			e.stop()
		})
	}
}

// A real grpc-go xDS client sending its token as call credentials reaches
// a registered gRPC server; one whose token names another namespace than
// its node claims resolves nothing.
func TestProxylessGRPCNeedsItsToken(t *testing.T) {
	s := start(t, "", "--admin-password", adminPassword)
	logServerOnFailure(t, s)
	admin := login(t, s, adminPassword)
	port := grpcHealthServer(t, "127.0.0.1")
	v := url.Values{"serviceName": {"greeter"}, "ip": {"127.0.0.1"}, "port": {strconv.Itoa(port)}, "ephemeral": {"false"}, "accessToken": {admin}}
	if code, body := call(t, http.MethodPost, s.url("/nacos/v1/ns/instance"), v); code != http.StatusOK {
		t.Fatalf("register: %d %s", code, body)
	}
	before := authRefusals(t, s, "PermissionDenied")
	stranger := proxylessClientWithToken(t, s.xdsAddr, "grpc-stranger", "greeter",
		xdsToken(t, s, map[string]string{"causeway.role": "grpc", "causeway.namespace": "dev"}), nil)
	if _, err := grpcPeerPort(stranger); err == nil {
		t.Fatal("a client with another namespace's token reached greeter")
	}
	if after := authRefusals(t, s, "PermissionDenied"); after <= before {
		t.Fatalf("causeway counted no refusal (%d -> %d)", before, after)
	}
	client := proxylessClientWithToken(t, s.xdsAddr, "grpc-auth", "greeter", xdsToken(t, s, map[string]string{"causeway.role": "grpc"}), nil)
	got, err := grpcPeerPort(client)
	if err != nil || got != port {
		t.Fatalf("with its token: port %d, %v (want %d)", got, err, port)
	}
}
