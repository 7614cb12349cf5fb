package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"time"
)

// inForce measures, for each kind of change, how long after the REST API
// answered a real Envoy gateway serves it: the time from the answer to the
// first request that shows the change (or, for a removal, the first of ten
// in a row that no longer reach what was removed), and for a cluster-level
// policy to the moment Envoy's active cluster carries it with nothing left
// warming. Each kind runs runs times (a new plugin newRuns times: each
// compiles a module); the report gives p50, p99 and max.
func inForce(binary, envoy, module string, runs, newRuns int) error {
	mod, err := os.ReadFile(module)
	if err != nil {
		return fmt.Errorf("read the plugin module (make plugins builds it): %w", err)
	}
	s, err := startServer(binary)
	if err != nil {
		return err
	}
	defer s.stop()
	b, err := newInForceBed(s, envoy, mod)
	if err != nil {
		return err
	}
	defer b.stop()
	fmt.Printf("in force: REST answer to a real Envoy %s gateway serving the change (%d runs, new plugin %d)\n",
		envoyVersion(envoy), runs, newRuns)
	kinds := []struct {
		name string
		n    int
		run  func(i int) (time.Duration, error)
	}{
		{"instance-added", runs, b.instanceAdded},
		{"instance-removed", runs, b.instanceRemoved},
		{"route-rule", runs, b.routeRule},
		{"route-policy", runs, b.routePolicy},
		{"cluster-policy", runs, b.clusterPolicy},
		{"plugin-config", runs, b.pluginConfig},
		{"plugin-new", newRuns, b.newPlugin},
	}
	for _, k := range kinds {
		var took []time.Duration
		for i := range k.n {
			d, err := k.run(i)
			if err != nil {
				return fmt.Errorf("%s run %d: %w", k.name, i, err)
			}
			took = append(took, d)
		}
		fmt.Println(durations(took).report(k.name))
	}
	return nil
}

type durations []time.Duration

func (d durations) report(name string) string {
	sort.Slice(d, func(i, j int) bool { return d[i] < d[j] })
	pct := func(p float64) time.Duration { return d[int(float64(len(d)-1)*p)].Round(100 * time.Microsecond) }
	return fmt.Sprintf("%-17s p50 %-9v p99 %-9v max %-9v (%d runs)", name, pct(0.5), pct(0.99), d[len(d)-1].Round(100*time.Microsecond), len(d))
}

// inForceBed is a server, two instances of orders (1.0.0 and 2.0.0) on one
// host at different ports, a third (extra) to add to and remove from solo,
// a gateway routing / to orders and /solo to solo, and a real Envoy for it.
type inForceBed struct {
	s        *server
	writer   *server // where timed changes are made; nil: s (the cluster run writes on another node)
	gw       string  // the gateway listener
	admin    string  // Envoy's admin address
	ups      map[string]*http.Server
	ports    map[string]int
	envoy    *exec.Cmd
	dir      string
	mod      []byte // the plugin module
	module   string // its URL once uploaded
	pluginID string
	faultID  string // the fault injection policy, while it exists
	lbID     string // the load balancing policy, while it exists
}

// probeClient opens a connection per request: a change that replaces a
// listener is served on new connections first.
var probeClient = &http.Client{Timeout: 3 * time.Second, Transport: &http.Transport{DisableKeepAlives: true, Proxy: nil}}

