package e2e

import (
	"encoding/json"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
)

// A plugin URL is not a port scanner (issue 17, finding 7): the real
// server refuses module URLs on its loopback unless --plugin-fetch-allow
// names them, and answers every fetch failure (refused as internal,
// connection refused, not HTTP, 404) with the same CSE error and detail.
func TestPluginFetchRefusesInternalTargets(t *testing.T) {
	var hits atomic.Int64
	mods := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		http.NotFound(w, r)
	}))
	t.Cleanup(mods.Close)
	ssh, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = ssh.Close() })
	go func() {
		for {
			c, err := ssh.Accept()
			if err != nil {
				return
			}
			_, _ = c.Read(make([]byte, 4096)) // the request, so the answer is read as one
			_, _ = c.Write([]byte("SSH-2.0-OpenSSH_9.6\r\n"))
			_ = c.Close()
		}
	}()
	closed := freeAddr(t)
	answers := func(s *server, urls ...string) []string {
		gw := s.url("/v2/default/enginemgr/gateways/gw-fetch")
		body := map[string]any{"listeners": []any{map[string]any{"name": "http", "port": 18080, "protocol": "HTTP"}}}
		if code, out := jsonCall(t, http.MethodPut, gw, body); code != http.StatusOK {
			t.Fatalf("put gateway: %d %s", code, out)
		}
		var got []string
		for _, u := range urls {
			code, out := jsonCall(t, http.MethodPost, gw+"/plugins", map[string]any{"pluginName": "p", "url": u})
			var e struct {
				Code   string `json:"error_code"`
				Detail string `json:"detail"`
			}
			if code != http.StatusBadRequest || json.Unmarshal([]byte(out), &e) != nil || e.Code != "SVCSTG.00400100" {
				t.Fatalf("POST plugin %s: %d %s", u, code, out)
			}
			got = append(got, e.Detail)
		}
		return got
	}
	const generic = "url: the plugin module could not be fetched from the URL"
	strict := start(t, "", "--auth=false")
	for i, msg := range answers(strict, mods.URL+"/m.wasm", "http://169.254.169.254/latest/meta-data/",
		"http://[::ffff:127.0.0.1]:"+strings.Split(mods.URL, ":")[2]+"/m.wasm", "oci://"+strings.TrimPrefix(mods.URL, "http://")+"/p/m:v1") {
		if msg != generic {
			t.Errorf("refused URL %d answered %q", i, msg)
		}
	}
	if n := hits.Load(); n != 0 {
		t.Fatalf("the loopback module server was reached %d times", n)
	}
	allowed := start(t, "", "--auth=false", "--plugin-fetch-allow", "127.0.0.1")
	for i, msg := range answers(allowed, mods.URL+"/m.wasm", "http://"+closed+"/m.wasm", "http://"+ssh.Addr().String()+"/m.wasm") {
		if msg != generic {
			t.Errorf("failed fetch %d answered %q", i, msg)
		}
	}
	if hits.Load() == 0 {
		t.Fatal("the allow-listed module server was never reached")
	}
	if !strings.Contains(allowed.out.String(), "404 Not Found") || !strings.Contains(strict.out.String(), "loopback") {
		t.Fatalf("the server logs lack the causes:\n%s\n%s", strict.out, allowed.out)
	}
}
