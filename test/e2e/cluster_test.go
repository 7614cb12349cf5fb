package e2e

import (
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"gopkg.in/yaml.v3"

	"github.com/causeway-dev/causeway/registry/cluster"
	"github.com/causeway-dev/causeway/registry/store/etcd/etcdtest"
)

// exampleEnvoy runs the Envoy of examples/cluster/<file> as documented,
// but for its node (id, metadata), its xDS token and the addresses of the
// three nodes, which are the test's.
func exampleEnvoy(t *testing.T, file, id, token string, md map[string]string, xdsAddrs []string) *envoyProc {
	t.Helper()
	text, err := os.ReadFile(filepath.Join(moduleRoot(), "examples", "cluster", file))
	if err != nil {
		t.Fatal(err)
	}
	text = []byte(strings.ReplaceAll(string(text), "XDS_TOKEN", token))
	var bootstrap map[string]any
	if err := yaml.Unmarshal(text, &bootstrap); err != nil {
		t.Fatalf("%s: %v", file, err)
	}
	node := bootstrap["node"].(map[string]any)
	node["id"] = id
	for k, v := range md {
		node["metadata"].(map[string]any)[k] = v
	}
	xds := bootstrap["static_resources"].(map[string]any)["clusters"].([]any)[0].(map[string]any)
	localities := xds["load_assignment"].(map[string]any)["endpoints"].([]any)
	if len(localities) != len(xdsAddrs) {
		t.Fatalf("%s lists %d nodes, the test runs %d", file, len(localities), len(xdsAddrs))
	}
	for i, l := range localities {
		host, port := splitHostPort(t, xdsAddrs[i])
		l.(map[string]any)["lb_endpoints"] = []any{map[string]any{"endpoint": map[string]any{"address": socketAddress(host, port)}}}
	}
	return runEnvoy(t, bootstrap)
}

// beater beats ephemeral instances through the live nodes in turn, as a
// Nacos 1.x SDK with every node in its server list does.
type beater struct {
	t     *testing.T
	token string
	nodes []*server
	dead  sync.Map // *server -> true
	beats atomic.Int64
	stop  chan struct{}
	done  chan struct{}
}

func startBeater(t *testing.T, token string, nodes []*server, service string, addrs []string) *beater {
	b := &beater{t: t, token: token, nodes: nodes, stop: make(chan struct{}), done: make(chan struct{})}
	go func() {
		defer close(b.done)
		for tick := 0; ; tick++ {
			for i, addr := range addrs {
				b.beat(tick+i, service, addr)
			}
			select {
			case <-b.stop:
				return
			case <-time.After(time.Second):
			}
		}
	}()
	t.Cleanup(b.close)
	return b
}

func (b *beater) close() {
	select {
	case <-b.stop:
	default:
		close(b.stop)
		<-b.done
	}
}

// beat sends one beat to the n-th live node (the next one if it fails).
func (b *beater) beat(n int, service, addr string) {
	host, port, _ := net.SplitHostPort(addr)
	beat := fmt.Sprintf(`{"ip":%q,"port":%s,"serviceName":"DEFAULT_GROUP@@%s","cluster":"DEFAULT","scheduled":true}`, host, port, service)
	for i := range b.nodes {
		s := b.nodes[(n+i)%len(b.nodes)]
		if _, dead := b.dead.Load(s); dead {
			continue
		}
		v := url.Values{"serviceName": {service}, "beat": {beat}, "accessToken": {b.token}}
		req, _ := http.NewRequest(http.MethodPut, s.url("/nacos/v1/ns/instance/beat")+"?"+v.Encode(), nil)
		resp, err := http.DefaultClient.Do(req)
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				b.beats.Add(1)
				return
			}
		}
	}
}

// addrsOwnedBy picks n addresses 10.1.0.x:8080 whose HTTP client the node
// owner checks among members, and n that another node checks.
func addrsOwnedBy(members []string, owner string, n int) (owned, others []string) {
	for x := 1; len(owned) < n || len(others) < n; x++ {
		addr := fmt.Sprintf("10.1.%d.%d:8080", x/250, x%250)
		if cluster.OwnerAmong(members, addr+"#true") == owner {
			if len(owned) < n {
				owned = append(owned, addr)
			}
		} else if len(others) < n {
			others = append(others, addr)
		}
	}
	return owned, others
}