func newInForceBed(s *server, envoy string, mod []byte) (*inForceBed, error) {
	b := &inForceBed{s: s, ups: map[string]*http.Server{}, ports: map[string]int{}}
	if mod != nil { // nil: a bed without plugins (the cluster run's)
		url, err := upload(s, mod)
		if err != nil {
			return nil, err
		}
		b.mod, b.module = mod, url
	}
	for _, id := range []string{"v1", "v2", "extra"} {
		if err := b.upstream(id); err != nil {
			b.stop()
			return nil, err
		}
	}
	gwAddr, err := freeAddr()
	if err != nil {
		b.stop()
		return nil, err
	}
	_, gwPort, _ := net.SplitHostPort(gwAddr)
	b.gw = gwAddr
	steps := []step{
		b.register("v1", "1.0.0"), b.register("v2", "2.0.0"),
		{"PUT", "/v2/default/enginemgr/gateways/gwb", "application/json", `{"listeners":[{"name":"http","port":` + gwPort + `,"protocol":"HTTP"}]}`},
		{"POST", "/v2/default/enginemgr/gateways/gwb/routes", "application/json",
			`{"name":"all","domains":["*"],"match":{"path":{"type":"prefix","value":"/"}},"destination":{"service":"orders"}}`},
		{"POST", "/v2/default/enginemgr/gateways/gwb/routes", "application/json",
			`{"name":"solo","domains":["*"],"match":{"path":{"type":"prefix","value":"/solo"}},"destination":{"service":"solo"}}`},
		{"POST", "/v3/default/govern/governance/match-group", "application/json",
			`{"name":"fault","selector":{"environment":"","app":"default","service":"orders"},"spec":{"matches":[{"name":"m","apiPath":{"prefix":"/fault"}}]}}`},
		{"POST", "/v3/default/govern/governance/match-group", "application/json",
			`{"name":"all","selector":{"environment":"","app":"default","service":"orders"},"spec":{"matches":[{"name":"m","apiPath":{"prefix":"/"}}]}}`},
	}
	if err := apply(s, steps); err != nil {
		b.stop()
		return nil, err
	}
	if err := b.startEnvoy(envoy); err != nil {
		b.stop()
		return nil, err
	}
	if err := waitFor(20*time.Second, func() bool { st, _, _ := b.probe("/", nil); return st == http.StatusOK }); err != nil {
		b.stop()
		return nil, fmt.Errorf("the gateway never routed: %w", err)
	}
	return b, nil
}

func (b *inForceBed) upstream(id string) error {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return err
	}
	srv := &http.Server{ReadHeaderTimeout: 5 * time.Second, Handler: http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("x-upstream", id)
		_, _ = io.WriteString(w, id)
	})}
	go func() { _ = srv.Serve(ln) }()
	b.ups[id], b.ports[id] = srv, ln.Addr().(*net.TCPAddr).Port
	return nil
}

func (b *inForceBed) register(id, version string) step {
	return step{"POST", fmt.Sprintf("/nacos/v1/ns/instance?serviceName=orders&ip=127.0.0.1&port=%d&ephemeral=false&metadata=version%%3D%s",
		b.ports[id], version), "", ""}
}

func (b *inForceBed) startEnvoy(envoy string) error {
	cmd, dir, err := runEnvoy(envoy, b.s)
	b.envoy, b.dir = cmd, dir
	if err != nil {
		return err
	}
	return waitFor(20*time.Second, func() bool {
		a, err := os.ReadFile(filepath.Join(dir, "admin"))
		b.admin = strings.TrimSpace(string(a))
		return err == nil && b.admin != ""
	})
}

func (b *inForceBed) stop() {
	if b.envoy != nil && b.envoy.Process != nil {
		_ = b.envoy.Process.Kill()
		_ = b.envoy.Wait()
	}
	for _, srv := range b.ups {
		_ = srv.Close()
	}
	if b.dir != "" {
		_ = os.RemoveAll(b.dir)
	}
}

// probe sends GET path through the gateway on a new connection.
func (b *inForceBed) probe(path string, header map[string]string) (int, string, http.Header) {
	req, _ := http.NewRequest(http.MethodGet, "http://"+b.gw+path, nil)
	for k, v := range header {
		req.Header.Set(k, v)
	}
	resp, err := probeClient.Do(req)
	if err != nil {
		return 0, "", nil
	}
	defer resp.Body.Close()
	_, _ = io.Copy(io.Discard, resp.Body)
	return resp.StatusCode, resp.Header.Get("x-upstream"), resp.Header
}

// w is the server timed changes are made on.
func (b *inForceBed) w() *server {
	if b.writer != nil {
		return b.writer
	}
	return b.s
}

// inForceAt is a check polled after a change: whether the change is in
// force, and since when (zero: since this very probe).
type inForceAt func() (bool, time.Time)

