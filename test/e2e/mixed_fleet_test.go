package e2e

import (
	"fmt"
	"net"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"testing"
	"time"

	healthpb "google.golang.org/grpc/health/grpc_health_v1"
)

// fleetMember is one Envoy of a mixed fleet and how to send it a request
// for a service.
type fleetMember struct {
	name string
	e    *envoyProc
	get  func(service string) proxyAnswer
}

// Gateways and sidecars on state-of-the-world and delta streams, and a
// proxyless gRPC client, side by side and connected in either order, each
// get every later change: new endpoints, new routes and services, and a
// cluster-level policy. A delta gateway used to stop hearing anything once
// a SotW sidecar connected.
func TestMixedFleetEveryEnvoyHearsEveryChange(t *testing.T) {
	for _, reversed := range []bool{false, true} {
		name := "delta-gateway-first"
		if reversed {
			name = "delta-sidecar-first"
		}
		t.Run(name, func(t *testing.T) { testMixedFleet(t, reversed) })
	}
}

func testMixedFleet(t *testing.T, reversed bool) {
	envoyBinary(t)
	s := start(t, "", "--auth=false")
	logServerOnFailure(t, s)
	register := func(service string, port int) {
		t.Helper()
		v := url.Values{"serviceName": {service}, "ip": {"127.0.0.1"}, "port": {strconv.Itoa(port)}, "ephemeral": {"false"}}
		if code, body := call(t, http.MethodPost, s.url("/nacos/v1/ns/instance"), v); code != http.StatusOK {
			t.Fatalf("register %s 127.0.0.1:%d: %d %s", service, port, code, body)
		}
	}
	orders1 := startUpstream(t, "127.0.0.1", 0, "orders-1")
	register("orders", orders1.port)

	type spec struct {
		name, role string
		delta      bool
	}
	specs := []spec{{"gw-delta", "gateway", true}, {"sidecar-sotw", "sidecar", false},
		{"gw-sotw", "gateway", false}, {"sidecar-delta", "sidecar", true}}
	if reversed {
		slices.Reverse(specs)
	}
	// A proxyless gRPC client (state of the world) joins in the middle.
	greeter1 := grpcHealthServer(t, "127.0.0.1")
	register("greeter", greeter1)
	var fleet []fleetMember
	var grpcClient healthpb.HealthClient
	for i, sp := range specs {
		if i == len(specs)/2 {
			grpcClient = proxylessClient(t, s.xdsAddr, "grpc-fleet", "greeter")
			if _, err := grpcPeerPort(grpcClient); err != nil {
				t.Fatalf("proxyless call to greeter: %v", err)
			}
		}
		port := freePort(t, "127.0.0.1")
		addr := net.JoinHostPort("127.0.0.1", strconv.Itoa(port))
		md := map[string]string{"causeway.role": sp.role}
		m := fleetMember{name: sp.name}
		if sp.role == "gateway" {
			gatewayWithRoutes(t, s, sp.name, port, "orders")
			md["causeway.gateway_id"] = sp.name
			// Gateway routes are by path: /<service>/ goes to the service.
			m.get = func(service string) proxyAnswer { return proxyGetPath(addr, "/"+service+"/") }
		} else {
			md["causeway.outbound_port"] = strconv.Itoa(port)
			m.get = func(service string) proxyAnswer { return proxyGet(addr, service) }
		}
		m.e = startEnvoy(t, envoyOptions{XDSAddr: s.xdsAddr, Delta: sp.delta, NodeID: sp.name, Metadata: md})
		fleet = append(fleet, m)
	}
	reaches := func(what, service string, ids ...string) {
		t.Helper()
		for _, m := range fleet {
			seen := map[string]bool{}
			eventually(t, 5*time.Second, fmt.Sprintf("%s: %s to reach %v", m.name, what, ids), func() bool {
				if a := m.get(service); a.err == nil && a.status == http.StatusOK {
					seen[a.upstream] = true
				}
				for _, id := range ids {
					if !seen[id] {
						return false
					}
				}
				return true
			})
		}
	}
	reaches("orders", "orders", "orders-1")

	// New endpoints: a second instance on another port of the host.
	orders2 := startUpstream(t, "127.0.0.1", 0, "orders-2")
	register("orders", orders2.port)
	reaches("a new instance", "orders", "orders-1", "orders-2")
	greeter2 := grpcHealthServer(t, "127.0.0.1")
	register("greeter", greeter2)
	seen := map[int]bool{}
	eventually(t, 5*time.Second, "the gRPC client to reach the new greeter instance", func() bool {
		if port, err := grpcPeerPort(grpcClient); err == nil {
			seen[port] = true
		}
		return seen[greeter1] && seen[greeter2]
	})

	// New routes and services: a service registered now, and a gateway
	// route to it.
	late := startUpstream(t, "127.0.0.1", 0, "late")
	register("late", late.port)
	for _, m := range fleet {
		if m.name == "gw-delta" || m.name == "gw-sotw" {
			addRoute(t, s, m.name, "late")
		}
	}
	reaches("a new service and route", "late", "late")

	// A cluster-level policy: in force in every Envoy's active cluster.
	g := &govEnv{s: s}
	g.policy(t, "match-group", "all", "orders", map[string]any{
		"matches": []any{map[string]any{"name": "m", "apiPath": map[string]any{"prefix": "/"}}}})
	g.policy(t, "loadbalance", "all", "orders", map[string]any{"rule": "Random"})
	envoys := make([]*envoyProc, 0, len(fleet))
	for _, m := range fleet {
		envoys = append(envoys, m.e)
	}
	took := waitActive(t, "loadbalance", "outbound|||orders.DEFAULT_GROUP.public", time.Now(),
		containsAll(`"lb_policy":"RANDOM"`), envoys...)
	t.Logf("policy in force in all %d Envoys after %v", len(envoys), took.Round(time.Millisecond))
	for _, m := range fleet {
		if n := m.e.rejectedUpdates(t); n != 0 {
			t.Fatalf("%s rejected %d updates: %v", m.name, n, m.e.rejectedStats(t))
		}
	}
}

// gatewayWithRoutes creates gateway id listening on port with a route
// /<service>/ to each service.
func gatewayWithRoutes(t *testing.T, s *server, id string, port int, services ...string) {
	t.Helper()
	gw := map[string]any{"listeners": []any{map[string]any{"name": "http", "port": port, "protocol": "HTTP"}}}
	if code, body := jsonCall(t, http.MethodPut, s.url("/v2/default/enginemgr/gateways/"+id), gw); code != http.StatusOK {
		t.Fatalf("put gateway %s: %d %s", id, code, body)
	}
	for _, svc := range services {
		addRoute(t, s, id, svc)
	}
}

func addRoute(t *testing.T, s *server, gatewayID, service string) {
	t.Helper()
	route := map[string]any{"name": service, "domains": []string{"*"},
		"match":       map[string]any{"path": map[string]any{"type": "prefix", "value": "/" + service + "/"}},
		"destination": map[string]any{"service": service}}
	if code, body := jsonCall(t, http.MethodPost, s.url("/v2/default/enginemgr/gateways/"+gatewayID+"/routes"), route); code >= 300 {
		t.Fatalf("route /%s/ on %s: %d %s", service, gatewayID, code, body)
	}
}

// proxyGetPath sends GET http://addr<path>.
func proxyGetPath(addr, path string) proxyAnswer {
	resp, err := proxyClient.Get("http://" + addr + path)
	if err != nil {
		return proxyAnswer{err: err}
	}
	defer resp.Body.Close()
	return proxyAnswer{status: resp.StatusCode, upstream: resp.Header.Get("x-upstream")}
}