// Three Causeway nodes on a three-member etcd: every node serves what any
// other was told; Envoy and the Nacos SDK fail over when a node is killed;
// beating instances survive the death of the node that checked them; the
// loss of an etcd member changes nothing, the loss of the quorum makes the
// nodes not ready without losing anything, and they recover.
func TestClusterOnEtcd(t *testing.T) {
	envoyBinary(t)
	etcd := etcdtest.Start(t, 3)
	args := []string{"--store", "etcd", "--etcd-endpoints", strings.Join(etcd.Endpoints(), ","), "--admin-password", adminPassword}
	nodes := []*server{start(t, "", args...), start(t, "", args...), start(t, "", args...)}
	a, b, c := nodes[0], nodes[1], nodes[2]
	for _, n := range nodes {
		logServerOnFailure(t, n)
	}
	token := login(t, a, adminPassword) // signed on A, accepted by every node
	members := []string{a.addr, b.addr, c.addr}

	register := func(s *server, service, addr string, ephemeral bool) {
		t.Helper()
		host, port, _ := net.SplitHostPort(addr)
		v := url.Values{"serviceName": {service}, "ip": {host}, "port": {port}, "ephemeral": {strconv.FormatBool(ephemeral)}}
		if code, body := authedCall(t, token, http.MethodPost, s.url("/nacos/v1/ns/instance"), v); code != http.StatusOK {
			t.Fatalf("register %s/%s through %s: %d %s", service, addr, s.addr, code, body)
		}
	}
	healthyOn := func(s *server, service string, addrs []string) bool {
		hosts := v1Hosts(t, s, token, "DEFAULT_GROUP", service)
		for _, addr := range addrs {
			if h, ok := hosts[addr]; !ok || !h.Healthy {
				return false
			}
		}
		return true
	}

	// Beating instances registered through A, half of them checked by A.
	ownedByA, ownedByOthers := addrsOwnedBy(members, a.addr, 3)
	beating := append(append([]string{}, ownedByA...), ownedByOthers...)
	for _, addr := range beating {
		register(a, "beats", addr, true)
	}
	beats := startBeater(t, token, nodes, "beats", beating)
	for _, s := range []*server{b, c} {
		eventually(t, 5*time.Second, "the instances registered on A listed on "+s.addr, func() bool { return healthyOn(s, "beats", beating) })
	}

	// A sidecar Envoy on B routes to an instance registered through A.
	up1 := startUpstream(t, "127.0.0.1", 0, "orders-1")
	register(a, "orders", up1.addr, false)
	sidecar := func(port int) map[string]string {
		return map[string]string{"causeway.role": "sidecar", "causeway.namespace": "public", "causeway.app": "DEFAULT_GROUP",
			"causeway.outbound_port": strconv.Itoa(port), "causeway.outbound_address": "127.0.0.1"}
	}
	port1, port2 := freePort(t, "127.0.0.1"), freePort(t, "127.0.0.1")
	startEnvoy(t, envoyOptions{XDSAddr: b.xdsAddr, Token: xdsToken(t, a, sidecar(port1)), Metadata: sidecar(port1), NodeID: "on-b"})
	onB := net.JoinHostPort("127.0.0.1", strconv.Itoa(port1))
	waitAnswers(t, onB, "orders", 15*time.Second, "Envoy on B to route to orders-1", func(p proxyAnswer) bool {
		return p.err == nil && p.status == http.StatusOK && p.upstream == up1.id
	})
	// A write on C is in force in the Envoy on B.
	up2 := startUpstream(t, "127.0.0.1", 0, "orders-2")
	begin := time.Now()
	register(c, "orders", up2.addr, false)
	eventually(t, 5*time.Second, "Envoy on B to route to orders-2, registered on C", func() bool {
		return proxyGet(onB, "orders").upstream == up2.id
	})
	t.Logf("a registration on C was in force in the Envoy on B after %v", time.Since(begin).Round(time.Millisecond))

	// An Envoy and a Nacos 2 SDK given every node.
	everywhere := exampleEnvoy(t, "sidecar.yaml", "on-all", xdsToken(t, a, sidecar(port2)), sidecar(port2),
		[]string{a.xdsAddr, b.xdsAddr, c.xdsAddr})
	onAll := net.JoinHostPort("127.0.0.1", strconv.Itoa(port2))
	waitAnswers(t, onAll, "orders", 15*time.Second, "the failover Envoy to route", func(p proxyAnswer) bool {
		return p.err == nil && p.status == http.StatusOK
	})
	sdk := clusterSDKOn(t, nodes, a, token, "payments", "10.9.9.9:9000")
	sdk.waitPush(t, 10*time.Second, "push 10.9.9.9:9000")

	// Writes acknowledged by A just before it dies.
	for i := range 30 {
		v := url.Values{"dataId": {fmt.Sprintf("cfg-%d", i)}, "group": {"DEFAULT_GROUP"}, "content": {fmt.Sprintf("v%d", i)}}
		if code, body := authedCall(t, token, http.MethodPost, a.url("/nacos/v1/cs/configs"), v); code != http.StatusOK || body != "true" {
			t.Fatalf("publish cfg-%d through A: %d %s", i, code, body)
		}
	}
	beats.dead.Store(a, true)
	a.kill()
	killed := time.Now()
	for i := range 30 {
		v := url.Values{"dataId": {fmt.Sprintf("cfg-%d", i)}, "group": {"DEFAULT_GROUP"}}
		if code, body := authedCall(t, token, http.MethodGet, b.url("/nacos/v1/cs/configs"), v); code != http.StatusOK || body != fmt.Sprintf("v%d", i) {
			t.Fatalf("cfg-%d acknowledged by A, on B after A died: %d %s", i, code, body)
		}
	}

	// The Envoy given every node follows a change made after the kill.
	up3 := startUpstream(t, "127.0.0.1", 0, "orders-3")
	register(b, "orders", up3.addr, false)
	deadline := time.Now().Add(15 * time.Second)
	for proxyGet(onAll, "orders").upstream != up3.id {
		if time.Now().After(deadline) {
			var xds []string
			for _, line := range strings.Split(everywhere.mustAdminGet(t, "/clusters"), "\n") {
				if strings.HasPrefix(line, "causeway::") {
					xds = append(xds, line)
				}
			}
			t.Fatalf("the failover Envoy does not route to orders-3 15 s after A died; its xds cluster:\n%s\n%v", strings.Join(xds, "\n"),
				everywhere.stats(t, "control_plane|cluster\\.causeway\\.(upstream_cx|health_check)"))
		}
		time.Sleep(50 * time.Millisecond)
	}
	t.Logf("Envoy failed over from A and applied a change %v after A was killed", time.Since(killed).Round(time.Millisecond))
	everywhere.waitStat(t, "control_plane.connected_state", func(n int) bool { return n == 1 }, 5*time.Second)
	if n := everywhere.rejectedUpdates(t); n != 0 {
		t.Fatalf("the failover Envoy rejected %d updates", n)
	}
	// So does the SDK: its instance stays, and it is pushed a change.
	register(c, "payments", "10.9.9.10:9000", true)
	sdk.waitPush(t, 20*time.Second, "push 10.9.9.10:9000 10.9.9.9:9000")
	t.Logf("the SDK failed over and was pushed a change %v after A was killed", time.Since(killed).Round(time.Millisecond))

	// A's clients were taken over, not expired: past A's lease (10 s) and
	// a whole beat timeout (15 s) after it, every beating instance is
	// still healthy on both survivors.
	time.Sleep(time.Until(killed.Add(27 * time.Second)))
	for _, s := range []*server{b, c} {
		if !healthyOn(s, "beats", beating) {
			t.Fatalf("beating instances on %s 27 s after A died: %v (A checked %v)", s.addr, v1Hosts(t, s, token, "DEFAULT_GROUP", "beats"), ownedByA)
		}
	}

	// Losing one etcd member changes nothing.
	etcd.Members[0].Kill()
	register(b, "orders", "10.2.0.1:80", false)
	eventually(t, 5*time.Second, "a registration on B listed on C with an etcd member down", func() bool {
		_, ok := v1Hosts(t, c, token, "DEFAULT_GROUP", "orders")["10.2.0.1:80"]
		return ok
	})

	// Losing the quorum: not ready, writes refused, nothing lost.
	etcd.Members[1].Kill()
	for _, s := range []*server{b, c} {
		eventually(t, 10*time.Second, s.addr+" not ready without an etcd quorum", func() bool { return readyz(s) != http.StatusOK })
	}
	// A write is refused in time for its client to go elsewhere (the
	// store's request timeout, 5 s), never acknowledged.
	v := url.Values{"serviceName": {"orders"}, "ip": {"10.2.0.2"}, "port": {"80"}, "ephemeral": {"false"}, "accessToken": {token}}
	begin = time.Now()
	resp, err := (&http.Client{Timeout: 15 * time.Second}).PostForm(b.url("/nacos/v1/ns/instance"), v)
	if err != nil {
		t.Fatalf("a registration without an etcd quorum got no answer: %v", err)
	}
	resp.Body.Close()
	if resp.StatusCode == http.StatusOK {
		t.Fatal("a registration without an etcd quorum was acknowledged")
	}
	t.Logf("a registration without a quorum was refused with %d after %v", resp.StatusCode, time.Since(begin).Round(time.Millisecond))
	etcd.Restart(t, 1) // the quorum is back with it
	etcd.Restart(t, 0)
	for _, s := range []*server{b, c} {
		eventually(t, 30*time.Second, s.addr+" ready again once the quorum is back", func() bool { return readyz(s) == http.StatusOK })
	}
	for _, s := range []*server{b, c} {
		hosts := v1Hosts(t, s, token, "DEFAULT_GROUP", "orders")
		for _, addr := range []string{up1.addr, up2.addr, up3.addr, "10.2.0.1:80"} {
			if _, ok := hosts[addr]; !ok {
				t.Fatalf("%s lost %s after the quorum came back: %v", s.addr, addr, hosts)
			}
		}
	}
	eventually(t, 20*time.Second, "beating instances healthy after the quorum came back", func() bool { return healthyOn(b, "beats", beating) })
	t.Logf("%d beats sent", beats.beats.Load())
}