// now makes a plain check an inForceAt, in force when it ends (an upper
// bound: the probe itself takes a millisecond or so).
func now(ok func() bool) inForceAt {
	return func() (bool, time.Time) { return ok(), time.Time{} }
}

// timeTo makes the change and answers how long after its answer the check
// first held (up to a minute), and the answer's body.
func (b *inForceBed) timeTo(change step, check inForceAt) (time.Duration, []byte, error) {
	// A lone change: changes within the server's debounce window (10 ms)
	// of the last push are gathered into the next one.
	time.Sleep(50 * time.Millisecond)
	out, err := send(b.w().base, change.method, change.path, change.ctype, []byte(change.body))
	if err != nil {
		return 0, nil, err
	}
	answered := time.Now()
	for time.Since(answered) < time.Minute {
		if ok, since := check(); ok {
			if since.IsZero() {
				since = time.Now()
			}
			return since.Sub(answered), out, nil
		}
		// After 100 ms, probe every 10 ms: probing flat out would take the
		// CPU a slow change (a module compiling) needs.
		if time.Since(answered) > 100*time.Millisecond {
			time.Sleep(10 * time.Millisecond)
		}
	}
	return 0, out, errors.New("not in force within a minute")
}

// streak answers a check that holds once n probes in a row pass ok, in
// force since the end of the first of them: a removal, or a route among several
// targets, cannot be seen in one probe.
func streak(n int, ok func() bool) inForceAt {
	count := 0
	var first time.Time
	return func() (bool, time.Time) {
		if !ok() {
			count = 0
			return false, time.Time{}
		}
		if count == 0 {
			first = time.Now()
		}
		count++
		return count >= n, first
	}
}

// instanceAdded registers the only instance of solo, which the gateway
// routes /solo to: in force once a request gets an answer from it rather
// than a 503. The instance left by the run before is removed first, and
// gone from Envoy, outside the timing: adding it again would change
// nothing and be "in force" at once.
func (b *inForceBed) instanceAdded(int) (time.Duration, error) {
	_, _ = send(b.w().base, http.MethodDelete, b.registerSolo("DELETE").path, "", nil) // absent on the first run
	if err := waitFor(10*time.Second, b.soloIs(http.StatusServiceUnavailable)); err != nil {
		return 0, fmt.Errorf("solo's instance still routed: %w", err)
	}
	d, _, err := b.timeTo(b.registerSolo("POST"), now(b.soloIs(http.StatusOK)))
	return d, err
}

// instanceRemoved deregisters it again: in force once requests get a 503
// (no healthy upstream) rather than its answer.
func (b *inForceBed) instanceRemoved(int) (time.Duration, error) {
	if err := apply(b.w(), []step{b.registerSolo("POST")}); err != nil {
		return 0, err
	}
	if err := waitFor(10*time.Second, b.soloIs(http.StatusOK)); err != nil {
		return 0, err
	}
	d, _, err := b.timeTo(b.registerSolo("DELETE"), now(b.soloIs(http.StatusServiceUnavailable)))
	return d, err
}

func (b *inForceBed) registerSolo(method string) step {
	return step{method, fmt.Sprintf("/nacos/v1/ns/instance?serviceName=solo&ip=127.0.0.1&port=%d&ephemeral=false", b.ports["extra"]), "", ""}
}

func (b *inForceBed) soloIs(status int) func() bool {
	return func() bool { st, _, _ := b.probe("/solo", nil); return st == status }
}

func (b *inForceBed) upstreamIs(id string, header map[string]string) func() bool {
	return func() bool { _, up, _ := b.probe("/", header); return up == id }
}

// routeRule puts a rule sending x-canary: true to 2.0.0 and deletes it, in
// turns. A put is in force once four probes in a row reach 2.0.0 (round
// robin over both versions would reach 1.0.0 in two), a delete once one
// reaches 1.0.0.
func (b *inForceBed) routeRule(i int) (time.Duration, error) {
	path := "/v3/default/govern/route-rule/microservices/orders"
	canary := map[string]string{"x-canary": "true"}
	if i%2 == 1 { // deleted: canary requests reach 1.0.0 again
		d, _, err := b.timeTo(step{"DELETE", path, "", ""}, now(b.upstreamIs("v1", canary)))
		return d, err
	}
	rule := `[{"precedence":1,"match":{"headers":{"x-canary":{"exact":"true"}}},"route":[{"tags":{"version":"2.0.0"}}]}]`
	d, _, err := b.timeTo(step{"PUT", path, "application/json", rule}, streak(4, b.upstreamIs("v2", canary)))
	return d, err
}

