package cse

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/causeway-dev/causeway/registry"
	"github.com/causeway-dev/causeway/registry/naming"
	"github.com/causeway-dev/causeway/registry/store/enginetest"
)

// console sends a §6 request to project p1 as engine ("" sends no
// header) and answers the status and raw body.
func (f *engineFixture) console(method, query, engine string) (int, string) {
	f.t.Helper()
	req := httptest.NewRequest(method, "/v1/p1/nacos/v1/console/namespaces"+query, nil)
	if engine != "" {
		req.Header.Set(engineHeader, engine)
	}
	rec := httptest.NewRecorder()
	f.mux.ServeHTTP(rec, req)
	return rec.Code, strings.TrimSpace(rec.Body.String())
}

// consoleIDs lists an engine's namespaces through its console.
func (f *engineFixture) consoleIDs(engine string) string {
	f.t.Helper()
	code, body := f.console("GET", "", engine)
	var out struct{ Data []struct{ Namespace string } }
	if code != 200 || json.Unmarshal([]byte(body), &out) != nil {
		f.t.Fatalf("list as %s: %d %s", engine, code, body)
	}
	var ids []string
	for _, n := range out.Data {
		ids = append(ids, n.Namespace)
	}
	return strings.Join(ids, ",")
}

// Each engine's console lists and changes its own namespaces only: its
// own one first (not to be changed here), then those it created.
func TestEngineConsoleScopesNamespaces(t *testing.T) {
	f := newEngineFixture(t)
	a, b := f.create("alpha"), f.create("beta")
	steps := []struct {
		method, query, engine string
		status                int
		body                  string
	}{
		{"POST", "?custom_name_space_id=a-dev&namespace_name=A+dev", a, 200, "true"},
		{"POST", "?custom_name_space_id=b-dev&namespace_name=B+dev", b, 200, "true"},
		{"POST", "?custom_name_space_id=a-dev&namespace_name=again", b, 409, "SVCSTG.00400107"},
		{"PUT", "?namespace=b-dev&namespace_showname=X", a, 404, "SVCSTG.00400106"},
		{"DELETE", "?namespace_id=b-dev", a, 200, "true"}, // not A's: already gone for A
		{"PUT", "?namespace=" + a + "&namespace_showname=X", a, 400, "own namespace"},
		{"DELETE", "?namespace_id=" + a, a, 400, "own namespace"},
		{"DELETE", "?namespace_id=" + b, a, 200, "true"}, // B's own: A does not see it
		{"PUT", "?namespace=a-dev&namespace_showname=A2", a, 200, "true"},
	}
	for i, s := range steps {
		if code, body := f.console(s.method, s.query, s.engine); code != s.status || !strings.Contains(body, s.body) {
			t.Fatalf("step %d %s %s: %d %s", i, s.method, s.query, code, body)
		}
	}
	if got, want := f.consoleIDs(a), a+",a-dev"; got != want {
		t.Fatalf("A lists %s, want %s", got, want)
	}
	if got, want := f.consoleIDs(b), b+",b-dev"; got != want {
		t.Fatalf("B lists %s, want %s", got, want)
	}
	if ns, err := f.ns.Get("a-dev"); err != nil || ns.Name != "A2" || ns.Engine != a {
		t.Fatalf("a-dev: %+v %v", ns, err)
	}
	if !f.ns.Exists(b) || !f.ns.Exists("b-dev") {
		t.Fatal("A's console removed B's namespace")
	}
	f.must(200, "DELETE", enginesURL+"/"+a, "")
	waitGone(t, f, a)
	if f.ns.Exists("a-dev") || f.ns.Exists(a) {
		t.Fatal("the engine's namespaces outlive it")
	}
}

func waitGone(t *testing.T, f *engineFixture, id string) {
	t.Helper()
	for range 2000 {
		if _, err := f.engines.Get("p1", id); err != nil {
			return
		}
		time.Sleep(5 * time.Millisecond)
	}
	t.Fatalf("engine %s never went", id)
}

