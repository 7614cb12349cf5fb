package e2e

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"
)

// An agent reaches a registered MCP server through a real Envoy gateway:
// a tiny real MCP server (the mcp Python SDK, streamable HTTP) registered
// as a naming instance and as a REF MCP server through the Nacos v3 admin
// API, exposed by an MCP route of the gateway API at /mcp/weather and
// guarded by key-auth. A real MCP client of the same SDK is refused without
// the key and with a wrong one, lists and calls the tools with it, and
// still does after the server's instance moves to another port.
func TestMCPServerThroughGateway(t *testing.T) {
	envoyBinary(t)
	python := mcpPython(t)
	s := start(t, "", "--auth=false", "--plugin-fetch-allow", "127.0.0.1")
	logServerOnFailure(t, s)

	first := startMCPServer(t, python)
	mcpInstance(t, s, http.MethodPost, first.port)
	server := `{"name":"weather","protocol":"mcp-streamable","description":"e2e","versionDetail":{"version":"1.0.0"},` +
		`"remoteServerConfig":{"exportPath":"/mcp"}}`
	endpoint := `{"type":"REF","data":{"namespaceId":"public","groupName":"DEFAULT_GROUP","serviceName":"mcp-weather"}}`
	form := url.Values{"serverSpecification": {server}, "endpointSpecification": {endpoint}}
	if code, body := call(t, http.MethodPost, s.url("/nacos/v3/admin/ai/mcp"), form); code != http.StatusOK {
		t.Fatalf("register the MCP server: %d %s", code, body)
	}

	gwPort := freePort(t, "127.0.0.1")
	base := s.url("/v2/default/enginemgr/gateways/gw-mcp")
	gw := map[string]any{"listeners": []any{map[string]any{"name": "http", "port": gwPort, "protocol": "HTTP"}}}
	if code, body := jsonCall(t, http.MethodPut, base, gw); code != http.StatusOK {
		t.Fatalf("put gateway: %d %s", code, body)
	}
	route := map[string]any{"name": "weather", "domains": []string{"*"},
		"destination": map[string]any{"mcp": map[string]any{"name": "weather"}}}
	if code, body := jsonCall(t, http.MethodPost, base+"/routes", route); code != http.StatusOK || strings.Contains(body, "warnings") {
		t.Fatalf("create MCP route: %d %s", code, body)
	}
	key := pluginModule(t, "key-auth")
	mods := moduleServer(t, map[string][]byte{"key-auth.wasm": key})
	plugin := map[string]any{"pluginName": "key-auth", "url": mods.URL + "/key-auth.wasm", "sha256": sha(key),
		"phase": "AUTHN", "priority": 1, "pluginConfig": map[string]any{"keys": []string{"agent-key"}}}
	if code, body := jsonCall(t, http.MethodPost, base+"/plugins", plugin); code != http.StatusOK {
		t.Fatalf("create key-auth: %d %s", code, body)
	}
	startEnvoy(t, envoyOptions{XDSAddr: s.xdsAddr, Delta: true, Metadata: map[string]string{
		"causeway.role": "gateway", "causeway.gateway_id": "gw-mcp"}})
	mcpURL := fmt.Sprintf("http://127.0.0.1:%d/mcp/weather", gwPort)

	var got mcpAnswer
	eventually(t, 30*time.Second, "the MCP client to work through the gateway", func() bool {
		got = runMCPClient(t, python, mcpURL, "agent-key", "")
		return got.err == ""
	})
	if strings.Join(got.Tools, ",") != "add,slow,whoami" || got.Add != "5" || got.Whoami != strconv.Itoa(first.port) {
		t.Fatalf("through the gateway: %+v", got)
	}
	for _, k := range []string{"", "wrong-key"} {
		// Every request the client made was answered 401 by the gateway.
		if a := runMCPClient(t, python, mcpURL, k, ""); !onlyUnauthorized.MatchString(a.err) {
			t.Fatalf("key %q: the client was not refused with 401: %+v", k, a)
		}
	}

	// A call longer than Envoy's default route timeout (15 s) is not cut:
	// an MCP route has none.
	if a := runMCPClient(t, python, mcpURL, "agent-key", "16"); a.err != "" || a.Slow != "done" {
		t.Fatalf("a 16 s call through the gateway: %+v", a)
	}

	// The instance moves: a new server on another port registers, the old
	// one deregisters and stops; the gateway follows.
	second := startMCPServer(t, python)
	mcpInstance(t, s, http.MethodPost, second.port)
	mcpInstance(t, s, http.MethodDelete, first.port)
	first.stop()
	moved := time.Now()
	eventually(t, 30*time.Second, "the gateway to follow the moved instance", func() bool {
		got = runMCPClient(t, python, mcpURL, "agent-key", "")
		return got.err == "" && got.Whoami == strconv.Itoa(second.port)
	})
	t.Logf("the client worked through the moved instance %v after the move", time.Since(moved).Round(time.Millisecond))
}

