package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
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
	gw, stopEnvoy, err := startGateway(s, envoy)
	if err != nil {
		return err
	}
	defer stopEnvoy()
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
// gateway on it, and answers the gateway's address once it routes.
func startGateway(s *server, envoy string) (string, func(), error) {
	up, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", nil, err
	}
	upSrv := &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) { _, _ = io.WriteString(w, "ok") }),
		ReadHeaderTimeout: 5 * time.Second}
	go func() { _ = upSrv.Serve(up) }()
	upPort := up.Addr().(*net.TCPAddr).Port
	gwAddr, err := freeAddr()
	if err != nil {
		return "", nil, err
	}
	_, gwPort, _ := net.SplitHostPort(gwAddr)
	steps := []step{
		{"POST", fmt.Sprintf("/nacos/v1/ns/instance?serviceName=echo&ip=127.0.0.1&port=%d&ephemeral=false", upPort), "", ""},
		{"PUT", "/v2/default/enginemgr/gateways/gwb", "application/json", `{"listeners":[{"name":"http","port":` + gwPort + `,"protocol":"HTTP"}]}`},
		{"POST", "/v2/default/enginemgr/gateways/gwb/routes", "application/json",
			`{"name":"all","domains":["*"],"match":{"path":{"type":"prefix","value":"/"}},"destination":{"service":"echo"}}`},
	}
	if err := apply(s, steps); err != nil {
		return "", nil, err
	}
	cmd, dir, err := runEnvoy(envoy, s)
	if err != nil {
		return "", nil, err
	}
	stop := func() {
		_ = cmd.Process.Kill()
		_ = cmd.Wait()
		_ = os.RemoveAll(dir)
		_ = upSrv.Close()
	}
	if err := waitFor(20*time.Second, func() bool { h, err := get(gwAddr); return err == nil && h != nil }); err != nil {
		stop()
		return "", nil, fmt.Errorf("the gateway never routed: %w", err)
	}
	return gwAddr, stop, nil
}

func runEnvoy(envoy string, s *server) (*exec.Cmd, string, error) {
	dir, err := os.MkdirTemp("", "causeway-bench-envoy-")
	if err != nil {
		return nil, "", err
	}
	host, port, _ := net.SplitHostPort(s.xds)
	httpAddr := strings.TrimPrefix(s.base, "http://")
	bootstrap := fmt.Sprintf(`node: {id: gw-bench, cluster: bench, metadata: {causeway.role: gateway, causeway.gateway_id: gwb, causeway.http_address: %q}}
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
    load_assignment: {cluster_name: xds, endpoints: [{lb_endpoints: [{endpoint: {address: {socket_address: {address: %s, port_value: %s}}}}]}]}
admin: {address: {socket_address: {address: 127.0.0.1, port_value: 0}}}
`, httpAddr, host, port)
	path := filepath.Join(dir, "bootstrap.yaml")
	if err := os.WriteFile(path, []byte(bootstrap), 0o600); err != nil {
		return nil, dir, err
	}
	cmd := exec.Command(envoy, "-c", path, "-l", "warning", "--disable-hot-restart", "--concurrency", "1",
		"--base-id", fmt.Sprint(os.Getpid()%100000))
	cmd.Stdout, cmd.Stderr = os.Stderr, os.Stderr
	return cmd, dir, cmd.Start()
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
