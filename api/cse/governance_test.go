package cse

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"

	"github.com/causeway-dev/causeway/api/httpx"
	"github.com/causeway-dev/causeway/registry/gateway"
	"github.com/causeway-dev/causeway/registry/governance"
	"github.com/causeway-dev/causeway/registry/store/badger"
)

const (
	govURL     = "/v3/default/govern/governance"
	ruleURL    = "/v3/default/govern/route-rule/microservices/orders"
	mgBody     = `{"name":"pay","selector":{"environment":"","app":"default","service":"orders"},"spec":{"alias":"pay","matches":[{"name":"m","apiPath":{"prefix":"/pay"},"method":["post"]}]}}`
	retryBody  = `{"name":"pay","selector":{"environment":"","app":"default"},"spec":{"maxAttempts":2}}`
	rulesBody  = `[{"precedence":2,"match":{"headers":{"x-canary":{"exact":"true"}}},"route":[{"name":"canary","weight":100,"tags":{"version":"2.0.0"}}]},{"precedence":1,"route":[{"name":"stable","weight":80,"tags":{"version":"1.0.0"}},{"name":"new","weight":20,"tags":{"version":"2.0.0"}}]}]`
	errInvalid = "SVCSTG.00400100"
	errMissing = "SVCSTG.00400106"
)

// govFixture is the dialect with governance over a fresh in-memory store.
type govFixture struct {
	t   *testing.T
	gov *governance.Registry
	mux *http.ServeMux
}

func newGovFixture(t *testing.T) *govFixture {
	t.Helper()
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	st, err := badger.Open(badger.Options{InMemory: true, Logger: log})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = st.Close() })
	gw, err := gateway.New(context.Background(), st, gateway.Options{Logger: log})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(gw.Close)
	gov, err := governance.New(context.Background(), st, governance.Options{Logger: log})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(gov.Close)
	mux := http.NewServeMux()
	httpx.Mount(mux, nil, Dialect(gw, Options{Logger: log, Governance: gov}))
	return &govFixture{t: t, gov: gov, mux: mux}
}

// call sends a request with headers (name, value pairs) and answers the
// status and the body.
func (f *govFixture) call(method, path, body string, headers ...string) (int, []byte) {
	f.t.Helper()
	var rd io.Reader
	if body != "" {
		rd = strings.NewReader(body)
	}
	req := httptest.NewRequest(method, path, rd)
	for i := 0; i+1 < len(headers); i += 2 {
		req.Header.Set(headers[i], headers[i+1])
	}
	rec := httptest.NewRecorder()
	f.mux.ServeHTTP(rec, req)
	return rec.Code, rec.Body.Bytes()
}

// must sends a request that must answer 200 and decodes its body into out.
func (f *govFixture) must(method, path, body string, out any, headers ...string) {
	f.t.Helper()
	code, b := f.call(method, path, body, headers...)
	if code != http.StatusOK {
		f.t.Fatalf("%s %s: %d %s", method, path, code, b)
	}
	if err := json.Unmarshal(b, out); err != nil {
		f.t.Fatalf("%s %s answered %s: %v", method, path, b, err)
	}
}

// create makes a rule and answers its id.
func (f *govFixture) create(kind, body string, headers ...string) string {
	f.t.Helper()
	var res struct{ Result string }
	f.must("POST", govURL+"/"+kind, body, &res, headers...)
	if !regexp.MustCompile(`^[0-9a-f]{32}$`).MatchString(res.Result) {
		f.t.Fatalf("create answered id %q", res.Result)
	}
	return res.Result
}

// wantErr checks a CSE error answer.
func (f *govFixture) wantErr(t *testing.T, code int, body []byte, status int, errCode, detail string) {
	t.Helper()
	var out map[string]any
	if err := json.Unmarshal(body, &out); err != nil {
		t.Fatalf("answered %d %s", code, body)
	}
	wantError(t, code, out, status, errCode, detail)
}

