package e2e

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"testing"
	"time"
)

// An agent reaches a registered A2A agent through a real Envoy gateway: a
// tiny real A2A agent (the a2a-sdk, JSON-RPC) whose card is registered
// through the Nacos v3 admin API, exposed by an A2A route of the gateway
// API at /a2a/echo and guarded by key-auth. A real A2A client of the same
// SDK is refused without the key and with a wrong one; with it, it reads
// the card the gateway serves (its url the gateway's, at both well-known
// paths) and sends a message that the agent answers through the gateway,
// and still does after a new card version moves the agent to another port.
func TestA2AAgentThroughGateway(t *testing.T) {
	envoyBinary(t)
	python := a2aPython(t)
	s := start(t, "", "--auth=false", "--plugin-fetch-allow", "127.0.0.1")
	logServerOnFailure(t, s)

	first := startPythonServer(t, python, filepath.Join(moduleRoot(), "test", "a2a", "server.py"))
	registerAgentCard(t, s, http.MethodPost, "1", first.port)

	gwPort := freePort(t, "127.0.0.1")
	public := fmt.Sprintf("http://127.0.0.1:%d", gwPort)
	base := s.url("/v2/default/enginemgr/gateways/gw-a2a")
	gw := map[string]any{"listeners": []any{map[string]any{"name": "http", "port": gwPort, "protocol": "HTTP"}}}
	if code, body := jsonCall(t, http.MethodPut, base, gw); code != http.StatusOK {
		t.Fatalf("put gateway: %d %s", code, body)
	}
	route := map[string]any{"name": "echo", "domains": []string{"*"},
		"destination": map[string]any{"a2a": map[string]any{"name": "echo", "publicURL": public}}}
	if code, body := jsonCall(t, http.MethodPost, base+"/routes", route); code != http.StatusOK {
		t.Fatalf("create A2A route: %d %s", code, body)
	}
	key := pluginModule(t, "key-auth")
	mods := moduleServer(t, map[string][]byte{"key-auth.wasm": key})
	plugin := map[string]any{"pluginName": "key-auth", "url": mods.URL + "/key-auth.wasm", "sha256": sha(key),
		"phase": "AUTHN", "priority": 1, "pluginConfig": map[string]any{"keys": []string{"agent-key"}}}
	if code, body := jsonCall(t, http.MethodPost, base+"/plugins", plugin); code != http.StatusOK {
		t.Fatalf("create key-auth: %d %s", code, body)
	}
	startEnvoy(t, envoyOptions{XDSAddr: s.xdsAddr, Delta: true, Metadata: map[string]string{
		"causeway.role": "gateway", "causeway.gateway_id": "gw-a2a"}})
	agentBase := public + "/a2a/echo"

	var got a2aAnswer
	eventually(t, 30*time.Second, "the A2A client to work through the gateway", func() bool {
		got = runA2AClient(t, python, agentBase, "agent-key")
		return got.err == ""
	})
	want := a2aAnswer{Name: "echo", URL: agentBase, LegacyURL: agentBase, ContentType: "application/json",
		Reply: strconv.Itoa(first.port) + ": hello"}
	if got != want {
		t.Fatalf("through the gateway: %+v, want %+v", got, want)
	}
	for _, k := range []string{"", "wrong-key"} {
		if a := runA2AClient(t, python, agentBase, k); !a2aUnauthorized.MatchString(a.err) {
			t.Fatalf("key %q: the client was not refused with 401: %+v", k, a)
		}
	}

	// The agent moves: a new agent on another port, its card published as
	// version 2, the latest; the old agent stops; the gateway follows.
	second := startPythonServer(t, python, filepath.Join(moduleRoot(), "test", "a2a", "server.py"))
	registerAgentCard(t, s, http.MethodPut, "2", second.port)
	first.stop()
	moved := time.Now()
	eventually(t, 30*time.Second, "the gateway to follow the moved agent", func() bool {
		got = runA2AClient(t, python, agentBase, "agent-key")
		return got.err == "" && got.Reply == strconv.Itoa(second.port)+": hello"
	})
	t.Logf("the client worked through the moved agent %v after the move", time.Since(moved).Round(time.Millisecond))
}

// The first request (the card) is refused; the client stops there.
var a2aUnauthorized = regexp.MustCompile(`^exit status 1: http statuses \[401\]`)

// a2aPython answers the .venv's python with the a2a-sdk (make a2a).
func a2aPython(t *testing.T) string {
	return venvPython(t, "import a2a.server.apps, a2a.client", "the a2a-sdk", "a2a")
}

// registerAgentCard registers (POST) or publishes as the latest version
// (PUT) the card of agent echo, its url the agent on port, through the
// Nacos v3 admin API.
func registerAgentCard(t *testing.T, s *server, method, version string, port int) {
	t.Helper()
	card := fmt.Sprintf(`{"protocolVersion":"0.3.0","name":"echo","description":"echoes","version":%q,`+
		`"url":"http://127.0.0.1:%d/rpc","preferredTransport":"JSONRPC","capabilities":{"streaming":false},`+
		`"skills":[{"id":"echo","name":"echo","description":"echoes","tags":[]}],`+
		`"defaultInputModes":["text/plain"],"defaultOutputModes":["text/plain"]}`, version, port)
	form := url.Values{"agentCard": {card}}
	if method == http.MethodPut {
		form.Set("setAsLatest", "true")
	}
	if code, body := call(t, method, s.url("/nacos/v3/admin/ai/a2a"), form); code != http.StatusOK {
		t.Fatalf("%s agent card version %s: %d %s", method, version, code, body)
	}
}

// a2aAnswer is what test/a2a/client.py printed, or why it failed.
type a2aAnswer struct {
	Name      string `json:"name"`
	URL       string `json:"url"`
	LegacyURL string `json:"legacyURL"`
	// ContentType is the content-type header of the card's answer.
	ContentType string `json:"contentType"`
	Reply       string `json:"reply"`
	err         string
}

// runA2AClient runs test/a2a/client.py against the agent below base.
func runA2AClient(t *testing.T, python, base, key string) a2aAnswer {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, python, filepath.Join(moduleRoot(), "test", "a2a", "client.py"), base, key)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	cmd.Env = append(os.Environ(), "NO_PROXY=*")
	if err := cmd.Run(); err != nil {
		return a2aAnswer{err: fmt.Sprintf("%v: %s", err, stderr.String())}
	}
	var a a2aAnswer
	if err := json.Unmarshal(stdout.Bytes(), &a); err != nil {
		return a2aAnswer{err: fmt.Sprintf("client printed %q: %v", stdout.String(), err)}
	}
	return a
}
