package cse

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"golang.org/x/crypto/bcrypt"

	"github.com/causeway-dev/causeway/api/httpx"
	nacosv1 "github.com/causeway-dev/causeway/api/nacos/v1"
	scapi "github.com/causeway-dev/causeway/api/servicecomb"
	"github.com/causeway-dev/causeway/registry/auth"
	"github.com/causeway-dev/causeway/registry/gateway"
	"github.com/causeway-dev/causeway/registry/naming"
	"github.com/causeway-dev/causeway/registry/servicecomb"
	"github.com/causeway-dev/causeway/registry/store/badger"
	"github.com/causeway-dev/causeway/registry/store/enginetest"
	"github.com/causeway-dev/causeway/registry/tenancy"
)

const (
	enginesURL = "/v2/p1/enginemgr/engines"
	engineBody = `{"name":"%s","payment":"1","flavor":"cse.s1.small2","azList":["az1"],"authType":"RBAC",` +
		`"vpc":"vpc","networkId":"net","subnetCidr":"10.0.0.0/24","auth_cred":{"pwd":"Engine-pass-123"},"specType":"CSE"}`
)

// engineFixture is the CSE dialect with engines, and the Nacos v1 and
// ServiceComb dialects over the same naming registry, on one store.
type engineFixture struct {
	*fixture
	naming  *naming.Registry
	engines *tenancy.Engines
	ns      *tenancy.Service
	users   *auth.Service
}

func newEngineFixture(t *testing.T) *engineFixture {
	t.Helper()
	ctx := context.Background()
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	st, err := badger.Open(badger.Options{InMemory: true, Logger: log})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = st.Close() })
	reg, err := naming.New(ctx, st, naming.Options{Logger: log})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(reg.Close)
	ns, err := tenancy.New(ctx, st, tenancy.Options{Logger: log})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(ns.Close)
	users := auth.New(st, auth.Options{Logger: log, PasswordCost: bcrypt.MinCost})
	engines, err := tenancy.NewEngines(ctx, st, ns, users, reg, tenancy.EngineOptions{Logger: log, Quota: 2})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(engines.Close)
	gw, err := gateway.New(ctx, st, gateway.Options{Logger: log, Services: fakeServices{}, MCP: fakeMCP{}})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(gw.Close)
	sc, err := servicecomb.New(ctx, st, reg, servicecomb.Options{Logger: log})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(sc.Close)
	eps := Endpoints{NacosHTTP: "http://10.1.2.3:8848", ServiceComb: "http://10.1.2.3:8848", XDS: "grpc://10.1.2.3:18000"}
	mux := http.NewServeMux()
	httpx.Mount(mux, nil,
		Dialect(gw, Options{Logger: log, Engines: engines, Namespaces: ns, Endpoints: func() Endpoints { return eps }}),
		nacosv1.Dialect(reg, nacosv1.Options{Logger: log}),
		scapi.Dialect(sc, scapi.Options{Logger: log}))
	return &engineFixture{fixture: &fixture{t: t, st: st, gw: gw, mux: mux}, naming: reg, engines: engines, ns: ns, users: users}
}

// create makes an engine and waits for its job to finish.
func (f *engineFixture) create(name string) (id string) {
	f.t.Helper()
	out := f.must(200, "POST", enginesURL, fmt.Sprintf(engineBody, name))
	id, _ = out["id"].(string)
	f.waitJob(id, out["jobId"], "Finished")
	return id
}

func (f *engineFixture) waitJob(engineID string, jobID any, want string) map[string]any {
	f.t.Helper()
	for range 2000 {
		out := f.must(200, "GET", fmt.Sprintf("%s/%s/jobs/%v", enginesURL, engineID, jobID), "")
		if s := out["status"]; s == "Finished" || s == "Error" {
			if s != want {
				f.t.Fatalf("job %v: %v", jobID, out)
			}
			return out
		}
		time.Sleep(5 * time.Millisecond)
	}
	f.t.Fatalf("job %v never ended", jobID)
	return nil
}