// policyCount counts the rules of every kind.
func (f *govFixture) policyCount() int {
	n := 0
	for _, k := range governance.Kinds {
		n += len(f.gov.ListPolicies("default", k, governance.AllEnvironments, ""))
	}
	return n
}

type display []struct {
	MatchGroup *struct {
		ID, Name, Kind, Status string
		Selector               governance.Selector
		Spec                   json.RawMessage
	}
	Policies []struct{ ID, Name, Kind, Status string }
}

func TestGovernancePolicyEndpoints(t *testing.T) {
	f := newGovFixture(t)
	mg := f.create("match-group", mgBody)
	retry := f.create("retry", retryBody)
	f.create("rate-limiting", `{"name":"pay","spec":{"rate":5}}`) // no selector: empty environment, any app
	f.create("retry", `{"name":"pay","selector":{"app":"default"},"spec":{}}`, "x-environment", "production")

	var got map[string]any
	f.must("GET", govURL+"/retry/"+retry, "", &got)
	if got["id"] != retry || got["name"] != "pay" || got["kind"] != "retry" || got["status"] != "enabled" ||
		got["spec"].(map[string]any)["maxAttempts"] != 2.0 || got["selector"].(map[string]any)["app"] != "default" {
		t.Fatalf("get %v", got)
	}

	var d display
	f.must("GET", govURL+"/display?environment=", "", &d)
	if len(d) != 1 || d[0].MatchGroup.ID != mg || d[0].MatchGroup.Name != "pay" || len(d[0].Policies) != 2 ||
		d[0].Policies[0].ID != retry || d[0].Policies[1].Kind != "rate-limiting" {
		t.Fatalf("display %+v", d)
	}
	f.must("GET", govURL+"/display?environment=all&app=default", "", &d)
	if len(d) != 1 || len(d[0].Policies) != 2 {
		t.Fatalf("display of every environment %+v", d)
	}
	f.must("GET", govURL+"/display?environment=production", "", &d)
	if len(d) != 0 {
		t.Fatalf("display of production %+v", d)
	}
	f.must("GET", govURL+"/retry?environment=", "", &d)
	if len(d) != 1 || len(d[0].Policies) != 1 || d[0].Policies[0].ID != retry {
		t.Fatalf("list of retries %+v", d)
	}
	f.must("GET", govURL+"/retry", "", &d, "X-ENVIRONMENT", "production")
	if len(d) != 1 || d[0].MatchGroup != nil || len(d[0].Policies) != 1 {
		t.Fatalf("list of production retries (bound to no match group) %+v", d)
	}
	f.must("GET", govURL+"/match-group", "", &d)
	if len(d) != 1 || len(d[0].Policies) != 2 {
		t.Fatalf("list of match groups %+v", d)
	}

	// A GET body goes back with a change; status stays when left out.
	var res struct{ Result string }
	f.must("PUT", govURL+"/retry/"+retry, `{"id":"`+retry+`","kind":"retry","name":"pay","status":"disabled","spec":{"maxAttempts":4}}`, &res)
	if res.Result != "success" {
		t.Fatalf("update answered %+v", res)
	}
	f.must("PUT", govURL+"/retry/"+retry, `{"spec":{"maxAttempts":5}}`, &res)
	f.must("GET", govURL+"/retry/"+retry, "", &got)
	if got["status"] != "disabled" || got["spec"].(map[string]any)["maxAttempts"] != 5.0 || got["selector"].(map[string]any)["app"] != "default" {
		t.Fatalf("after updates %v", got)
	}
	f.must("DELETE", govURL+"/retry/"+retry, "", &res)
	if res.Result != "success" {
		t.Fatalf("delete answered %+v", res)
	}
	code, b := f.call("GET", govURL+"/retry/"+retry, "")
	f.wantErr(t, code, b, http.StatusNotFound, errMissing, "retry "+retry+" does not exist")
	code, b = f.call("DELETE", govURL+"/retry/"+retry, "")
	f.wantErr(t, code, b, http.StatusNotFound, errMissing, "does not exist")
	code, b = f.call("POST", govURL+"/match-group", mgBody)
	f.wantErr(t, code, b, http.StatusConflict, "SVCSTG.00400107", "already exists")
}