var onlyUnauthorized = regexp.MustCompile(`^exit status 1: http statuses \[401(, 401)*\]`)

// mcpPython answers the .venv's python with the mcp SDK (make mcp).
func mcpPython(t *testing.T) string {
	return venvPython(t, "import mcp.server.mcpserver", "the mcp Python SDK", "mcp")
}

// venvPython answers the project's .venv Python once check (an import)
// runs there, and fails the test naming sdk and its make target otherwise.
func venvPython(t *testing.T, check, sdk, target string) string {
	t.Helper()
	python := filepath.Join(moduleRoot(), ".venv", "bin", "python")
	if out, err := exec.Command(python, "-c", check).CombinedOutput(); err != nil {
		t.Fatalf("%s is not in .venv (make %s): %v\n%s", sdk, target, err, out)
	}
	return python
}

// mcpInstance registers (POST) or deregisters (DELETE) the naming instance
// 127.0.0.1:port of mcp-weather through the v3 admin API.
func mcpInstance(t *testing.T, s *server, method string, port int) {
	t.Helper()
	q := url.Values{"serviceName": {"mcp-weather"}, "ip": {"127.0.0.1"}, "port": {strconv.Itoa(port)}, "ephemeral": {"false"}}
	if code, body := call(t, method, s.url("/nacos/v3/admin/ns/instance?"+q.Encode()), nil); code != http.StatusOK {
		t.Fatalf("%s instance :%d: %d %s", method, port, code, body)
	}
}

type mcpServerProc struct {
	port int
	cmd  *exec.Cmd
	out  *bytes.Buffer
}

func (p *mcpServerProc) stop() {
	_ = p.cmd.Process.Kill()
	_ = p.cmd.Wait()
}

// startMCPServer runs test/mcp/server.py on a free port until the test
// ends and waits until it accepts connections.
func startMCPServer(t *testing.T, python string) *mcpServerProc {
	t.Helper()
	return startPythonServer(t, python, filepath.Join(moduleRoot(), "test", "mcp", "server.py"))
}

// startPythonServer runs script PORT with a free port until the test ends
// and waits until it accepts connections.
func startPythonServer(t *testing.T, python, script string) *mcpServerProc {
	t.Helper()
	port := freePort(t, "127.0.0.1")
	cmd := exec.Command(python, script, strconv.Itoa(port))
	p := &mcpServerProc{port: port, cmd: cmd, out: &bytes.Buffer{}}
	cmd.Stdout, cmd.Stderr = p.out, p.out
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if cmd.ProcessState == nil {
			p.stop()
		}
		if t.Failed() {
			t.Logf("%s :%d output:\n%s", filepath.Base(script), port, p.out.String())
		}
	})
	eventually(t, 20*time.Second, filepath.Base(script)+" to listen", func() bool {
		c, err := net.DialTimeout("tcp", net.JoinHostPort("127.0.0.1", strconv.Itoa(port)), time.Second)
		if err == nil {
			_ = c.Close()
		}
		return err == nil
	})
	return p
}

// mcpAnswer is what test/mcp/client.py printed, or why it failed.
type mcpAnswer struct {
	Tools  []string `json:"tools"`
	Add    string   `json:"add"`
	Whoami string   `json:"whoami"`
	Slow   string   `json:"slow"`
	err    string
}

// runMCPClient runs test/mcp/client.py against url with key, calling its
// slow tool for slow seconds unless slow is "".
func runMCPClient(t *testing.T, python, url, key, slow string) mcpAnswer {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, python, filepath.Join(moduleRoot(), "test", "mcp", "client.py"), url, key, slow)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	cmd.Env = append(os.Environ(), "NO_PROXY=*")
	if err := cmd.Run(); err != nil {
		return mcpAnswer{err: fmt.Sprintf("%v: %s", err, stderr.String())}
	}
	var a mcpAnswer
	if err := json.Unmarshal(stdout.Bytes(), &a); err != nil {
		return mcpAnswer{err: fmt.Sprintf("client printed %q: %v", stdout.String(), err)}
	}
	return a
}