// The example bootstraps of examples/cluster are valid Envoy configuration
// (the sidecar one also runs in TestClusterOnEtcd).
func TestClusterExamplesValidate(t *testing.T) {
	bin := envoyBinary(t)
	for _, file := range []string{"sidecar.yaml", "gateway.yaml"} {
		out, err := exec.Command(bin, "--mode", "validate", "-c", filepath.Join(moduleRoot(), "examples", "cluster", file)).CombinedOutput()
		if err != nil {
			t.Errorf("examples/cluster/%s: %v\n%s", file, err, out)
		}
	}
}

func readyz(s *server) int {
	resp, err := http.Get(s.url("/readyz"))
	if err != nil {
		return 0
	}
	resp.Body.Close()
	return resp.StatusCode
}

// clusterSDKOn runs test/nacos/goclient (nacos-sdk-go v2, in a process
// of its own: the SDK's reconnection has data races the race detector
// would report here) with every node as a server, registering instance in
// service and subscribed to it, and holds it on node on: the SDK picks a
// node at random, so clients are started until one connects there (found
// by its new connection in the node's connection list).
func clusterSDKOn(t *testing.T, nodes []*server, on *server, token, service, instance string) *goClient {
	t.Helper()
	conns := func(s *server) map[string]any {
		_, body := authedCall(t, token, http.MethodGet, s.url("/nacos/v3/admin/core/loader/current"), nil)
		var answer struct{ Data map[string]any }
		_ = json.Unmarshal([]byte(body), &answer)
		return answer.Data
	}
	var servers []string
	for _, s := range nodes {
		_, grpcPort := splitHostPort(t, s.nacosGRPCAddr)
		servers = append(servers, s.addr+":"+strconv.Itoa(grpcPort))
	}
	for range 12 {
		before := map[string]bool{}
		for _, s := range nodes {
			for id := range conns(s) {
				before[id] = true
			}
		}
		g := startGoClient(t, nodes[0], "-servers", strings.Join(servers, ","), "-service", service,
			"-instances", instance, "-subscribe")
		var holder *server
		eventually(t, 10*time.Second, "the SDK's connection listed by a node", func() bool {
			for _, s := range nodes {
				for id := range conns(s) {
					if !before[id] {
						holder = s
						return true
					}
				}
			}
			return false
		})
		if holder == on {
			return g
		}
		_ = g.cmd.Process.Kill()
		_ = g.cmd.Wait()
	}
	t.Fatalf("no SDK connection landed on %s in 12 tries", on.addr)
	return nil
}
