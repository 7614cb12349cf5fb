package servicecomb

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"
)

func TestServiceRoutes(t *testing.T) {
	f := newFixture(t, false)
	sid := f.createService("orders", "1.0.0")
	if again := f.createService("orders", "1.0.0"); again != sid {
		t.Fatalf("the same service got ids %s and %s", sid, again)
	}
	if a := f.send("GET", reg+"/microservices/"+sid, ""); a.code != 200 || !strings.Contains(a.raw, `"serviceName":"orders"`) {
		t.Fatalf("get: %d %s", a.code, a.raw)
	}
	if a := f.send("GET", reg+"/microservices", ""); a.code != 200 || !strings.Contains(a.raw, sid) {
		t.Fatalf("list: %d %s", a.code, a.raw)
	}
	if a := f.send("PUT", reg+"/microservices/"+sid+"/properties", `{"properties":{"a":"b"}}`); a.code != 200 {
		t.Fatalf("properties: %d %s", a.code, a.raw)
	}
	a := f.send("GET", reg+"/existence?type=microservice&appId=default&serviceName=orders&version=1.0.0", "")
	if a.code != 200 || a.field(t, "serviceId") != sid {
		t.Fatalf("existence: %d %s", a.code, a.raw)
	}
	f.send("GET", reg+"/existence?type=microservice&serviceName=orders&version=2.0.0", "").wantError(t, 400, "400012")

	if a := f.send("PUT", reg+"/microservices/"+sid+"/schemas/s1", `{"schema":"swagger: 2.0","summary":"sum1"}`); a.code != 200 {
		t.Fatalf("put schema: %d %s", a.code, a.raw)
	}
	if a := f.send("POST", reg+"/microservices/"+sid+"/schemas", `{"schemas":[{"schemaId":"s2","schema":"x"}]}`); a.code != 200 {
		t.Fatalf("post schemas: %d %s", a.code, a.raw)
	}
	a = f.send("GET", reg+"/microservices/"+sid+"/schemas/s1", "")
	if a.code != 200 || a.field(t, "schema") != "swagger: 2.0" || a.hdr.Get("X-Schema-Summary") != "sum1" {
		t.Fatalf("get schema: %d %s %v", a.code, a.raw, a.hdr)
	}
	a = f.send("GET", reg+"/existence?type=schema&serviceId="+sid+"&schemaId=s1", "")
	if a.code != 200 || a.field(t, "schemaId") != "s1" || a.hdr.Get("X-Schema-Summary") != "sum1" {
		t.Fatalf("schema existence: %d %s", a.code, a.raw)
	}
	for q, withContent := range map[string]bool{"": false, "?withSchema=0": false, "?withSchema=1": true} {
		a := f.send("GET", reg+"/microservices/"+sid+"/schemas"+q, "")
		if a.code != 200 || strings.Count(a.raw, `"schemaId"`) != 2 || strings.Contains(a.raw, `"schema":`) != withContent {
			t.Fatalf("list schemas%s: %d %s", q, a.code, a.raw)
		}
	}
	if a := f.send("DELETE", reg+"/microservices/"+sid, ""); a.code != 200 {
		t.Fatalf("delete: %d %s", a.code, a.raw)
	}
	f.send("GET", reg+"/microservices/"+sid, "").wantError(t, 400, "400012")
	other := f.createService("pay", "1.0.0")
	a = f.send("DELETE", reg+"/microservices", `{"serviceIds":["`+other+`","gone"]}`)
	if a.code != 200 || !strings.Contains(a.raw, `"serviceId":"`+other+`"`) || !strings.Contains(a.raw, `"errMessage"`) {
		t.Fatalf("batch delete: %d %s", a.code, a.raw)
	}
}

