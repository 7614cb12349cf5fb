package main

import (
	"bufio"
	"bytes"
	"encoding/binary"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"time"
)

// pluginLatency measures what a WASM plugin adds to a request through a
// real Envoy gateway: the same load without and with the header-rewrite
// plugin (module from make plugins), the module's size and how long after
// the plugin API answered the first request carried its header.
func pluginLatency(binary, envoy, module string, workers int, d time.Duration, maxReq int) error {
	mod, err := os.ReadFile(module)
	if err != nil {
		return fmt.Errorf("read the plugin module (make plugins builds it): %w", err)
	}
	s, err := startServer(binary)
	if err != nil {
		return err
	}
	defer s.stop()
	gw, admin, stopEnvoy, err := startGateway(s, envoy)
	if err != nil {
		return err
	}
	defer stopEnvoy()
	if *pluginRuns > 0 {
		if err := pluginLoads(s, gw, admin, filepath.Join(filepath.Dir(module), "key-auth.wasm"), *pluginRuns); err != nil {
			return err
		}
	}
	c := newClient("http://" + gw)
	without := load(workers, d, maxReq, func(int64) error { return c.do(http.MethodGet, "/") })
	fmt.Println(without.report("no-plugin"))
	took, err := addRewritePlugin(s, gw, mod)
	if err != nil {
		return err
	}
	with := load(workers, d, maxReq, func(int64) error { return c.do(http.MethodGet, "/") })
	fmt.Println(with.report("rewrite"))
	fmt.Printf("module %d bytes (%.1f MiB); in force %v after the plugin API answered\n",
		len(mod), float64(len(mod))/(1<<20), took.Round(time.Millisecond))
	return nil
}

// startGateway runs an upstream, a gateway route to it and a real Envoy
// gateway on it, and answers the gateway's address once it routes, and
// Envoy's admin address.
func startGateway(s *server, envoy string) (string, string, func(), error) {
	up, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", "", nil, err
	}
	upSrv := &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) { _, _ = io.WriteString(w, "ok") }),
		ReadHeaderTimeout: 5 * time.Second}
	go func() { _ = upSrv.Serve(up) }()
	upPort := up.Addr().(*net.TCPAddr).Port
	gwAddr, err := freeAddr()
	if err != nil {
		return "", "", nil, err
	}
	_, gwPort, _ := net.SplitHostPort(gwAddr)
	steps := []step{
		{"POST", fmt.Sprintf("/nacos/v1/ns/instance?serviceName=echo&ip=127.0.0.1&port=%d&ephemeral=false", upPort), "", ""},
		{"PUT", "/v2/default/enginemgr/gateways/gwb", "application/json", `{"listeners":[{"name":"http","port":` + gwPort + `,"protocol":"HTTP"}]}`},
		{"POST", "/v2/default/enginemgr/gateways/gwb/routes", "application/json",
			`{"name":"all","domains":["*"],"match":{"path":{"type":"prefix","value":"/"}},"destination":{"service":"echo"}}`},
	}
	if err := apply(s, steps); err != nil {
		return "", "", nil, err
	}
	cmd, dir, err := runEnvoy(envoy, s)
	if err != nil {
		return "", "", nil, err
	}
	stop := func() {
		_ = cmd.Process.Kill()
		_ = cmd.Wait()
		_ = os.RemoveAll(dir)
		_ = upSrv.Close()
	}
	if err := waitFor(20*time.Second, func() bool { h, err := get(gwAddr); return err == nil && h != nil }); err != nil {
		stop()
		return "", "", nil, fmt.Errorf("the gateway never routed: %w", err)
	}
	admin, err := os.ReadFile(filepath.Join(dir, "admin"))
	if err != nil {
		stop()
		return "", "", nil, fmt.Errorf("envoy's admin address: %w", err)
	}
	return gwAddr, strings.TrimSpace(string(admin)), stop, nil
}

func runEnvoy(envoy string, s *server) (*exec.Cmd, string, error) {
	return runEnvoyOn(envoy, s, []string{s.xds})
}