// Every bad request to an engine's console answers its code and writes
// nothing.
func TestEngineConsoleRefusalsWriteNothing(t *testing.T) {
	f := newEngineFixture(t)
	a := f.create("alpha")
	f.create("beta") // another engine of p1
	cases := []struct {
		name, method, query, engine string
		status                      int
		code                        string
	}{
		{"no engine", "POST", "?custom_name_space_id=x&namespace_name=X", "", 400, "SVCSTG.00400100"},
		{"malformed engine", "POST", "?custom_name_space_id=x&namespace_name=X", "bad engine!", 400, "SVCSTG.00400100"},
		{"unknown engine", "POST", "?custom_name_space_id=x&namespace_name=X", "no-such-engine", 400, "SVCSTG.00501116"},
		{"unknown engine lists", "GET", "", "no-such-engine", 400, "SVCSTG.00501116"},
		{"unknown engine deletes", "DELETE", "?namespace_id=x", "no-such-engine", 400, "SVCSTG.00501116"},
		{"bad id", "POST", "?custom_name_space_id=a+b&namespace_name=X", a, 400, "SVCSTG.00400100"},
		{"no name", "POST", "?custom_name_space_id=x", a, 400, "SVCSTG.00400100"},
		{"the default namespace", "POST", "?custom_name_space_id=public&namespace_name=X", a, 409, "SVCSTG.00400107"},
		{"the engine's own id", "POST", "?custom_name_space_id=" + a + "&namespace_name=X", a, 409, "SVCSTG.00400107"},
		{"update the default", "PUT", "?namespace=public&namespace_showname=X", a, 400, "SVCSTG.00400100"},
		{"update its own", "PUT", "?namespace=" + a + "&namespace_showname=X", a, 400, "SVCSTG.00400100"},
		{"update unknown", "PUT", "?namespace=ghost&namespace_showname=X", a, 404, "SVCSTG.00400106"},
		{"delete the default", "DELETE", "?namespace_id=public", a, 400, "SVCSTG.00400100"},
		{"delete its own", "DELETE", "?namespace_id=" + a, a, 400, "SVCSTG.00400100"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			before := enginetest.State(t, f.st)
			code, body := f.console(c.method, c.query, c.engine)
			if code != c.status || !strings.Contains(body, `"error_code":"`+c.code+`"`) {
				t.Fatalf("%d %s, want %d %s", code, body, c.status, c.code)
			}
			if enginetest.State(t, f.st) != before {
				t.Fatal("a refused request wrote")
			}
		})
	}
	// Another project's path does not reach the engine.
	req := httptest.NewRequest("GET", "/v1/p2/nacos/v1/console/namespaces", nil)
	req.Header.Set(engineHeader, a)
	rec := httptest.NewRecorder()
	f.mux.ServeHTTP(rec, req)
	if rec.Code != 400 || !strings.Contains(rec.Body.String(), "SVCSTG.00501116") {
		t.Fatalf("engine of p1 through p2: %d %s", rec.Code, rec.Body.String())
	}
}

// A namespace made through an engine's console counts toward the
// engine's limits with its own namespace: together they hold at most the
// flavor's instances.
func TestEngineConsoleNamespacesShareLimits(t *testing.T) {
	f := newEngineFixture(t)
	a := f.create("alpha")
	if code, body := f.console("POST", "?custom_name_space_id=a-dev&namespace_name=D", a); code != 200 {
		t.Fatalf("create a-dev: %d %s", code, body)
	}
	ctx := context.Background()
	reg := func(ns string, i int) error {
		return f.naming.Register(ctx, naming.Instance{Service: naming.ServiceKey{Namespace: ns, Group: "DEFAULT_GROUP",
			Name: "fill"}, IP: fmt.Sprintf("10.0.%d.%d", i/256, i%256), Port: 80, Cluster: "DEFAULT", Weight: 1,
			Healthy: true, Enabled: true, Ephemeral: true})
	}
	for i := range 100 {
		ns := a
		if i%2 == 1 {
			ns = "a-dev"
		}
		if err := reg(ns, i); err != nil {
			t.Fatalf("instance %d: %v", i, err)
		}
	}
	if err := reg("a-dev", 500); registry.KindOf(err) != registry.KindQuota {
		t.Fatalf("the 101st instance of the engine: %v", err)
	}
	e0 := f.must(200, "GET", enginesURL, "")["data"].([]any)[0].(map[string]any)
	if e0["usedInstance"] != float64(100) {
		t.Fatalf("usage %v", e0)
	}
}