func TestEngineRoutesLifeCycle(t *testing.T) {
	f := newEngineFixture(t)
	out := f.must(200, "GET", "/v2/p1/enginemgr/flavors?spec_type=CSE2", "")
	if out["total"] != float64(4) || len(out["data"].([]any)) != 4 {
		t.Fatalf("flavors %v", out)
	}
	id := f.create("alpha")
	job := f.must(200, "GET", enginesURL+"/"+id+"/jobs/1", "")
	if tasks := job["tasks"].([]any); len(tasks) != 3 || job["type"] != "Create" {
		t.Fatalf("job %v", job)
	}
	d := f.must(200, "GET", enginesURL+"/"+id, "")
	ref := d["reference"].(map[string]any)
	inputs := ref["inputs"].(map[string]any)
	ep := d["externalEntrypoint"].(map[string]any)
	sc := ep["serviceEndpoint"].(map[string]any)["serviceCenter"].(map[string]any)
	if d["status"] != "Available" || inputs["namespace"] != id || inputs["username"] != "engine-alpha" ||
		ref["instanceLimit"] != float64(100) || sc["masterEntrypoint"] != "http://10.1.2.3:8848" ||
		ep["externalAddress"] != "10.1.2.3" {
		t.Fatalf("detail %v", d)
	}
	list := f.must(200, "GET", enginesURL+"?offset=0&limit=10", "")
	if list["total"] != float64(1) {
		t.Fatalf("list %v", list)
	}
	e0 := list["data"].([]any)[0].(map[string]any)
	if e0["totalInstance"] != float64(100) || e0["usedInstance"] != float64(0) || e0["availableInstance"] != float64(100) {
		t.Fatalf("list entry %v", e0)
	}
	q := f.must(200, "GET", "/v2/p1/enginemgr/quotas", "")
	res := q["quotas"].(map[string]any)["resources"].([]any)[0].(map[string]any)
	if res["type"] != "Engine" || res["used"] != float64(1) || res["quota"] != float64(2) {
		t.Fatalf("quotas %v", q)
	}
	for _, c := range []struct{ path, body, jobKey string }{
		{"/upgrade", `{"version":"2.5.0"}`, "jobId"},
		{"/resize", `{"flavor":"cse.s1.medium2"}`, "job_id"},
		{"/config", `{"authType":"NONE"}`, "jobId"},
	} {
		out := f.must(200, "PUT", enginesURL+"/"+id+c.path, c.body)
		f.waitJob(id, out[c.jobKey], "Finished")
	}
	d = f.must(200, "GET", enginesURL+"/"+id, "")
	if d["version"] != "2.5.0" || d["flavor"] != "cse.s1.medium2" || d["authType"] != "NONE" {
		t.Fatalf("after changes %v", d)
	}
	del := f.must(200, "DELETE", enginesURL+"/"+id, "")
	f.waitJob(id, del["jobId"], "Finished")
	code, out := f.do("GET", enginesURL+"/"+id, "")
	wantError(t, code, out, 400, "SVCSTG.00501116", id)
}

