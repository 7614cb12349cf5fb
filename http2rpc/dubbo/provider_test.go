package dubbo

// The client against a real Dubbo provider: test/dubbo/provider, a
// dubbo-go v3.3.2 server of com.causeway.test.UserService (hessian2,
// POJOs, no registry). The test builds it (the first build downloads
// dubbo-go and takes minutes; later ones are up to date at once), runs it
// on a free port and calls every method by generic invocation, as the
// bridge will.

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"net/http"
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

const (
	providerDir   = "../../test/dubbo/provider"
	userService   = "com.causeway.test.UserService"
	userClass     = "com.causeway.test.User"
	providerStart = 60 * time.Second
)

type realProvider struct {
	t    *testing.T
	bin  string
	port int
	cmd  *exec.Cmd
	exit chan error
}

func (p *realProvider) addr() string { return net.JoinHostPort("127.0.0.1", strconv.Itoa(p.port)) }

// buildProvider builds the provider where a later build finds it up to
// date.
func buildProvider(t *testing.T) string {
	t.Helper()
	bin := filepath.Join(os.TempDir(), "causeway-test-dubboprovider", "dubboprovider")
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, "go", "build", "-buildvcs=false", "-o", bin, ".")
	cmd.Dir = providerDir
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("building the provider in %s: %v\n%s", providerDir, err, out)
	}
	return bin
}

func freePort(t *testing.T) int {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().(*net.TCPAddr).Port
}

// start runs the provider and waits for its READY line; its output goes
// to a file, shown when it does not come up.
func (p *realProvider) start() {
	t := p.t
	t.Helper()
	logPath := filepath.Join(t.TempDir(), "provider.log")
	logFile, err := os.Create(logPath)
	if err != nil {
		t.Fatal(err)
	}
	p.cmd = exec.Command(p.bin, "-port", strconv.Itoa(p.port))
	p.cmd.Stdout, p.cmd.Stderr = logFile, logFile
	if err := p.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	p.exit = make(chan error, 1)
	go func() { p.exit <- p.cmd.Wait(); logFile.Close() }()
	for deadline := time.Now().Add(providerStart); ; time.Sleep(50 * time.Millisecond) {
		out, _ := os.ReadFile(logPath)
		switch {
		case strings.Contains(string(out), "\nREADY\n") || strings.HasPrefix(string(out), "READY\n"):
			return
		case p.exited():
			t.Fatalf("the provider exited before READY:\n%s", out)
		case time.Now().After(deadline):
			p.kill()
			t.Fatalf("the provider was not READY in %v:\n%s", providerStart, out)
		}
	}
}

func (p *realProvider) exited() bool {
	select {
	case err := <-p.exit:
		p.exit <- err
		return true
	default:
		return false
	}
}

// kill ends the provider at once, as a crash would.
func (p *realProvider) kill() {
	if p.cmd != nil && !p.exited() {
		_ = p.cmd.Process.Kill()
		<-p.exit
	}
}

func startRealProvider(t *testing.T) *realProvider {
	p := &realProvider{t: t, bin: buildProvider(t), port: freePort(t)}
	p.start()
	t.Cleanup(p.kill)
	return p
}

// param is a parameter as the bridge gets it: a declared type and JSON.
type param struct{ typ, json string }

// callUser converts params as the bridge does and calls method.
func callUser(ctx context.Context, c *Client, method string, params ...param) (any, error) {
	inv := &Invocation{Interface: userService, Method: method, ParamTypes: []string{}, Args: []any{}}
	for i, p := range params {
		d := json.NewDecoder(strings.NewReader(p.json))
		d.UseNumber()
		var v any
		if err := d.Decode(&v); err != nil {
			return nil, fmt.Errorf("test parameter %s: %w", p.json, err)
		}
		arg, err := ConvertParam(fmt.Sprintf("arg%d", i), p.typ, v)
		if err != nil {
			return nil, fmt.Errorf("test parameter: %w", err)
		}
		inv.ParamTypes, inv.Args = append(inv.ParamTypes, arg.Type), append(inv.Args, arg.Value)
	}
	return c.Invoke(ctx, inv)
}

func within(t *testing.T, d time.Duration) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), d)
	t.Cleanup(cancel)
	return ctx
}

func user(name string, age int32) map[any]any {
	return map[any]any{"class": userClass, "name": name, "age": age}
}