// runEnvoyOn runs the gateway Envoy with these xDS servers (see
// gatewayBootstrap).
func runEnvoyOn(envoy string, s *server, xds []string) (*exec.Cmd, string, error) {
	dir, err := os.MkdirTemp("", "causeway-bench-envoy-")
	if err != nil {
		return nil, "", err
	}
	bootstrap := gatewayBootstrap(strings.TrimPrefix(s.base, "http://"), xds)
	path := filepath.Join(dir, "bootstrap.yaml")
	if err := os.WriteFile(path, []byte(bootstrap), 0o600); err != nil {
		return nil, dir, err
	}
	args := []string{"-c", path, "-l", "warning", "--disable-hot-restart", "--concurrency", fmt.Sprint(*envoyConcurrency),
		"--base-id", fmt.Sprint(os.Getpid() % 100000)}
	args = append(args, "--admin-address-path", filepath.Join(dir, "admin"))
	args = append(args, strings.Fields(*envoyArgs)...)
	cmd := exec.Command(envoy, args...)
	cmd.Stdout, cmd.Stderr = os.Stderr, os.Stderr
	return cmd, dir, cmd.Start()
}

// gatewayBootstrap is the bootstrap of the bench's gateway Envoy (gateway
// gwb) on these xDS servers: more than one are a failover cluster, the
// first preferred (priority 0, the next 1, ...), each checked over TCP
// every second (no_traffic_interval too: Envoy counts no traffic on its
// xDS cluster), so that the ADS stream of a killed node reconnects to the
// next one within a second or two.
func gatewayBootstrap(httpAddr string, xds []string) string {
	var endpoints []string
	for i, addr := range xds {
		host, port, _ := net.SplitHostPort(addr)
		endpoints = append(endpoints, fmt.Sprintf(`{priority: %d, lb_endpoints: [{endpoint: {address: {socket_address: {address: %s, port_value: %s}}}}]}`, i, host, port))
	}
	checks := ""
	if len(xds) > 1 {
		checks = "    health_checks: [{timeout: 1s, interval: 1s, no_traffic_interval: 1s, unhealthy_threshold: 1, healthy_threshold: 1, tcp_health_check: {}}]\n"
	}
	return fmt.Sprintf(`node: {id: gw-bench, cluster: bench, metadata: {causeway.role: gateway, causeway.gateway_id: gwb, causeway.http_address: %q}}
dynamic_resources:
  ads_config: {api_type: DELTA_GRPC, transport_api_version: V3, grpc_services: [{envoy_grpc: {cluster_name: xds}}]}
  cds_config: {ads: {}, resource_api_version: V3}
  lds_config: {ads: {}, resource_api_version: V3}
static_resources:
  clusters:
  - name: xds
    type: STATIC
    connect_timeout: 5s
    typed_extension_protocol_options:
      envoy.extensions.upstreams.http.v3.HttpProtocolOptions:
        "@type": type.googleapis.com/envoy.extensions.upstreams.http.v3.HttpProtocolOptions
        explicit_http_config: {http2_protocol_options: {}}
    load_assignment: {cluster_name: xds, endpoints: [%s]}
%sadmin: {address: {socket_address: {address: 127.0.0.1, port_value: 0}}}
`, httpAddr, strings.Join(endpoints, ", "), checks)
}

// addRewritePlugin uploads the module, creates a header-rewrite plugin that
// sets a response header and answers how long until responses carry it;
// it also tells how many requests failed meanwhile (none should: Envoy
// gets the module inline and compiles it before the filter changes).
func addRewritePlugin(s *server, gw string, mod []byte) (time.Duration, error) {
	out, err := send(s.base, "POST", "/causeway/v1/wasm", "application/wasm", mod)
	if err != nil {
		return 0, err
	}
	var up struct{ URL string }
	if err := json.Unmarshal(out, &up); err != nil {
		return 0, fmt.Errorf("upload answered %s", out)
	}
	body := `{"pluginName":"rewrite","url":"` + up.URL + `","phase":"UNSPECIFIED_PHASE",
		"pluginConfig":{"response":{"set":{"x-bench":"1"}},"request":{"set":{"x-bench-req":"1"}}}}`
	if _, err := send(s.base, "POST", "/v2/default/enginemgr/gateways/gwb/plugins", "application/json", []byte(body)); err != nil {
		return 0, err
	}
	start := time.Now()
	failed, total := 0, 0
	err = waitFor(30*time.Second, func() bool {
		h, err := get(gw)
		total++
		if err != nil {
			failed++
		}
		return err == nil && h.Get("x-bench") == "1"
	})
	fmt.Printf("while the plugin loaded: %d of %d requests failed\n", failed, total)
	return time.Since(start), err
}