// Every bad input is refused with the seed's code and writes nothing.
func TestEngineRoutesRefuseBadInput(t *testing.T) {
	f := newEngineFixture(t)
	id := f.create("beta")
	body := func(from, to string) string { return strings.Replace(fmt.Sprintf(engineBody, "gamma"), from, to, 1) }
	cases := []struct {
		name, method, path, body string
		status                   int
		code                     string
	}{
		{"flavor spec type", "GET", "/v2/p1/enginemgr/flavors?spec_type=", "", 400, "SVCSTG.00501134"},
		{"list offset", "GET", enginesURL + "?offset=x", "", 400, "SVCSTG.00400100"},
		{"bad project", "GET", "/v2/.x/enginemgr/engines", "", 400, "SVCSTG.00400100"},
		{"duplicate name", "POST", enginesURL, fmt.Sprintf(engineBody, "beta"), 400, "SVCSTG.00501111"},
		{"bad name", "POST", enginesURL, fmt.Sprintf(engineBody, "9x"), 400, "SVCSTG.00400100"},
		{"payment", "POST", enginesURL, body(`"payment":"1"`, `"payment":"7"`), 400, "SVCSTG.00501103"},
		{"flavor", "POST", enginesURL, body(`cse.s1.small2`, `cse.s9`), 400, "SVCSTG.00501104"},
		{"azs", "POST", enginesURL, body(`["az1"]`, `[]`), 400, "SVCSTG.00501105"},
		{"auth type", "POST", enginesURL, body(`"RBAC"`, `"LDAP"`), 400, "SVCSTG.00400100"},
		{"weak password", "POST", enginesURL, body(`Engine-pass-123`, `abc`), 400, "SVCSTG.00400100"},
		{"unknown field", "POST", enginesURL, body(`"vpc":`, `"vpx":"a","vpc":`), 400, "SVCSTG.00400100"},
		{"not json", "POST", enginesURL, `{`, 400, "SVCSTG.00400100"},
		{"no engine", "GET", enginesURL + "/nope", "", 400, "SVCSTG.00501116"},
		{"other project", "GET", "/v2/p2/enginemgr/engines/" + id, "", 400, "SVCSTG.00501116"},
		{"job id format", "GET", enginesURL + "/" + id + "/jobs/x", "", 400, "SVCSTG.00501152"},
		{"no job", "GET", enginesURL + "/" + id + "/jobs/999", "", 400, "SVCSTG.00501153"},
		{"job of another engine", "GET", enginesURL + "/nope/jobs/1", "", 400, "SVCSTG.00501153"},
		{"delete unknown", "DELETE", enginesURL + "/nope", "", 400, "SVCSTG.00501116"},
		{"upgrade version", "PUT", enginesURL + "/" + id + "/upgrade", `{"version":"latest"}`, 400, "SVCSTG.00400100"},
		{"upgrade unknown", "PUT", enginesURL + "/nope/upgrade", `{"version":"2.5.0"}`, 400, "SVCSTG.00501116"},
		{"config auth", "PUT", enginesURL + "/" + id + "/config", `{"authType":"x"}`, 400, "SVCSTG.00400100"},
		{"resize flavor", "PUT", enginesURL + "/" + id + "/resize", `{"flavor":"big"}`, 400, "SVCSTG.00501104"},
		{"action", "PUT", enginesURL + "/" + id + "/actions", `{"action":"Rollback"}`, 400, "SVCSTG.00400100"},
		{"retry available", "PUT", enginesURL + "/" + id + "/actions", `{"action":"Retry"}`, 400, "SVCSTG.00400100"},
	}
	before := enginetest.State(t, f.st)
	for _, c := range cases {
		code, out := f.do(c.method, c.path, c.body)
		if code != c.status || out["error_code"] != c.code {
			t.Errorf("%s: %d %v, want %d %s", c.name, code, out, c.status, c.code)
		}
	}
	if enginetest.State(t, f.st) != before {
		t.Fatal("a refused request wrote")
	}
	// The project's quota (2): one more fits, the next does not.
	f.create("gamma")
	code, out := f.do("POST", enginesURL, fmt.Sprintf(engineBody, "delta"))
	wantError(t, code, out, 400, "SVCSTG.00501112", "quota")
}

// A failed job leaves the engine CreateFailed with the Retry action, a
// delete during a job is refused with SVCSTG.00501117, and Retry
// finishes the job once its cause is gone.
func TestEngineRoutesRetry(t *testing.T) {
	f := newEngineFixture(t)
	if _, err := f.users.CreateUser(context.Background(), "engine-eta", "Other-pass-123", false); err != nil {
		t.Fatal(err)
	}
	out := f.must(200, "POST", enginesURL, fmt.Sprintf(engineBody, "eta"))
	id := out["id"].(string)
	job := f.waitJob(id, out["jobId"], "Error")
	if step := job["tasks"].([]any)[1].(map[string]any); step["status"] != "Error" {
		t.Fatalf("job %v", job)
	}
	d := f.must(200, "GET", enginesURL+"/"+id, "")
	if d["status"] != "CreateFailed" || fmt.Sprint(d["engineAdditionalActions"]) != "[Retry]" {
		t.Fatalf("failed engine %v", d)
	}
	if err := f.users.DeleteUser(context.Background(), "engine-eta"); err != nil {
		t.Fatal(err)
	}
	r := f.must(200, "PUT", enginesURL+"/"+id+"/actions", `{"action":"Retry"}`)
	if r["jobId"] != out["jobId"] {
		t.Fatalf("retry answered %v", r)
	}
	f.waitJob(id, r["jobId"], "Finished")
	// A change under way: delete is refused with the state code.
	up := f.must(200, "PUT", enginesURL+"/"+id+"/upgrade", `{"version":"2.6"}`)
	code, del := f.do("DELETE", enginesURL+"/"+id, "")
	if code == 200 {
		f.waitJob(id, up["jobId"], "Finished") // the job won the race; nothing to assert
		return
	}
	wantError(t, code, del, 400, "SVCSTG.00501117", "Upgrading")
}

