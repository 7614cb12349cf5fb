package e2e

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"io/fs"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

const dubboInterface = "com.causeway.test.UserService"

// providerStarter starts a Dubbo provider of com.causeway.test.UserService
// for the test and answers its port; stop kills it early.
type providerStarter func(t *testing.T) (port int, stop func())

// dubboProviderBinary builds the real dubbo-go provider of test/dubbo/provider
// (its own module) once per test binary.
var dubboProviderBinary = struct {
	once sync.Once
	path string
	err  error
}{}

// startDubboProvider runs the dubbo-go provider on a free port until the
// test ends.
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
	port = freePort(t, "127.0.0.1")
	return port, runProvider(t, "the dubbo-go provider", exec.Command(dubboProviderBinary.path, "-port", strconv.Itoa(port)))
}

// startJavaDubboProvider runs the Java provider (java -jar) on a free port
// until the test ends. Without java and mvn on PATH the test skips.
func startJavaDubboProvider(t *testing.T) (port int, stop func()) {
	t.Helper()
	jar := javaProviderJar.build(t)
	port = freePort(t, "127.0.0.1")
	cmd := exec.Command("java", "-jar", jar, strconv.Itoa(port))
	cmd.Dir = filepath.Dir(filepath.Dir(jar))
	begin := time.Now()
	stop = runProvider(t, "the Java dubbo provider", cmd)
	t.Logf("the Java dubbo provider was ready in %v", time.Since(begin).Round(time.Millisecond))
	return port, stop
}

// fresh tells whether target exists and is newer than every file of the
// sources (files or directories).
func fresh(target string, sources ...string) bool {
	ti, err := os.Stat(target)
	if err != nil {
		return false
	}
	for _, src := range sources {
		err := filepath.WalkDir(src, func(_ string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if fi, err := d.Info(); err != nil || !fi.ModTime().Before(ti.ModTime()) {
				return fs.ErrExist // stale, or unknown: rebuild
			}
			return nil
		})
		if err != nil {
			return false
		}
	}
	return true
}

// runProvider starts cmd, a provider that prints READY once it serves,
// waits up to 60 s for that line (a JVM and Dubbo take a while on a small
// machine) and answers a stop that kills it; the test's end stops it too.
// Its output is logged if the test fails.
func runProvider(t *testing.T, what string, cmd *exec.Cmd) (stop func()) {
	t.Helper()
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	cmd.Stderr = cmd.Stdout
	if err := cmd.Start(); err != nil {
		t.Fatalf("start %s: %v", what, err)
	}
	var once sync.Once
	stop = func() { once.Do(func() { _ = cmd.Process.Kill(); _ = cmd.Wait() }) }
	t.Cleanup(stop)
	log := &syncBuffer{}
	t.Cleanup(func() {
		if t.Failed() {
			t.Logf("%s's output:\n%s", what, log.String())
		}
	})
	ready, exited := make(chan bool, 1), make(chan bool)
	go func() {
		defer close(exited)
		sc := bufio.NewScanner(out)
		for sc.Scan() {
			fmt.Fprintln(log, sc.Text())
			if strings.TrimSpace(sc.Text()) == "READY" {
				select {
				case ready <- true:
				default:
				}
			}
		}
		_, _ = io.Copy(log, out)
	}()
	select {
	case <-ready:
	case <-exited:
		t.Fatalf("%s exited before READY:\n%s", what, log.String())
	case <-time.After(60 * time.Second):
		t.Fatalf("%s did not print READY within 60s:\n%s", what, log.String())
	}
	return stop
}

// rpcEnv is a gateway with a "users" route, a real Envoy on it and a real
// Dubbo provider registered in Causeway under Dubbo's registry name.
type rpcEnv struct {
	s    *server
	gw   string // the gateway's address
	base string // the gateway's http2Rpcs API
	stop func() // stops the provider
}