// step is one API call that sets a run up.
type step struct{ method, path, ctype, body string }

// apply makes the calls in order; the first that fails stops it.
func apply(s *server, steps []step) error {
	for _, st := range steps {
		if _, err := send(s.base, st.method, st.path, st.ctype, []byte(st.body)); err != nil {
			return err
		}
	}
	return nil
}

func send(base, method, path, ctype string, body []byte) ([]byte, error) {
	req, err := http.NewRequest(method, base+path, bytes.NewReader(body))
	if err != nil {
		return nil, err
	}
	if ctype != "" {
		req.Header.Set("Content-Type", ctype)
	}
	resp, err := setupClient.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	out, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("%s %s: %d %s", method, path, resp.StatusCode, out)
	}
	return out, nil
}

func get(addr string) (http.Header, error) {
	resp, err := setupClient.Get("http://" + addr + "/")
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	_, _ = io.Copy(io.Discard, resp.Body)
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("status %d", resp.StatusCode)
	}
	return resp.Header, nil
}

func waitFor(limit time.Duration, ok func() bool) error {
	deadline := time.Now().Add(limit)
	for time.Now().Before(deadline) {
		if ok() {
			return nil
		}
		time.Sleep(5 * time.Millisecond)
	}
	return fmt.Errorf("not within %v", limit)
}

// Flags of the plugin runs (flag.Parse in main reads them too).
var (
	envoyConcurrency = flag.Int("envoy-concurrency", 1, "worker threads (--concurrency) of the bench's Envoy gateways")
	envoyArgs        = flag.String("envoy-args", "", "more Envoy arguments for the bench's gateways, space separated (e.g. log levels)")
	pluginRuns       = flag.Int("plugin-runs", 5, "new plugins the plugin-latency run loads, one after the other")
)

// loadRun is what one new fail-closed key-auth plugin did to the traffic.
type loadRun struct {
	fresh   time.Duration // API answer to the first 401 on a new connection
	old     time.Duration // API answer to the first 401 (or close) on a keep-alive connection opened before
	oldHow  string        // "401" or "closed" for old
	idle    string        // what an idle keep-alive connection opened before answered once fresh ones were enforced
	bypass  int           // 200s without a key sent after the first 401 was seen, any connection
	failed  int           // errors and 5xx from the API answer on
	again   time.Duration // a second key-auth plugin of the same (loaded) module to its first 401
	update  time.Duration // PUT of a new key to the old key's first 401 on a new connection
	updBusy time.Duration // the same on a keep-alive connection opened before the PUT
	updPass int           // the old key's 200s sent after the new key was seen in force
}

// keepAlive is one HTTP/1.1 connection reused for every request.
type keepAlive struct {
	c  net.Conn
	br *bufio.Reader
}

func dialKeepAlive(addr string) (*keepAlive, error) {
	c, err := net.DialTimeout("tcp", addr, 5*time.Second)
	if err != nil {
		return nil, err
	}
	return &keepAlive{c: c, br: bufio.NewReader(c)}, nil
}

// get sends GET / with the headers and answers the status and whether the
// server closes the connection after it (status 0: the connection failed).
func (k *keepAlive) get(addr string, headers ...string) (int, bool) {
	req, _ := http.NewRequest(http.MethodGet, "http://"+addr+"/", nil)
	for i := 0; i+1 < len(headers); i += 2 {
		req.Header.Set(headers[i], headers[i+1])
	}
	_ = k.c.SetDeadline(time.Now().Add(10 * time.Second))
	if err := req.Write(k.c); err != nil {
		return 0, true
	}
	resp, err := http.ReadResponse(k.br, req)
	if err != nil {
		return 0, true
	}
	_, _ = io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	return resp.StatusCode, resp.Close
}

func (k *keepAlive) close() { _ = k.c.Close() }