// routePolicy creates a fault injection aborting /fault with 503 and
// deletes it, in turns.
func (b *inForceBed) routePolicy(i int) (time.Duration, error) {
	if i%2 == 0 {
		body := `{"name":"fault","selector":{"environment":"","app":"default","service":"orders"},"spec":{"type":"abort","percentage":100,"errorCode":503}}`
		d, out, err := b.timeTo(step{"POST", "/v3/default/govern/governance/fault-injection", "application/json", body}, now(func() bool {
			st, up, _ := b.probe("/fault", nil)
			return st == http.StatusServiceUnavailable && up == ""
		}))
		b.faultID = createdID(out)
		return d, err
	}
	d, _, err := b.timeTo(step{"DELETE", "/v3/default/govern/governance/fault-injection/" + b.faultID, "", ""}, now(func() bool {
		st, _, _ := b.probe("/fault", nil)
		return st == http.StatusOK
	}))
	return d, err
}

// clusterPolicy creates a Random load balancing policy and deletes it, in
// turns, and waits for Envoy's active cluster to follow with nothing
// warming.
func (b *inForceBed) clusterPolicy(i int) (time.Duration, error) {
	random := func(want bool) inForceAt {
		return now(func() bool {
			active, warming, err := b.clusters()
			return err == nil && warming == 0 && strings.Contains(active, `"lb_policy": "RANDOM"`) == want
		})
	}
	if i%2 == 0 {
		body := `{"name":"all","selector":{"environment":"","app":"default","service":"orders"},"spec":{"rule":"Random"}}`
		d, out, err := b.timeTo(step{"POST", "/v3/default/govern/governance/loadbalance", "application/json", body}, random(true))
		b.lbID = createdID(out)
		return d, err
	}
	d, _, err := b.timeTo(step{"DELETE", "/v3/default/govern/governance/loadbalance/" + b.lbID, "", ""}, random(false))
	return d, err
}

// createdID reads a CSE create answer, {"result":"<id>"}.
func createdID(out []byte) string {
	var created struct {
		Result string `json:"result"`
	}
	_ = json.Unmarshal(out, &created)
	return created.Result
}

// clusters answers Envoy's active orders cluster and how many clusters it
// warms.
func (b *inForceBed) clusters() (string, int, error) {
	active, err := b.adminGet("/config_dump?resource=dynamic_active_clusters&name_regex=.*orders.*")
	if err != nil {
		return "", 0, err
	}
	warming, err := b.adminGet("/config_dump?resource=dynamic_warming_clusters")
	if err != nil {
		return "", 0, err
	}
	return active, strings.Count(warming, `"name":`), nil
}

func (b *inForceBed) adminGet(path string) (string, error) {
	resp, err := setupClient.Get("http://" + b.admin + path)
	if err != nil {
		return "", err
	}
	defer resp.Body.Close()
	out, err := io.ReadAll(resp.Body)
	return string(out), err
}

// pluginConfig changes the response header a header-rewrite plugin sets
// (creating the plugin on the first run, outside the timing).
func (b *inForceBed) pluginConfig(i int) (time.Duration, error) {
	if b.pluginID == "" {
		id, err := b.createPlugin("rewrite", "x-bench", "0")
		if err != nil {
			return 0, err
		}
		b.pluginID = id
		if err := waitFor(time.Minute, func() bool { _, _, h := b.probe("/", nil); return h.Get("x-bench") == "0" }); err != nil {
			return 0, err
		}
	}
	want := fmt.Sprint(i + 1)
	d, _, err := b.timeTo(step{"PUT", "/v2/default/enginemgr/gateways/gwb/plugins/" + b.pluginID, "application/json", b.pluginBody("rewrite", "x-bench", want)}, now(func() bool {
		_, _, h := b.probe("/", nil)
		return h.Get("x-bench") == want
	}))
	return d, err
}