func startRPCEnv(t *testing.T, startProvider providerStarter) *rpcEnv {
	t.Helper()
	envoyBinary(t)
	s := start(t, "", "--auth=false")
	logServerOnFailure(t, s)
	port, stop := startProvider(t)
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

// bodyMethod maps a method whose one parameter is the whole JSON body.
func bodyMethod(name, path, typ string) map[string]any {
	return map[string]any{"serviceMethod": name, "httpMethods": []string{"POST"}, "httpPath": path,
		"paramFromEntireBody": map[string]any{"paramType": typ}}
}

func (r *rpcEnv) mapping(t *testing.T, name string, methods ...map[string]any) string {
	t.Helper()
	body := map[string]any{"name": name, "routeName": "users", "dubbo": map[string]any{"service": dubboInterface, "methods": methods}}
	code, out := jsonCall(t, http.MethodPost, r.base, body)
	if code != http.StatusOK {
		t.Fatalf("create mapping %s: %d %s", name, code, out)
	}
	var m struct {
		ID string `json:"id"`
	}
	if err := json.Unmarshal([]byte(out), &m); err != nil || m.ID == "" {
		t.Fatalf("create mapping %s: no id in %s (%v)", name, out, err)
	}
	return m.ID
}

// directCallsRefused: a client reaching the bridge's port itself, naming
// a mapping as the gateway route does (and any seal it can make up), is
// refused, so it cannot skip the gateway's plugins or pick the timeout.
func (r *rpcEnv) directCallsRefused(t *testing.T, mappingID string) {
	t.Helper()
	target := "default/gw-rpc/" + mappingID + "/0"
	for _, seal := range []string{"", "2000.00", "600000." + strings.Repeat("ab", 32)} {
		req, _ := http.NewRequest(http.MethodGet, "http://"+r.s.http2rpcAddr+"/users/greet?name=ann", nil)
		req.Header.Set("x-causeway-http2rpc", target)
		if seal != "" {
			req.Header.Set("x-causeway-http2rpc-seal", seal)
		}
		req.Header.Set("x-envoy-expected-rq-timeout-ms", "600000")
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != http.StatusForbidden {
			t.Errorf("direct call to the bridge with seal %q: %d %s, want 403", seal, resp.StatusCode, body)
		}
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

// rpcCase is one request through the gateway and the answer it must get.
// want, when set, is the exact JSON of the answer's "result" (numbers
// compared as written, never through float64), or of the whole answer for
// a failure.
type rpcCase struct {
	name, method, path, body string
	headers                  []string
	status                   int
	want                     string
}

func (r *rpcEnv) check(t *testing.T, cases []rpcCase) {
	t.Helper()
	for _, c := range cases {
		code, body := r.send(c.method, c.path, c.body, c.headers...)
		if code != c.status {
			t.Errorf("%s: %d %s, want %d", c.name, code, body, c.status)
			continue
		}
		if c.want == "" {
			continue
		}
		got, want := exactJSON(body), exactJSON(c.want)
		if m, ok := got.(map[string]any); ok && c.status == http.StatusOK {
			got = m["result"]
		}
		if got == nil || !reflect.DeepEqual(got, want) {
			t.Errorf("%s: %s, want result %s", c.name, body, c.want)
		}
	}
}

// exactJSON decodes s keeping numbers as their text (nil if it is not JSON).
func exactJSON(s string) any {
	dec := json.NewDecoder(bytes.NewReader([]byte(s)))
	dec.UseNumber()
	var v any
	if dec.Decode(&v) != nil {
		return nil
	}
	return v
}

// userServiceCases maps the methods both providers have on two mappings
// and checks them through the gateway: parameters from the query, the
// path, a header and the body (a POJO, a list of POJOs), an exception as
// 500 with its class and message, a missing or bad parameter as 400.
func (r *rpcEnv) userServiceCases(t *testing.T) {
	t.Helper()
	readID := r.mapping(t, "users-read",
		rpcMethod("greet", "GET", "/users/greet", param("name", "QUERY", "java.lang.String")),
		rpcMethod("add", "GET", "/users/add/{a}/{b}", param("a", "PATH", "java.lang.Integer"), param("b", "PATH", "java.lang.Integer")),
		rpcMethod("greet", "GET", "/users/me", param("x-user", "HEADER", "java.lang.String")),
		rpcMethod("fail", "GET", "/users/fail", param("msg", "QUERY", "java.lang.String")),
	)
	eventually(t, 10*time.Second, "the first mapping to answer", func() bool {
		code, _ := r.send("GET", "/users/greet?name=ann", "")
		return code == http.StatusOK
	})
	r.directCallsRefused(t, readID)
	r.mapping(t, "users-write",
		bodyMethod("echoUser", "/users/echo", "com.causeway.test.User"),
		bodyMethod("listUsers", "/users/list", "java.util.List<com.causeway.test.User>"),
		bodyMethod("sumAges", "/users/sum-ages", "java.util.List<com.causeway.test.User>"),
	)
	eventually(t, 10*time.Second, "the second mapping to answer", func() bool {
		code, _ := r.send("POST", "/users/echo", `{"name":"bo","age":30}`)
		return code == http.StatusOK
	})
	r.check(t, []rpcCase{
		{"query string", "GET", "/users/greet?name=ann", "", nil, 200, `"Hello, ann!"`},
		{"two path integers", "GET", "/users/add/40/2", "", nil, 200, `42`},
		{"header", "GET", "/users/me", "", []string{"x-user", "cy"}, 200, `"Hello, cy!"`},
		{"POJO body", "POST", "/users/echo", `{"name":"bo","age":30}`, nil, 200, `{"name":"bo","age":31}`},
		{"list of POJOs", "POST", "/users/list", `[{"name":"a","age":1},{"name":"b","age":2}]`, nil, 200,
			`[{"name":"b","age":2},{"name":"a","age":1}]`},
		{"list of POJOs read", "POST", "/users/sum-ages", `[{"name":"a","age":1},{"name":"b","age":2}]`, nil, 200, `3`},
		{"exception", "GET", "/users/fail?msg=boom", "", nil, 500,
			`{"error":"provider exception","exception":"java.lang.IllegalArgumentException","message":"boom"}`},
		{"missing parameter", "GET", "/users/greet", "", nil, 400, ""},
		{"bad integer", "GET", "/users/add/x/2", "", nil, 400, ""},
		{"unmapped method", "DELETE", "/users/greet", "", nil, 503, ""}, // the users route itself: no upstream
	})
}

// stoppedProvider stops the provider: calls then answer 503.
func (r *rpcEnv) stoppedProvider(t *testing.T) {
	t.Helper()
	r.stop()
	if code, body := r.send("GET", "/users/greet?name=ann", ""); code != http.StatusServiceUnavailable {
		t.Errorf("a stopped provider answered %d %s, want 503", code, body)
	}
}

// An HTTP request to a real Envoy gateway becomes a Dubbo call to a real
// dubbo-go provider found in the registry (see userServiceCases); a
// stopped provider is a 503.
func TestHTTP2RPCThroughEnvoyToGoDubbo(t *testing.T) {
	r := startRPCEnv(t, startDubboProvider)
	r.userServiceCases(t)
	r.stoppedProvider(t)
}

// The same through the gateway to a real Java provider (Apache Dubbo 3,
// test/dubbo/java-provider), plus each Java type the bridge converts to,
// sent and answered exactly: a Long past 2^53 and a primitive long,
// Double, boolean, BigDecimal, Date, a Map of mixed values (the provider
// answers the class each value arrived as), int[], String[], Short, Byte
// and Float.
func TestHTTP2RPCThroughEnvoyToJavaDubbo(t *testing.T) {
	r := startRPCEnv(t, startJavaDubboProvider)
	r.userServiceCases(t)
	r.mapping(t, "users-types",
		rpcMethod("addLong", "POST", "/users/types/long", param("a", "BODY", "java.lang.Long"), param("b", "BODY", "long")),
		rpcMethod("half", "GET", "/users/types/double", param("d", "QUERY", "java.lang.Double")),
		rpcMethod("not", "GET", "/users/types/boolean", param("b", "QUERY", "boolean")),
		rpcMethod("scale", "GET", "/users/types/decimal", param("d", "QUERY", "java.math.BigDecimal")),
		rpcMethod("scale", "POST", "/users/types/decimal", param("d", "BODY", "java.math.BigDecimal")),
		rpcMethod("nextDay", "GET", "/users/types/date", param("d", "QUERY", "java.util.Date")),
		bodyMethod("echoMap", "/users/types/map", "java.util.Map<String,Object>"),
		rpcMethod("sum", "POST", "/users/types/ints", param("xs", "BODY", "int[]")),
		rpcMethod("join", "POST", "/users/types/strings", param("parts", "BODY", "java.lang.String[]")),
		rpcMethod("incShort", "GET", "/users/types/short", param("s", "QUERY", "java.lang.Short")),
		rpcMethod("incByte", "GET", "/users/types/byte", param("b", "QUERY", "java.lang.Byte")),
		rpcMethod("twice", "GET", "/users/types/float", param("f", "QUERY", "java.lang.Float")),
	)
	eventually(t, 10*time.Second, "the types mapping to answer", func() bool {
		code, _ := r.send("GET", "/users/types/boolean?b=true", "")
		return code == http.StatusOK
	})
	r.check(t, []rpcCase{
		{"Long past 2^53", "POST", "/users/types/long", `{"a":9007199254740993,"b":1}`, nil, 200, `9007199254740994`},
		{"Long.MAX_VALUE", "POST", "/users/types/long", `{"a":9223372036854775806,"b":1}`, nil, 200, `9223372036854775807`},
		{"Long from a string", "POST", "/users/types/long", `{"a":"-9007199254740993","b":-1}`, nil, 200, `-9007199254740994`},
		{"Long.MIN_VALUE", "POST", "/users/types/long", `{"a":-9223372036854775807,"b":-1}`, nil, 200, `-9223372036854775808`},
		{"Long out of range", "POST", "/users/types/long", `{"a":9223372036854775808,"b":1}`, nil, 400, ""},
		{"Long with a fraction", "POST", "/users/types/long", `{"a":1.5,"b":1}`, nil, 400, ""},
		{"null primitive long", "POST", "/users/types/long", `{"a":1,"b":null}`, nil, 400, ""},
		{"Double", "GET", "/users/types/double?d=0.3", "", nil, 200, `0.15`},
		{"Double exponent", "GET", "/users/types/double?d=-3e-300", "", nil, 200, `-1.5e-300`},
		{"Double near its largest", "GET", "/users/types/double?d=1e308", "", nil, 200, `5e+307`},
		{"boolean", "GET", "/users/types/boolean?b=true", "", nil, 200, `false`},
		{"boolean false", "GET", "/users/types/boolean?b=FALSE", "", nil, 200, `true`},
		{"bad boolean", "GET", "/users/types/boolean?b=yes", "", nil, 400, ""},
		{"BigDecimal", "GET", "/users/types/decimal?d=0.1", "", nil, 200, `0.2`},
		{"BigDecimal past a double", "POST", "/users/types/decimal", `{"d":12345678901234567890.123456789}`, nil, 200,
			`24691357802469135780.246913578`},
		{"BigDecimal keeps its scale", "GET", "/users/types/decimal?d=1.50", "", nil, 200, `3.00`},
		{"Date", "GET", "/users/types/date?d=2024-02-28T23:30:00.123Z", "", nil, 200, `"2024-02-29T23:30:00.123Z"`},
		{"Date with an offset", "GET", "/users/types/date?d=" + url.QueryEscape("2024-12-31T22:00:00+02:00"), "", nil, 200,
			`"2025-01-01T20:00:00Z"`},
		{"Date before 1970", "GET", "/users/types/date?d=1969-12-30T12:00:00Z", "", nil, 200, `"1969-12-31T12:00:00Z"`},
		{"Date as epoch milliseconds", "GET", "/users/types/date?d=0", "", nil, 200, `"1970-01-02T00:00:00Z"`},
		{"Map", "POST", "/users/types/map",
			`{"i":1,"l":9007199254740993,"d":1.5,"s":"x","b":true,"n":null}`, nil, 200,
			`{"i":1,"l":9007199254740993,"d":1.5,"s":"x","b":true,"n":null,"types":{"i":"java.lang.Integer",` +
				`"l":"java.lang.Long","d":"java.lang.Double","s":"java.lang.String","b":"java.lang.Boolean","n":"null"}}`},
		{"Map of lists and maps", "POST", "/users/types/map", `{"list":[1,"two"],"obj":{"k":[true]}}`, nil, 200,
			`{"list":[1,"two"],"obj":{"k":[true]},"types":{"list":"java.util.ArrayList","obj":"java.util.HashMap"}}`},
		{"int[]", "POST", "/users/types/ints", `{"xs":[1,2,2147483644]}`, nil, 200, `2147483647`},
		{"int[] empty", "POST", "/users/types/ints", `{"xs":[]}`, nil, 200, `0`},
		{"int[] element out of range", "POST", "/users/types/ints", `{"xs":[2147483648]}`, nil, 400, ""},
		{"String[]", "POST", "/users/types/strings", `{"parts":["a","b","ü"]}`, nil, 200, `"a-b-ü"`},
		{"Short", "GET", "/users/types/short?s=32766", "", nil, 200, `32767`},
		{"Short out of range", "GET", "/users/types/short?s=32768", "", nil, 400, ""},
		{"Byte", "GET", "/users/types/byte?b=-128", "", nil, 200, `-127`},
		{"Byte out of range", "GET", "/users/types/byte?b=128", "", nil, 400, ""},
		{"Float", "GET", "/users/types/float?f=1.25", "", nil, 200, `2.5`},
		{"Float not exact in binary", "GET", "/users/types/float?f=0.1", "", nil, 200, `0.2`},
		{"POJO with a null field", "POST", "/users/echo", `{"name":"bo"}`, nil, 200, `{"name":"bo","age":null}`},
	})
	r.stoppedProvider(t)
}