// freshGet sends GET / on a connection of its own.
func freshGet(addr string, headers ...string) int {
	k, err := dialKeepAlive(addr)
	if err != nil {
		return 0
	}
	defer k.close()
	status, _ := k.get(addr, append(headers, "connection", "close")...)
	return status
}

// sample is one probe request.
type sample struct {
	sent, got time.Time
	status    int
	closed    bool
}

// prober sends requests without a key in a loop, on new connections or on
// one keep-alive connection, until stopped.
type prober struct {
	mu   sync.Mutex
	seen []sample
	stop chan struct{}
	done chan struct{}
}

func startProber(addr string, keep *keepAlive, every time.Duration, headers ...string) *prober {
	p := &prober{stop: make(chan struct{}), done: make(chan struct{})}
	go func() {
		defer close(p.done)
		for {
			select {
			case <-p.stop:
				return
			default:
			}
			s := sample{sent: time.Now()}
			if keep != nil {
				s.status, s.closed = keep.get(addr, headers...)
			} else {
				s.status = freshGet(addr, headers...)
			}
			s.got = time.Now()
			p.mu.Lock()
			p.seen = append(p.seen, s)
			p.mu.Unlock()
			if s.closed && keep != nil {
				return
			}
			time.Sleep(every)
		}
	}()
	return p
}

func (p *prober) samples() []sample {
	p.mu.Lock()
	defer p.mu.Unlock()
	return append([]sample(nil), p.seen...)
}

func (p *prober) halt() []sample {
	close(p.stop)
	<-p.done
	return p.samples()
}

// first answers the first sample sent after from that pred holds for.
func first(seen []sample, from time.Time, pred func(sample) bool) (sample, bool) {
	for _, s := range seen {
		if !s.sent.Before(from) && pred(s) {
			return s, true
		}
	}
	return sample{}, false
}

// pluginLoads creates, updates and deletes a fail-closed key-auth plugin
// runs times on a running gateway, each time with module bytes the gateway
// has not seen (the module plus a custom section naming the run), and
// reports how soon it is in force, on new connections and on keep-alive
// connections opened before, and whether any request got through
// unchecked once it was.
func pluginLoads(s *server, gw, admin, module string, runs int) error {
	base, err := os.ReadFile(module)
	if err != nil {
		return fmt.Errorf("read the key-auth module (make plugins builds it): %w", err)
	}
	var all []loadRun
	for i := range runs {
		r, err := pluginLoad(s, gw, withSection(base, fmt.Sprintf("causeway-bench-run-%d-%d", os.Getpid(), i)), i)
		if err != nil {
			return fmt.Errorf("run %d: %w", i, err)
		}
		all = append(all, r)
		fmt.Printf("[load %s] new key-auth %d: in force on new connections %v, on a keep-alive one opened before %v (%s); idle one opened before: %s; "+
			"unchecked 200s once in force %d; failures %d; a second plugin of the module %v; key update in force %v (keep-alive %v, old key passed %d times after)\n",
			loadAvg(), i, r.fresh.Round(time.Millisecond), r.old.Round(time.Millisecond), r.oldHow, r.idle, r.bypass, r.failed, r.again.Round(time.Millisecond),
			r.update.Round(time.Millisecond), r.updBusy.Round(time.Millisecond), r.updPass)
	}
	fmt.Printf("new plugin in force (new connections): %s\n", spread(all, func(r loadRun) time.Duration { return r.fresh }))
	fmt.Printf("new plugin in force (keep-alive opened before): %s\n", spread(all, func(r loadRun) time.Duration { return r.old }))
	fmt.Printf("second plugin of a loaded module in force: %s\n", spread(all, func(r loadRun) time.Duration { return r.again }))
	fmt.Printf("config update in force: %s\n", spread(all, func(r loadRun) time.Duration { return r.update }))
	fmt.Printf("envoy: %s\n", envoyStats(admin, `^(wasm\..*|listener_manager\.(listener_modified|listener_in_place_updated|total_filter_chains_draining)|extension_config_discovery\..*\.(config_reload|config_fail))$`))
	return nil
}

