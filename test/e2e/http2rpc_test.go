package e2e

import (
	"bufio"
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
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

const dubboInterface = "com.causeway.test.UserService"

// dubboProviderBinary builds the real dubbo-go provider of test/dubbo/provider
// (its own module) once per test binary.
var dubboProviderBinary = struct {
	once sync.Once
	path string
	err  error
}{}

// startDubboProvider runs the provider on a free port until the test ends
// and answers the port; stop kills it early.
func startDubboProvider(t *testing.T) (port int, stop func()) {
	t.Helper()
	dubboProviderBinary.once.Do(func() {
		dir, err := os.MkdirTemp("", "causeway-dubbo-")
		if err != nil {
			dubboProviderBinary.err = err
			return
		}
		dubboProviderBinary.path = filepath.Join(dir, "provider")
		cmd := exec.Command("go", "build", "-o", dubboProviderBinary.path, ".")
		cmd.Dir = filepath.Join(moduleRoot(), "test", "dubbo", "provider")
		if out, err := cmd.CombinedOutput(); err != nil {
			dubboProviderBinary.err = fmt.Errorf("build the dubbo provider: %w\n%s", err, out)
		}
	})
	if dubboProviderBinary.err != nil {
		t.Fatal(dubboProviderBinary.err)
	}
	_, p, _ := net.SplitHostPort(freeAddr(t))
	port, _ = strconv.Atoi(p)
	cmd := exec.Command(dubboProviderBinary.path, "-port", p)
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	cmd.Stderr = cmd.Stdout
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	var once sync.Once
	stop = func() { once.Do(func() { _ = cmd.Process.Kill(); _ = cmd.Wait() }) }
	t.Cleanup(stop)
	ready := make(chan bool, 1)
	go func() {
		sc := bufio.NewScanner(out)
		for sc.Scan() {
			if strings.TrimSpace(sc.Text()) == "READY" {
				ready <- true
			}
		}
		_, _ = io.Copy(io.Discard, out)
	}()
	select {
	case <-ready:
	case <-time.After(60 * time.Second):
		t.Fatal("the dubbo provider did not start")
	}
	return port, stop
}

// rpcEnv is a gateway with a "users" route, a real Envoy on it and a real
// Dubbo provider registered in Causeway under Dubbo's registry name.
type rpcEnv struct {
	s    *server
	gw   string // the gateway's address
	base string // the gateway's http2Rpcs API
	stop func() // stops the provider
}

func startRPCEnv(t *testing.T) *rpcEnv {
	t.Helper()
	envoyBinary(t)
	s := start(t, "", "--auth=false")
	logServerOnFailure(t, s)
	port, stop := startDubboProvider(t)
	reg := url.Values{"serviceName": {"providers:" + dubboInterface + "::"}, "ip": {"127.0.0.1"},
		"port": {strconv.Itoa(port)}, "ephemeral": {"false"}}
	if code, body := call(t, http.MethodPost, s.url("/nacos/v1/ns/instance"), reg); code != http.StatusOK {
		t.Fatalf("register the provider: %d %s", code, body)
	}
	gwPort := freePort(t, "127.0.0.1")
	gwAPI := s.url("/v2/default/enginemgr/gateways/gw-rpc")
	if code, body := jsonCall(t, http.MethodPut, gwAPI, map[string]any{"listeners": []any{
		map[string]any{"name": "http", "port": gwPort, "protocol": "HTTP"}}}); code != http.StatusOK {
		t.Fatalf("put gateway: %d %s", code, body)
	}
	route := map[string]any{"name": "users", "domains": []string{"*"}, "timeout": "2s",
		"match":       map[string]any{"path": map[string]any{"type": "prefix", "value": "/users"}},
		"destination": map[string]any{"service": "users"}}
	if code, body := jsonCall(t, http.MethodPost, gwAPI+"/routes", route); code >= 300 {
		t.Fatalf("create route: %d %s", code, body)
	}
	e := startEnvoy(t, envoyOptions{XDSAddr: s.xdsAddr, Delta: true, Metadata: map[string]string{
		"causeway.role": "gateway", "causeway.gateway_id": "gw-rpc", "causeway.http2rpc_address": s.http2rpcAddr}})
	t.Cleanup(func() {
		if n := e.rejectedUpdates(t); n != 0 {
			t.Errorf("envoy rejected %d updates: %v", n, e.rejectedStats(t))
		}
	})
	return &rpcEnv{s: s, gw: fmt.Sprintf("127.0.0.1:%d", gwPort), base: gwAPI + "/http2Rpcs", stop: stop}
}

func param(key, source, typ string) map[string]any {
	return map[string]any{"paramKey": key, "paramSource": source, "paramType": typ}
}

func rpcMethod(name, httpMethod, path string, params ...map[string]any) map[string]any {
	return map[string]any{"serviceMethod": name, "httpMethods": []string{httpMethod}, "httpPath": path, "params": params}
}

func (r *rpcEnv) mapping(t *testing.T, name string, methods ...map[string]any) {
	t.Helper()
	body := map[string]any{"name": name, "routeName": "users", "dubbo": map[string]any{"service": dubboInterface, "methods": methods}}
	if code, out := jsonCall(t, http.MethodPost, r.base, body); code != http.StatusOK {
		t.Fatalf("create mapping %s: %d %s", name, code, out)
	}
}

// send answers the gateway's status and body for one request.
func (r *rpcEnv) send(method, path, body string, headers ...string) (int, string) {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	req, _ := http.NewRequestWithContext(ctx, method, "http://"+r.gw+path, strings.NewReader(body))
	for i := 0; i+1 < len(headers); i += 2 {
		req.Header.Set(headers[i], headers[i+1])
	}
	resp, err := proxyClient.Do(req)
	if err != nil {
		return 0, err.Error()
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

// An HTTP request to a real Envoy gateway becomes a Dubbo call to a real
// dubbo-go provider found in the registry: parameters from the query, the
// path, a header and the body (a POJO, a list of POJOs), an exception as
// 500, a missing or bad parameter as 400, a stopped provider as 503; a
// second mapping on the gateway leaves the first working.
func TestHTTP2RPCThroughEnvoyToGoDubbo(t *testing.T) {
	r := startRPCEnv(t)
	r.mapping(t, "users-read",
		rpcMethod("greet", "GET", "/users/greet", param("name", "QUERY", "java.lang.String")),
		rpcMethod("add", "GET", "/users/add/{a}/{b}", param("a", "PATH", "java.lang.Integer"), param("b", "PATH", "java.lang.Integer")),
		rpcMethod("greet", "GET", "/users/me", param("x-user", "HEADER", "java.lang.String")),
		rpcMethod("fail", "GET", "/users/fail", param("msg", "QUERY", "java.lang.String")),
	)
	eventually(t, 10*time.Second, "the first mapping to answer", func() bool {
		code, _ := r.send("GET", "/users/greet?name=ann", "")
		return code == http.StatusOK
	})
	write := []map[string]any{
		{"serviceMethod": "echoUser", "httpMethods": []string{"POST"}, "httpPath": "/users/echo",
			"paramFromEntireBody": map[string]any{"paramType": "com.causeway.test.User"}},
		{"serviceMethod": "listUsers", "httpMethods": []string{"POST"}, "httpPath": "/users/list",
			"paramFromEntireBody": map[string]any{"paramType": "java.util.List<com.causeway.test.User>"}},
	}
	r.mapping(t, "users-write", write...)
	eventually(t, 10*time.Second, "the second mapping to answer", func() bool {
		code, _ := r.send("POST", "/users/echo", `{"name":"bo","age":30}`)
		return code == http.StatusOK
	})
	cases := []struct {
		name, method, path, body string
		headers                  []string
		status                   int
		want                     any
	}{
		{"query string", "GET", "/users/greet?name=ann", "", nil, 200, "Hello, ann!"},
		{"two path integers", "GET", "/users/add/40/2", "", nil, 200, float64(42)},
		{"header", "GET", "/users/me", "", []string{"x-user", "cy"}, 200, "Hello, cy!"},
		{"POJO body", "POST", "/users/echo", `{"name":"bo","age":30}`, nil, 200, map[string]any{"name": "bo", "age": float64(31)}},
		{"list of POJOs", "POST", "/users/list", `[{"name":"a","age":1},{"name":"b","age":2}]`, nil, 200,
			[]any{map[string]any{"name": "b", "age": float64(2)}, map[string]any{"name": "a", "age": float64(1)}}},
		{"exception", "GET", "/users/fail?msg=boom", "", nil, 500, nil},
		{"missing parameter", "GET", "/users/greet", "", nil, 400, nil},
		{"bad integer", "GET", "/users/add/x/2", "", nil, 400, nil},
		{"unmapped method", "DELETE", "/users/greet", "", nil, 503, nil}, // the users route itself: no upstream
	}
	for _, c := range cases {
		code, body := r.send(c.method, c.path, c.body, c.headers...)
		if code != c.status {
			t.Errorf("%s: %d %s, want %d", c.name, code, body, c.status)
			continue
		}
		if c.want == nil {
			continue
		}
		var got struct{ Result any }
		if err := json.Unmarshal([]byte(body), &got); err != nil || fmt.Sprint(got.Result) != fmt.Sprint(c.want) {
			t.Errorf("%s: %s, want result %v", c.name, body, c.want)
		}
	}
	if code, body := r.send("GET", "/users/fail?msg=boom", ""); !strings.Contains(body, "IllegalArgumentException") || !strings.Contains(body, "boom") {
		t.Errorf("the exception answer lacks its class and message: %d %s", code, body)
	}
	r.stop()
	if code, body := r.send("GET", "/users/greet?name=ann", ""); code != http.StatusServiceUnavailable {
		t.Errorf("a stopped provider answered %d %s, want 503", code, body)
	}
}