func TestInstanceRoutesAndFind(t *testing.T) {
	f := newFixture(t, false)
	sid := f.createService("orders", "1.0.0")
	consumer := f.createService("web", "1.0.0")
	iid := f.registerInstance(sid, "rest://10.0.0.1:8080")
	base := reg + "/microservices/" + sid + "/instances/"
	for _, c := range []struct{ method, path, body string }{
		{"PUT", base + iid + "/heartbeat", ""},
		{"PUT", base + iid + "/properties", `{"properties":{"k":"v"}}`},
		{"PUT", base + iid + "/status?value=UP", ""},
	} {
		if a := f.send(c.method, c.path, c.body); a.code != 200 {
			t.Fatalf("%s %s: %d %s", c.method, c.path, a.code, a.raw)
		}
	}
	if a := f.send("GET", base+iid, ""); a.code != 200 || !strings.Contains(a.raw, `"k":"v"`) {
		t.Fatalf("get instance: %d %s", a.code, a.raw)
	}
	if a := f.send("GET", reg+"/microservices/"+sid+"/instances", ""); a.code != 200 || !strings.Contains(a.raw, iid) {
		t.Fatalf("list instances: %d %s", a.code, a.raw)
	}
	find := reg + "/instances?appId=default&serviceName=orders&version=latest"
	a := f.send("GET", find, "", "X-ConsumerId", consumer)
	rev := a.hdr.Get(HeaderRevision)
	if a.code != 200 || rev == "" || !strings.Contains(a.raw, iid) {
		t.Fatalf("find: %d %s", a.code, a.raw)
	}
	if a := f.send("GET", find+"&rev="+rev, ""); a.code != http.StatusNotModified || a.raw != "" || a.hdr.Get(HeaderRevision) != rev {
		t.Fatalf("find at the current rev: %d %q", a.code, a.raw)
	}
	if a := f.send("GET", reg+"/microservices/"+consumer+"/providers", ""); a.code != 200 || !strings.Contains(a.raw, sid) {
		t.Fatalf("providers: %d %s", a.code, a.raw)
	}
	body := `{"services":[{"service":{"appId":"default","serviceName":"orders"},"rev":"` + rev + `"},` +
		`{"service":{"serviceName":"orders"},"rev":"0"},{"service":{"serviceName":"nope"}}],` +
		`"instances":[{"instance":{"serviceId":"` + sid + `","instanceId":"` + iid + `"}},{"instance":{"serviceId":"` + sid + `","instanceId":"x"}}]}`
	a = f.send("POST", reg+"/instances/action?type=query", body)
	var got struct {
		Services, Instances struct {
			Updated []struct {
				Index     int
				Rev       string
				Instances []json.RawMessage
			}
			NotModified []int
			Failed      []struct {
				Indexes []int
				Error   errorBody
			}
		}
	}
	if err := json.Unmarshal([]byte(a.raw), &got); a.code != 200 || err != nil {
		t.Fatalf("batch find: %d %s", a.code, a.raw)
	}
	s, in := got.Services, got.Instances
	if len(s.NotModified) != 1 || s.NotModified[0] != 0 || len(s.Updated) != 1 || s.Updated[0].Index != 1 ||
		len(s.Failed) != 1 || s.Failed[0].Error.ErrorCode != "400012" || s.Failed[0].Indexes[0] != 2 {
		t.Fatalf("batch services: %s", a.raw)
	}
	if len(in.Updated) != 1 || len(in.Failed) != 1 || in.Failed[0].Error.ErrorCode != "400017" {
		t.Fatalf("batch instances: %s", a.raw)
	}
	f.send("DELETE", reg+"/microservices/"+sid, "").wantError(t, 400, "400013")
	if a := f.send("DELETE", base+iid, ""); a.code != 200 {
		t.Fatalf("deregister: %d %s", a.code, a.raw)
	}
	f.send("DELETE", reg+"/microservices/"+sid, "").wantError(t, 400, "400023")
	if a := f.send("DELETE", reg+"/microservices/"+sid+"?force=true", ""); a.code != 200 {
		t.Fatalf("force delete: %d %s", a.code, a.raw)
	}
}