// loadAvg answers the machine's 1-minute load average, to be read next to
// every timing: the gateway shares the cores with everything else.
func loadAvg() string {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return "?"
	}
	return strings.Fields(string(b))[0]
}

// envoyStats answers the counters and gauges matching filter (an RE2
// regex) from the admin interface at admin, one line.
func envoyStats(admin, filter string) string {
	resp, err := setupClient.Get("http://" + admin + "/stats?filter=" + url.QueryEscape(filter))
	if err != nil {
		return err.Error()
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return strings.Join(strings.Fields(string(b)), " ")
}

func spread(runs []loadRun, f func(loadRun) time.Duration) string {
	d := make([]time.Duration, len(runs))
	for i, r := range runs {
		d[i] = f(r)
	}
	sort.Slice(d, func(i, j int) bool { return d[i] < d[j] })
	if len(d) == 0 {
		return "no runs"
	}
	return fmt.Sprintf("p50 %v, max %v over %d runs", d[(len(d)-1)/2].Round(time.Millisecond), d[len(d)-1].Round(time.Millisecond), len(d))
}

// withSection answers module with a custom section appended: other bytes
// and sha256, the same code. The section carries a byte after its name
// (wazero refuses a custom section with nothing after the name).
func withSection(module []byte, name string) []byte {
	payload := append(append(binary.AppendUvarint(nil, uint64(len(name))), name...), 0)
	out := append([]byte(nil), module...)
	out = append(out, 0)
	out = binary.AppendUvarint(out, uint64(len(payload)))
	return append(out, payload...)
}

func pluginLoad(s *server, gw string, mod []byte, run int) (loadRun, error) {
	var r loadRun
	out, err := send(s.base, "POST", "/causeway/v1/wasm", "application/wasm", mod)
	if err != nil {
		return r, err
	}
	var up struct{ URL string }
	if err := json.Unmarshal(out, &up); err != nil {
		return r, fmt.Errorf("upload answered %s", out)
	}
	busy, err := dialKeepAlive(gw)
	if err != nil {
		return r, err
	}
	defer busy.close()
	idle, err := dialKeepAlive(gw)
	if err != nil {
		return r, err
	}
	defer idle.close()
	for _, k := range []*keepAlive{busy, idle} {
		if status, _ := k.get(gw); status != http.StatusOK {
			return r, fmt.Errorf("before the plugin: %d", status)
		}
	}
	fresh, old := startProber(gw, nil, 10*time.Millisecond), startProber(gw, busy, 5*time.Millisecond)
	name := fmt.Sprintf("auth-%d", run)
	body := `{"pluginName":"` + name + `","url":"` + up.URL + `","phase":"AUTHN","pluginConfig":{"keys":["k1"]}}`
	out, err = send(s.base, "POST", "/v2/default/enginemgr/gateways/gwb/plugins", "application/json", []byte(body))
	if err != nil {
		fresh.halt()
		old.halt()
		return r, err
	}
	answered := time.Now()
	var created struct{ ID string }
	_ = json.Unmarshal(out, &created)
	unauthorized := func(x sample) bool { return x.status == http.StatusUnauthorized }
	err = waitFor(60*time.Second, func() bool {
		_, ok := first(fresh.samples(), answered, unauthorized)
		return ok
	})
	if err != nil {
		fresh.halt()
		old.halt()
		return r, fmt.Errorf("key-auth never answered 401: %w", err)
	}
	enforced, _ := first(fresh.samples(), answered, unauthorized)
	r.fresh = enforced.got.Sub(answered)
	r.idle = "connection failed"
	if status, closed := idle.get(gw); status != 0 {
		r.idle = fmt.Sprintf("%d (closed after: %v)", status, closed)
	}
	_ = waitFor(60*time.Second, func() bool {
		_, ok := first(old.samples(), answered, func(x sample) bool { return x.status == http.StatusUnauthorized || x.closed })
		return ok
	})
	time.Sleep(300 * time.Millisecond)
	seenFresh, seenOld := fresh.halt(), old.halt()
	if x, ok := first(seenOld, answered, func(x sample) bool { return x.status == http.StatusUnauthorized || x.closed }); ok {
		r.old, r.oldHow = x.got.Sub(answered), fmt.Sprintf("%d, closed %v", x.status, x.closed)
	} else {
		r.oldHow = "never"
	}
	for _, x := range append(seenFresh, seenOld...) {
		switch {
		case x.sent.Before(answered):
		case x.status == http.StatusOK && x.sent.After(enforced.got):
			r.bypass++
		case x.status == 0 || x.status >= 500:
			r.failed++
		}
	}
	if r.again, err = secondPlugin(s, gw, name+"-again", up.URL); err != nil {
		return r, err
	}
	if err := keyUpdate(s, gw, &r, created.ID, name, up.URL); err != nil {
		return r, err
	}
	if _, err := send(s.base, "DELETE", "/v2/default/enginemgr/gateways/gwb/plugins/"+created.ID, "", nil); err != nil {
		return r, err
	}
	return r, waitFor(30*time.Second, func() bool { return freshGet(gw) == http.StatusOK })
}

// secondPlugin adds a key-auth plugin of the module the gateway runs
// already, with another key, times the first key's first 401, and deletes
// it again.
func secondPlugin(s *server, gw, name, url string) (time.Duration, error) {
	body := `{"pluginName":"` + name + `","url":"` + url + `","phase":"AUTHN","pluginConfig":{"keys":["k9"]}}`
	out, err := send(s.base, "POST", "/v2/default/enginemgr/gateways/gwb/plugins", "application/json", []byte(body))
	if err != nil {
		return 0, err
	}
	answered := time.Now()
	if err := waitFor(30*time.Second, func() bool { return freshGet(gw, "x-api-key", "k1") == http.StatusUnauthorized }); err != nil {
		return 0, fmt.Errorf("a second plugin of a loaded module: %w", err)
	}
	took := time.Since(answered)
	var created struct{ ID string }
	_ = json.Unmarshal(out, &created)
	if _, err := send(s.base, "DELETE", "/v2/default/enginemgr/gateways/gwb/plugins/"+created.ID, "", nil); err != nil {
		return 0, err
	}
	return took, waitFor(30*time.Second, func() bool { return freshGet(gw, "x-api-key", "k1") == http.StatusOK })
}

// keyUpdate replaces the plugin's key and times the old key's first 401,
// on new connections and on a keep-alive connection opened before.
func keyUpdate(s *server, gw string, r *loadRun, id, name, url string) error {
	keep, err := dialKeepAlive(gw)
	if err != nil {
		return err
	}
	defer keep.close()
	if status, _ := keep.get(gw, "x-api-key", "k1"); status != http.StatusOK {
		return fmt.Errorf("with the key before the update: %d", status)
	}
	fresh := startProber(gw, nil, 5*time.Millisecond, "x-api-key", "k1")
	old := startProber(gw, keep, 5*time.Millisecond, "x-api-key", "k1")
	body := `{"pluginName":"` + name + `","url":"` + url + `","phase":"AUTHN","pluginConfig":{"keys":["k2"]}}`
	if _, err := send(s.base, "PUT", "/v2/default/enginemgr/gateways/gwb/plugins/"+id, "application/json", []byte(body)); err != nil {
		fresh.halt()
		old.halt()
		return err
	}
	answered := time.Now()
	unauthorized := func(x sample) bool { return x.status == http.StatusUnauthorized }
	_ = waitFor(10*time.Second, func() bool {
		_, a := first(fresh.samples(), answered, unauthorized)
		_, b := first(old.samples(), answered, func(x sample) bool { return x.status == http.StatusUnauthorized || x.closed })
		return a && b
	})
	time.Sleep(200 * time.Millisecond)
	seenFresh, seenOld := fresh.halt(), old.halt()
	enforced, ok := first(seenFresh, answered, unauthorized)
	if !ok {
		return fmt.Errorf("the key update was not in force within 10s")
	}
	r.update = enforced.got.Sub(answered)
	if x, ok := first(seenOld, answered, func(x sample) bool { return x.status == http.StatusUnauthorized || x.closed }); ok {
		r.updBusy = x.got.Sub(answered)
	}
	for _, x := range append(seenFresh, seenOld...) {
		if x.status == http.StatusOK && x.sent.After(enforced.got) {
			r.updPass++
		}
	}
	return nil
}