func TestGovernanceRefusesBadInput(t *testing.T) {
	f := newGovFixture(t)
	id := f.create("rate-limiting", `{"name":"limit","spec":{"rate":5}}`)
	cases := []struct {
		name, method, path, body string
		status                   int
		code, detail             string
	}{
		{"unknown kind", "POST", govURL + "/quota", retryBody, 400, errInvalid, "kind: \"quota\" is not a governance kind"},
		{"unknown kind get", "GET", govURL + "/quota/" + id, "", 400, errInvalid, "is not a governance kind"},
		{"unknown field", "POST", govURL + "/retry", `{"name":"a","spec":{},"extra":1}`, 400, errInvalid, `unknown field "extra"`},
		{"unknown spec field", "POST", govURL + "/retry", `{"name":"a","spec":{"maxAttemps":1}}`, 400, errInvalid, "spec.maxAttemps: is not a known field"},
		{"ill-typed field", "POST", govURL + "/retry", `{"name":1,"spec":{}}`, 400, errInvalid, "name: must be a string"},
		{"ill-typed spec field", "POST", govURL + "/retry", `{"name":"a","spec":{"maxAttempts":"2"}}`, 400, errInvalid, "spec.maxAttempts: must be an integer"},
		{"bad JSON", "POST", govURL + "/retry", `{"name":`, 400, errInvalid, "malformed JSON"},
		{"no body", "POST", govURL + "/retry", ``, 400, errInvalid, "a JSON value is required"},
		{"missing name", "POST", govURL + "/retry", `{"spec":{}}`, 400, errInvalid, "name: is required"},
		{"missing spec", "POST", govURL + "/retry", `{"name":"a"}`, 400, errInvalid, "spec: is required"},
		{"negative rate", "POST", govURL + "/rate-limiting", `{"name":"a","spec":{"rate":-5}}`, 400, errInvalid, "spec.rate: must be 1-"},
		{"percentage 101", "POST", govURL + "/fault-injection", `{"name":"a","spec":{"percentage":101,"delayTime":10}}`, 400, errInvalid, "spec.percentage: must be 0-100"},
		{"compare", "POST", govURL + "/match-group", `{"name":"a","spec":{"matches":[{"apiPath":{"compare":">1"}}]}}`, 400, errInvalid, "compare is not supported"},
		{"bad status", "POST", govURL + "/retry", `{"name":"a","status":"on","spec":{}}`, 400, errInvalid, "status:"},
		{"id of another", "PUT", govURL + "/rate-limiting/" + id, `{"id":"x","spec":{"rate":1}}`, 400, errInvalid, "differs from the policy_id"},
		{"kind of another", "PUT", govURL + "/rate-limiting/" + id, `{"kind":"retry","spec":{"rate":1}}`, 400, errInvalid, "differs from the kind"},
		{"bad update", "PUT", govURL + "/rate-limiting/" + id, `{"spec":{"rate":0}}`, 400, errInvalid, "spec.rate"},
		{"unknown policy id", "PUT", govURL + "/rate-limiting/nope", `{"spec":{"rate":1}}`, 404, errMissing, "rate-limiting nope does not exist"},
		{"unknown policy get", "GET", govURL + "/retry/nope", "", 404, errMissing, "does not exist"},
		{"missing environment", "GET", govURL + "/display", "", 400, errInvalid, "environment: is required"},
		{"long project", "GET", "/v3/" + strings.Repeat("p", 65) + "/govern/governance/display?environment=all", "", 400, errInvalid, "project_id"},
		{"long project list", "GET", "/v3/" + strings.Repeat("p", 65) + "/govern/governance/retry", "", 400, errInvalid, "project_id"},
		{"weights 120", "PUT", ruleURL, `[{"route":[{"weight":60,"tags":{"v":"1"}},{"weight":60,"tags":{"v":"2"}}]}]`, 400, errInvalid, "weights of rule 0 sum to 120, over 100"},
		{"bad regex", "PUT", ruleURL, `[{"match":{"headers":{"x":{"regex":"(a"}}},"route":[{"tags":{"v":"1"}}]}]`, 400, errInvalid, "is not an RE2 regular expression"},
		{"rule unknown field", "PUT", ruleURL, `[{"route":[{"tags":{"v":"1"}}],"when":1}]`, 400, errInvalid, "rules[0].when: is not a known field"},
		{"rules not an array", "PUT", ruleURL, `{"route":[]}`, 400, errInvalid, "rules: must be an array"},
		{"rules bad JSON", "PUT", ruleURL, `[{]`, 400, errInvalid, "malformed JSON"},
		{"rules trailing data", "PUT", ruleURL, `[] []`, 400, errInvalid, "unexpected data"},
		{"no route rule", "GET", ruleURL, "", 404, errMissing, "has no route rules"},
		{"no route rule delete", "DELETE", ruleURL + "?app_id=shop", "", 404, errMissing, "app shop"},
		{"bad app", "GET", ruleURL + "?app_id=a%20b", "", 400, errInvalid, "app_id"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			code, b := f.call(c.method, c.path, c.body)
			f.wantErr(t, code, b, c.status, c.code, c.detail)
			if n := f.policyCount(); n != 1 {
				t.Fatalf("%d rules stored after a refused call", n)
			}
			if _, err := f.gov.GetRouteRule(governance.RouteRuleKey{Project: "default", Service: "orders"}); err == nil {
				t.Fatal("route rules stored after a refused call")
			}
		})
	}
	var got map[string]any
	f.must("GET", govURL+"/rate-limiting/"+id, "", &got)
	if got["spec"].(map[string]any)["rate"] != 5.0 {
		t.Fatalf("a refused update changed the rule: %v", got)
	}
}