// newPlugin adds a plugin the gateway has never run, with a module it has
// never compiled (the shipped one with a custom section of its own, so
// another sha256), times it and deletes it again.
func (b *inForceBed) newPlugin(i int) (time.Duration, error) {
	name := fmt.Sprintf("new-%d", i)
	url, err := upload(b.s, uniqueModule(b.mod, name))
	if err != nil {
		return 0, err
	}
	body := b.pluginBody(name, "x-"+name, "1")
	body = strings.Replace(body, b.module, url, 1)
	d, _, err := b.timeTo(step{"POST", "/v2/default/enginemgr/gateways/gwb/plugins", "application/json", body}, now(func() bool {
		_, _, h := b.probe("/", nil)
		return h.Get("x-"+name) == "1"
	}))
	if err != nil {
		return 0, err
	}
	id, err := b.pluginIDOf(name)
	if err != nil {
		return 0, err
	}
	_, err = send(b.s.base, "DELETE", "/v2/default/enginemgr/gateways/gwb/plugins/"+id, "", nil)
	return d, err
}

func (b *inForceBed) createPlugin(name, header, value string) (string, error) {
	if _, err := send(b.s.base, "POST", "/v2/default/enginemgr/gateways/gwb/plugins", "application/json", []byte(b.pluginBody(name, header, value))); err != nil {
		return "", err
	}
	return b.pluginIDOf(name)
}

func (b *inForceBed) pluginIDOf(name string) (string, error) {
	out, err := send(b.s.base, "GET", "/v2/default/enginemgr/gateways/gwb/plugins", "", nil)
	if err != nil {
		return "", err
	}
	var list struct {
		Data []struct {
			ID   string `json:"id"`
			Name string `json:"pluginName"`
		} `json:"data"`
	}
	if err := json.Unmarshal(out, &list); err != nil {
		return "", err
	}
	for _, p := range list.Data {
		if p.Name == name {
			return p.ID, nil
		}
	}
	return "", fmt.Errorf("no plugin %s in %s", name, out)
}

// pluginBody is a header-rewrite plugin of the uploaded module setting one
// response header.
func (b *inForceBed) pluginBody(name, header, value string) string {
	cfg, _ := json.Marshal(map[string]any{"response": map[string]any{"set": map[string]string{header: value}}})
	return `{"pluginName":"` + name + `","url":"` + b.module + `","phase":"UNSPECIFIED_PHASE","pluginConfig":` + string(cfg) + `}`
}

// upload stores a module in causeway and answers its URL.
func upload(s *server, mod []byte) (string, error) {
	out, err := send(s.base, "POST", "/causeway/v1/wasm", "application/wasm", mod)
	if err != nil {
		return "", err
	}
	var up struct{ URL string }
	if err := json.Unmarshal(out, &up); err != nil || up.URL == "" {
		return "", fmt.Errorf("upload answered %s", out)
	}
	return up.URL, nil
}

// uniqueModule answers mod with a custom section named name appended: the
// same code, another sha256, so Envoy cannot reuse a compiled module.
func uniqueModule(mod []byte, name string) []byte {
	payload := append(append(uleb128(uint64(len(name))), name...), "causeway"...)
	out := append(append([]byte(nil), mod...), 0) // section id 0: custom
	out = append(out, uleb128(uint64(len(payload)))...)
	return append(out, payload...)
}

func uleb128(v uint64) []byte {
	var out []byte
	for {
		c := byte(v & 0x7f)
		v >>= 7
		if v != 0 {
			c |= 0x80
		}
		out = append(out, c)
		if v == 0 {
			return out
		}
	}
}

// envoyVersion answers the version Envoy reports ("version: <sha>/1.40.0/...").
func envoyVersion(envoy string) string {
	out, err := exec.Command(envoy, "--version").Output()
	if err != nil {
		return "?"
	}
	_, rest, ok := strings.Cut(string(out), "version: ")
	if parts := strings.Split(rest, "/"); ok && len(parts) > 1 {
		return parts[1]
	}
	return "?"
}