func TestRealProvider(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs a dubbo-go provider")
	}
	p := startRealProvider(t)
	c := NewClient(p.addr(), Options{})
	t.Cleanup(func() { c.Close() })
	values := []struct {
		name   string
		method string
		params []param
		want   any
	}{
		{"greet", "greet", []param{{"java.lang.String", `"Ada"`}}, "Hello, Ada!"},
		{"add", "add", []param{{"java.lang.Integer", `2`}, {"java.lang.Integer", `3`}}, int32(5)},
		{"add from query strings", "add", []param{{"Integer", `"40"`}, {"Integer", `"2"`}}, int32(42)},
		{"echoUser: the POJO comes back with its fields", "echoUser",
			[]param{{userClass, `{"name": "Ada", "age": 36}`}}, user("Ada", 37)},
		{"listUsers: a List<User> both ways", "listUsers",
			[]param{{"java.util.List<" + userClass + ">", `[{"name": "A", "age": 1}, {"name": "B", "age": 2}]`}},
			[]any{user("B", 2), user("A", 1)}},
		{"sumAges", "sumAges", []param{{"java.util.List<" + userClass + ">", `[{"name": "A", "age": 20}, {"name": "B", "age": 22}]`}}, int32(42)},
		{"slow within its deadline", "slow", []param{{"java.lang.Integer", `20`}}, int32(20)},
	}
	for _, v := range values {
		t.Run(v.name, func(t *testing.T) {
			got, err := callUser(within(t, 5*time.Second), c, v.method, v.params...)
			if err != nil || !reflect.DeepEqual(got, v.want) {
				t.Fatalf("got %#v, %v; want %#v", got, err, v.want)
			}
		})
	}
	t.Run("ToJSON drops the class", func(t *testing.T) {
		got, err := callUser(within(t, 5*time.Second), c, "echoUser", param{userClass, `{"name": "Bo", "age": 1}`})
		b, _ := json.Marshal(ToJSON(got))
		if err != nil || string(b) != `{"age":2,"name":"Bo"}` {
			t.Fatalf("%s, %v", b, err)
		}
	})
	t.Run("exceptions", func(t *testing.T) { testRealExceptions(t, c) })
	t.Run("timeout", func(t *testing.T) { testRealTimeout(t, c) })
	t.Run("concurrent calls", func(t *testing.T) { testRealConcurrent(t, c) })
	t.Run("provider killed and restarted", func(t *testing.T) { testRealRestart(t, p, c) })
}

func testRealExceptions(t *testing.T, c *Client) {
	_, err := callUser(within(t, 5*time.Second), c, "fail", param{"String", `"boom"`})
	var re *RemoteError
	want := RemoteError{Status: StatusOK, ExceptionClass: "java.lang.IllegalArgumentException", Message: "boom"}
	if !errors.As(err, &re) || *re != want || HTTPStatus(err) != http.StatusInternalServerError {
		t.Fatalf("fail: %v, want %+v", err, want)
	}
	_, err = callUser(within(t, 5*time.Second), c, "nope", param{"String", `"x"`})
	if !errors.As(err, &re) || !re.Thrown() || !strings.Contains(re.Message, `"nope" method is not found`) {
		t.Fatalf("a method the service lacks: %v", err)
	}
}

func testRealTimeout(t *testing.T, c *Client) {
	start := time.Now()
	_, err := callUser(within(t, 300*time.Millisecond), c, "slow", param{"Integer", `3000`})
	if !errors.Is(err, ErrTimeout) || HTTPStatus(err) != http.StatusGatewayTimeout {
		t.Fatalf("slow(3000) in 300ms: %v, want ErrTimeout", err)
	}
	if took := time.Since(start); took > 1500*time.Millisecond {
		t.Fatalf("the timeout came after %v", took)
	}
	// The connection goes on serving; slow's late answer is dropped.
	if got, err := callUser(within(t, 5*time.Second), c, "greet", param{"String", `"again"`}); err != nil || got != "Hello, again!" {
		t.Fatalf("after the timeout: %v %v", got, err)
	}
}

func testRealConcurrent(t *testing.T, c *Client) {
	var wg sync.WaitGroup
	errs := make(chan error, 32)
	for i := 0; i < 32; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			n := strconv.Itoa(i)
			got, err := callUser(within(t, 10*time.Second), c, "add", param{"int", n}, param{"int", n})
			if err != nil || got != int32(2*i) {
				errs <- fmt.Errorf("add(%d, %d): %v %w", i, i, got, err)
			}
		}(i)
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
}

func testRealRestart(t *testing.T, p *realProvider, c *Client) {
	p.kill()
	start := time.Now()
	_, err := callUser(within(t, 10*time.Second), c, "greet", param{"String", `"nobody"`})
	if !errors.Is(err, ErrUnavailable) || HTTPStatus(err) != http.StatusServiceUnavailable {
		t.Fatalf("with the provider dead: %v, want ErrUnavailable", err)
	}
	if took := time.Since(start); took > 2*time.Second {
		t.Fatalf("failing took %v; it should be at once", took)
	}
	p.start()
	got, err := callUser(within(t, 10*time.Second), c, "greet", param{"String", `"Ada"`})
	if err != nil || got != "Hello, Ada!" {
		t.Fatalf("after the restart: %v %v", got, err)
	}
}