func TestGovernanceRouteRuleEndpoints(t *testing.T) {
	f := newGovFixture(t)
	var res struct{ Result json.RawMessage }
	f.must("PUT", ruleURL, rulesBody, &res)
	if string(res.Result) != `"success"` {
		t.Fatalf("put answered %s", res.Result)
	}
	f.must("GET", ruleURL+"?app_id=default&environment=", "", &res)
	if string(res.Result) != rulesBody {
		t.Fatalf("get answered %s, want the rules as put", res.Result)
	}
	// Another environment or app is another service.
	code, b := f.call("GET", ruleURL+"?environment=production", "")
	f.wantErr(t, code, b, http.StatusNotFound, errMissing, "no route rules")
	f.must("PUT", ruleURL+"?environment=production&app_id=shop", `[{"route":[{"tags":{"version":"1"}}]}]`, &res)
	rr, err := f.gov.GetRouteRule(governance.RouteRuleKey{Project: "default", Environment: "production", App: "shop", Service: "orders"})
	if err != nil || rr.Rules[0].Routes[0].Weight != 100 {
		t.Fatalf("stored %+v %v", rr, err)
	}
	// The rules reach the snapshot.
	a := f.gov.Snapshot().For(governance.Target{Namespace: "public", Group: "DEFAULT_GROUP", Service: "orders"})
	if a == nil || a.Route == nil || len(a.Route.Rules) != 2 || a.Route.Rules[0].Precedence != 2 {
		t.Fatalf("applied %+v", a)
	}
	f.must("DELETE", ruleURL, "", &res)
	if string(res.Result) != `"success"` {
		t.Fatalf("delete answered %s", res.Result)
	}
	code, b = f.call("GET", ruleURL, "")
	f.wantErr(t, code, b, http.StatusNotFound, errMissing, "no route rules")
}

// Without a governance registry the dialect answers no governance route.
func TestGovernanceRoutesNeedARegistry(t *testing.T) {
	f := newFixture(t, nil)
	rec := httptest.NewRecorder()
	f.mux.ServeHTTP(rec, httptest.NewRequest("GET", govURL+"/display?environment=all", nil))
	if rec.Code != http.StatusNotFound {
		t.Fatalf("display answered %d without a governance registry", rec.Code)
	}
}