// Every route answers its bad inputs with service-center's error and
// stores nothing.
func TestBadInputs(t *testing.T) {
	f := newFixture(t, false)
	sid := f.createService("orders", "1.0.0")
	iid := f.registerInstance(sid, "rest://10.0.0.1:8080")
	ms := reg + "/microservices/"
	inst := ms + sid + "/instances/"
	cases := []struct {
		name, method, path, body string
		status                   int
		code                     string
	}{
		{"create: no body", "POST", reg + "/microservices", "", 400, "400001"},
		{"create: not an object", "POST", reg + "/microservices", `[1]`, 400, "400001"},
		{"create: no service", "POST", reg + "/microservices", `{}`, 400, "400001"},
		{"create: wrong type", "POST", reg + "/microservices", `{"service":{"serviceName":1}}`, 400, "400001"},
		{"create: trailing data", "POST", reg + "/microservices", `{"service":{"serviceName":"a"}} {}`, 400, "400001"},
		{"create: bad version", "POST", reg + "/microservices", `{"service":{"serviceName":"a","version":"x"}}`, 400, "400001"},
		{"create: id taken", "POST", reg + "/microservices", `{"service":{"serviceId":"` + sid + `","serviceName":"b"}}`, 400, "400010"},
		{"get: unknown", "GET", ms + "nope", "", 400, "400012"},
		{"delete: bad force", "DELETE", ms + sid + "?force=maybe", "", 400, "400001"},
		{"delete: unknown", "DELETE", ms + "nope", "", 400, "400012"},
		{"batch delete: none", "DELETE", reg + "/microservices", `{"serviceIds":[]}`, 400, "400001"},
		{"properties: wrong type", "PUT", ms + sid + "/properties", `{"properties":{"a":1}}`, 400, "400001"},
		{"properties: unknown", "PUT", ms + "nope/properties", `{"properties":{}}`, 400, "400012"},
		{"existence: no type", "GET", reg + "/existence", "", 400, "400001"},
		{"existence: bad rule", "GET", reg + "/existence?type=microservice&serviceName=orders&version=x+y", "", 400, "400001"},
		{"existence: no schema", "GET", reg + "/existence?type=schema&serviceId=" + sid + "&schemaId=z", "", 400, "400016"},
		{"schema: unknown", "GET", ms + sid + "/schemas/z", "", 400, "400016"},
		{"schema: empty", "PUT", ms + sid + "/schemas/z", `{"schema":""}`, 400, "400001"},
		{"schema: bad id", "PUT", ms + sid + "/schemas/a%20b", `{"schema":"x"}`, 400, "400001"},
		{"schemas: none", "POST", ms + sid + "/schemas", `{"schemas":[]}`, 400, "400001"},
		{"schemas: bad withSchema", "GET", ms + sid + "/schemas?withSchema=2", "", 400, "400001"},
		{"register: no instance", "POST", ms + sid + "/instances", `{}`, 400, "400001"},
		{"register: no endpoint", "POST", ms + sid + "/instances", `{"instance":{"hostName":"h"}}`, 400, "400001"},
		{"register: bad interval", "POST", ms + sid + "/instances", `{"instance":{"hostName":"h","endpoints":["rest://1.2.3.4:5"],"healthCheck":{"interval":"x"}}}`, 400, "400001"},
		{"register: unknown service", "POST", ms + "nope/instances", `{"instance":{"hostName":"h","endpoints":["rest://1.2.3.4:5"]}}`, 400, "400012"},
		{"heartbeat: unknown instance", "PUT", inst + "nope/heartbeat", "", 400, "400017"},
		{"heartbeat: unknown service", "PUT", ms + "nope/instances/" + iid + "/heartbeat", "", 400, "400012"},
		{"status: missing", "PUT", inst + iid + "/status", "", 400, "400001"},
		{"status: bad", "PUT", inst + iid + "/status?value=ASLEEP", "", 400, "400001"},
		{"instance properties: bad", "PUT", inst + iid + "/properties", `{"properties":"x"}`, 400, "400001"},
		{"get instance: unknown", "GET", inst + "nope", "", 400, "400017"},
		{"deregister: unknown", "DELETE", inst + "nope", "", 400, "400017"},
		{"find: no name", "GET", reg + "/instances?appId=default", "", 400, "400001"},
		{"find: bad rule", "GET", reg + "/instances?serviceName=orders&version=1..2", "", 400, "400001"},
		{"find: unknown", "GET", reg + "/instances?serviceName=nope", "", 400, "400012"},
		{"batch: bad type", "POST", reg + "/instances/action?type=watch", `{"services":[]}`, 400, "400001"},
		{"batch: empty", "POST", reg + "/instances/action?type=query", `{}`, 400, "400001"},
		{"batch: no name", "POST", reg + "/instances/action?type=query", `{"services":[{"service":{}}]}`, 400, "400001"},
		{"batch: no instance id", "POST", reg + "/instances/action?type=query", `{"instances":[{"instance":{"serviceId":"a"}}]}`, 400, "400001"},
		{"providers: unknown", "GET", ms + "nope/providers", "", 400, "400012"},
		{"token: no body", "POST", "/v4/token", "", 400, "400001"},
		{"token: no password", "POST", "/v4/token", `{"name":"nacos"}`, 400, "400001"},
		{"token: wrong password", "POST", "/v4/token", `{"name":"nacos","password":"wrong"}`, 401, "401202"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			f.send(c.method, c.path, c.body).wantError(t, c.status, c.code)
		})
	}
	if a := f.send("GET", reg+"/microservices", ""); strings.Count(a.raw, `"serviceId"`) != 1 {
		t.Fatalf("bad inputs stored services: %s", a.raw)
	}
	if a := f.send("GET", ms+sid+"/instances", ""); strings.Count(a.raw, `"instanceId"`) != 1 {
		t.Fatalf("bad inputs stored instances: %s", a.raw)
	}
}

func TestTokenAndAuthentication(t *testing.T) {
	f := newFixture(t, true)
	f.send("GET", reg+"/microservices", "").wantError(t, 401, "401204")
	f.send("GET", reg+"/microservices", "", "Authorization", "Bearer nonsense").wantError(t, 401, "401201")
	a := f.send("POST", "/v4/token", `{"name":"nacos","password":"secret-pass-1"}`)
	token := a.field(t, "token")
	if a.code != 200 || token == "" {
		t.Fatalf("token: %d %s", a.code, a.raw)
	}
	if a := f.send("GET", reg+"/microservices", "", "Authorization", "Bearer "+token); a.code != 200 {
		t.Fatalf("with the token: %d %s", a.code, a.raw)
	}
	if a := f.send("GET", reg+"/health/readiness", ""); a.code != 200 {
		t.Fatalf("readiness must stay open: %d", a.code)
	}
}