// The engine's instance quota holds in every dialect: Nacos v1 and
// ServiceComb registrations past it are refused, nothing written.
func TestEngineQuotaAcrossDialects(t *testing.T) {
	f := newEngineFixture(t)
	id := f.create("theta")
	ctx := context.Background()
	for i := range 99 {
		err := f.naming.Register(ctx, naming.Instance{Service: naming.ServiceKey{Namespace: id, Group: "DEFAULT_GROUP",
			Name: "fill"}, IP: fmt.Sprintf("10.0.%d.%d", i/256, i%256), Port: 80, Cluster: "DEFAULT", Weight: 1,
			Healthy: true, Enabled: true, Ephemeral: true})
		if err != nil {
			t.Fatal(err)
		}
	}
	v1 := "/nacos/v1/ns/instance?serviceName=orders&ip=10.9.0.%d&port=80&namespaceId=" + id
	if code, _ := f.doText("POST", fmt.Sprintf(v1, 1)); code != 200 {
		t.Fatalf("100th instance: %d", code)
	}
	// A ServiceComb microservice in the engine's project, then the
	// registrations past the quota.
	svc := f.must(200, "POST", "/v4/"+id+"/registry/microservices",
		`{"service":{"appId":"shop","serviceName":"pay","version":"1.0.0"}}`)
	before := enginetest.State(t, f.st)
	code, text := f.doText("POST", fmt.Sprintf(v1, 2))
	if code != 400 || !strings.Contains(text, "instance quota") {
		t.Fatalf("Nacos v1 past the quota: %d %s", code, text)
	}
	code, out := f.do("POST", "/v4/"+id+"/registry/microservices/"+svc["serviceId"].(string)+"/instances",
		`{"instance":{"hostName":"h","endpoints":["rest://10.9.1.1:80"]}}`)
	if code != 400 || out["errorCode"] != "400100" {
		t.Fatalf("ServiceComb past the quota: %d %v", code, out)
	}
	if enginetest.State(t, f.st) != before {
		t.Fatal("a refused registration wrote")
	}
	// Another namespace is not limited; resizing lifts the limit.
	if code, _ := f.doText("POST", fmt.Sprintf(strings.Replace(v1, "&namespaceId="+id, "", 1), 3)); code != 200 {
		t.Fatal("public refused")
	}
	rs := f.must(200, "PUT", enginesURL+"/"+id+"/resize", `{"flavor":"cse.s1.medium2"}`)
	f.waitJob(id, rs["job_id"], "Finished")
	if code, text := f.doText("POST", fmt.Sprintf(v1, 2)); code != 200 {
		t.Fatalf("after resize: %d %s", code, text)
	}
	e0 := f.must(200, "GET", enginesURL, "")["data"].([]any)[0].(map[string]any)
	if e0["usedInstance"] != float64(101) || e0["totalInstance"] != float64(200) {
		t.Fatalf("usage %v", e0)
	}
}

// doText sends a request and answers the status and the raw body.
func (f *fixture) doText(method, path string) (int, string) {
	f.t.Helper()
	req := httptest.NewRequest(method, path, nil)
	rec := httptest.NewRecorder()
	f.mux.ServeHTTP(rec, req)
	return rec.Code, rec.Body.String()
}
