package servicecomb

import (
	"encoding/json"
	"strings"
	"testing"
)

// decode reads a JSON answer into v.
func (a answer) decode(t testing.TB, v any) {
	t.Helper()
	if a.code != 200 {
		t.Fatalf("answered %d %s", a.code, a.raw)
	}
	if err := json.Unmarshal([]byte(a.raw), v); err != nil {
		t.Fatalf("answer %q: %v", a.raw, err)
	}
}

func (f *fixture) wantOK(method, path, body string) answer {
	f.t.Helper()
	a := f.send(method, path, body)
	if a.code != 200 {
		f.t.Fatalf("%s %s: %d %s", method, path, a.code, a.raw)
	}
	return a
}

func TestTagRoutes(t *testing.T) {
	f := newFixture(t, false)
	sid := f.createService("orders", "1.0.0")
	tags := reg + "/microservices/" + sid + "/tags"
	if a := f.wantOK("GET", tags, ""); a.raw != "{}\n" && a.raw != "{}" {
		t.Fatalf("no tags answer %q, want {} (service-center omits an empty map)", a.raw)
	}
	f.wantOK("POST", tags, `{"tags":{"a":"b","c":"d"}}`)
	f.wantOK("PUT", tags+"/a?value=z", "")
	f.wantOK("DELETE", tags+"/c", "")
	var got struct{ Tags map[string]string }
	f.wantOK("GET", tags, "").decode(t, &got)
	if len(got.Tags) != 1 || got.Tags["a"] != "z" {
		t.Fatalf("tags: %v", got.Tags)
	}
	f.wantOK("POST", tags, `{"tags":{"x":"y","w":"v"}}`)
	f.wantOK("DELETE", tags+"/x,w", "")
	if a := f.wantOK("GET", tags, ""); strings.Contains(a.raw, `"tags"`) {
		t.Fatalf("tags after deleting both: %s", a.raw)
	}
}

func TestRuleRoutes(t *testing.T) {
	f := newFixture(t, false)
	provider := f.createService("orders", "1.0.0")
	consumer := f.createService("web", "1.0.0")
	f.registerInstance(provider, "rest://10.0.0.1:8080")
	rules := reg + "/microservices/" + provider + "/rules"
	var added struct {
		RuleIds []string // service-center's capitalised name
	}
	f.wantOK("POST", rules, `{"rules":[{"ruleType":"BLACK","attribute":"ServiceName","pattern":"web","description":"no web"}]}`).decode(t, &added)
	if len(added.RuleIds) != 1 {
		t.Fatalf("added: %+v", added)
	}
	find := reg + "/instances?serviceName=orders"
	if a := f.send("GET", find, "", "X-ConsumerId", consumer); a.code != 200 || strings.Contains(a.raw, "instanceId") {
		t.Fatalf("a black-listed consumer found: %d %s", a.code, a.raw)
	}
	f.wantOK("PUT", rules+"/"+added.RuleIds[0], `{"ruleType":"BLACK","attribute":"ServiceName","pattern":"mobile"}`)
	if a := f.send("GET", find, "", "X-ConsumerId", consumer); a.code != 200 || !strings.Contains(a.raw, "instanceId") {
		t.Fatalf("after the rule changed the consumer found: %d %s", a.code, a.raw)
	}
	var list struct {
		Rules []struct{ RuleID, RuleType, Attribute, Pattern, Description, Timestamp, ModTimestamp string }
	}
	f.wantOK("GET", rules, "").decode(t, &list)
	if len(list.Rules) != 1 || list.Rules[0].Pattern != "mobile" || list.Rules[0].Description != "" || list.Rules[0].Timestamp == "" {
		t.Fatalf("rules: %+v", list)
	}
	// An existing attribute and pattern is skipped: 200 with no ids.
	if a := f.wantOK("POST", rules, `{"rules":[{"ruleType":"BLACK","attribute":"ServiceName","pattern":"mobile"}]}`); strings.Contains(a.raw, "RuleIds") {
		t.Fatalf("re-adding a rule: %s", a.raw)
	}
	f.wantOK("DELETE", rules+"/"+added.RuleIds[0], "")
	if a := f.wantOK("GET", rules, ""); strings.Contains(a.raw, "ruleId") {
		t.Fatalf("rules after delete: %s", a.raw)
	}
}

func TestSchemaDeleteRoute(t *testing.T) {
	f := newFixture(t, false)
	sid := f.createService("orders", "1.0.0")
	schemas := reg + "/microservices/" + sid + "/schemas"
	f.wantOK("PUT", schemas+"/s1", `{"schema":"x"}`)
	f.wantOK("DELETE", schemas+"/s1", "")
	f.send("GET", schemas+"/s1", "").wantError(t, 400, "400016")
	f.send("DELETE", schemas+"/s1", "").wantError(t, 400, "400016")
	// The id stays declared, as in service-center.
	if a := f.wantOK("GET", reg+"/microservices/"+sid, ""); !strings.Contains(a.raw, `"schemas":["s1"]`) {
		t.Fatalf("service after schema delete: %s", a.raw)
	}
}

func TestBatchHeartbeatRoute(t *testing.T) {
	f := newFixture(t, false)
	sid := f.createService("orders", "1.0.0")
	iid := f.registerInstance(sid, "rest://10.0.0.1:8080")
	one := `{"serviceId":"` + sid + `","instanceId":"` + iid + `"}`
	// cari's field is "instances"; Go's decoding, service-center's too,
	// takes the capitalised name clients also send.
	for _, name := range []string{"instances", "Instances"} {
		var got struct {
			Instances []struct{ ServiceID, InstanceID, ErrMessage string }
		}
		body := `{"` + name + `":[` + one + `,` + one + `,{"serviceId":"` + sid + `","instanceId":"nope"}]}`
		f.wantOK("PUT", reg+"/heartbeats", body).decode(t, &got)
		if len(got.Instances) != 2 || got.Instances[0].InstanceID != iid || got.Instances[0].ErrMessage != "" ||
			!strings.HasPrefix(got.Instances[1].ErrMessage, "Instance does not exist(") {
			t.Fatalf("%s: %+v", name, got)
		}
	}
}

func TestBatchDeleteForce(t *testing.T) {
	f := newFixture(t, false)
	cases := []struct {
		name, query, force string
		deleted            bool
	}{
		{"no force", "", "", false},
		{"force in the body", "", `,"force":true`, true},
		{"force false in the body", "", `,"force":false`, false},
		{"force in the query", "?force=true", "", true},
	}
	for i, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			sid := f.createService("svc"+string(rune('a'+i)), "1.0.0")
			f.registerInstance(sid, "rest://10.0.1."+string(rune('1'+i))+":80")
			var got struct {
				Services []struct{ ServiceID, ErrMessage string }
			}
			f.wantOK("DELETE", reg+"/microservices"+c.query, `{"serviceIds":["`+sid+`","`+sid+`"]`+c.force+`}`).decode(t, &got)
			if len(got.Services) != 1 || (got.Services[0].ErrMessage == "") != c.deleted {
				t.Fatalf("answer %+v, want deleted %v", got, c.deleted)
			}
			if c.deleted {
				f.send("GET", reg+"/microservices/"+sid, "").wantError(t, 400, "400012")
			} else if !strings.HasPrefix(got.Services[0].ErrMessage, "Micro-service has deployed instance(s)(") {
				t.Fatalf("errMessage %q", got.Services[0].ErrMessage)
			}
		})
	}
}

// The management routes answer bad inputs with service-center's codes and
// change nothing.
func TestManagementBadInputs(t *testing.T) {
	f := newFixture(t, false)
	sid := f.createService("orders", "1.0.0")
	iid := f.registerInstance(sid, "rest://10.0.0.1:8080")
	ms := reg + "/microservices/"
	tags, rules := ms+sid+"/tags", ms+sid+"/rules"
	f.wantOK("POST", tags, `{"tags":{"a":"b"}}`)
	var added struct{ RuleIds []string }
	f.wantOK("POST", rules, `{"rules":[{"ruleType":"WHITE","attribute":"AppId","pattern":"x"}]}`).decode(t, &added)
	f.wantOK("PUT", ms+sid+"/schemas/s1", `{"schema":"x"}`)
	rid := added.RuleIds[0]
	hundred := make([]string, 100)
	for i := range hundred {
		hundred[i] = `{"ruleType":"WHITE","attribute":"tag_k","pattern":"p` + string(rune('a'+i%26)) + string(rune('a'+i/26)) + `"}`
	}
	cases := []struct {
		name, method, path, body string
		code                     string
	}{
		{"tags: not an object", "POST", tags, `[1]`, "400001"},
		{"tags: wrong type", "POST", tags, `{"tags":{"a":1}}`, "400001"},
		{"tags: bad key", "POST", tags, `{"tags":{"1a":"b"}}`, "400001"},
		{"tags: bad value", "POST", tags, `{"tags":{"a":"b c"}}`, "400001"},
		{"tags: unknown service", "POST", ms + "nope/tags", `{"tags":{"a":"b"}}`, "400012"},
		{"list tags: unknown service", "GET", ms + "nope/tags", "", "400012"},
		{"update tag: no value", "PUT", tags + "/a", "", "400001"},
		{"update tag: bad value", "PUT", tags + "/a?value=b%20c", "", "400001"},
		{"update tag: unknown key", "PUT", tags + "/zz?value=b", "", "400018"},
		{"update tag: unknown service", "PUT", ms + "nope/tags/a?value=b", "", "400012"},
		{"delete tags: unknown key", "DELETE", tags + "/a,zz", "", "400018"},
		{"delete tags: empty key", "DELETE", tags + "/a,", "", "400001"},
		{"delete tags: unknown service", "DELETE", ms + "nope/tags/a", "", "400012"},
		{"rules: none", "POST", rules, `{"rules":[]}`, "400001"},
		{"rules: bad type", "POST", rules, `{"rules":[{"ruleType":"GREY","attribute":"AppId","pattern":"x"}]}`, "400001"},
		{"rules: bad attribute", "POST", rules, `{"rules":[{"ruleType":"WHITE","attribute":"Color","pattern":"x"}]}`, "400001"},
		{"rules: no pattern", "POST", rules, `{"rules":[{"ruleType":"WHITE","attribute":"AppId"}]}`, "400001"},
		{"rules: bad pattern", "POST", rules, `{"rules":[{"ruleType":"WHITE","attribute":"AppId","pattern":"("}]}`, "400001"},
		{"rules: wrong type", "POST", rules, `{"rules":{"ruleType":"WHITE"}}`, "400001"},
		{"rules: mixed", "POST", rules, `{"rules":[{"ruleType":"BLACK","attribute":"AppId","pattern":"y"}]}`, "400020"},
		{"rules: over quota", "POST", rules, `{"rules":[` + strings.Join(hundred, ",") + `]}`, "400100"},
		{"rules: unknown service", "POST", ms + "nope/rules", `{"rules":[{"ruleType":"WHITE","attribute":"AppId","pattern":"x"}]}`, "400001"},
		{"list rules: unknown service", "GET", ms + "nope/rules", "", "400012"},
		{"update rule: type change", "PUT", rules + "/" + rid, `{"ruleType":"BLACK","attribute":"AppId","pattern":"y"}`, "400021"},
		{"update rule: unknown", "PUT", rules + "/nope", `{"ruleType":"WHITE","attribute":"AppId","pattern":"y"}`, "400022"},
		{"update rule: bad body", "PUT", rules + "/" + rid, `{"ruleType":"WHITE"}`, "400001"},
		{"update rule: unknown service", "PUT", ms + "nope/rules/" + rid, `{"ruleType":"WHITE","attribute":"AppId","pattern":"y"}`, "400012"},
		{"delete rules: one unknown", "DELETE", rules + "/" + rid + ",nope", "", "400022"},
		{"delete rules: unknown service", "DELETE", ms + "nope/rules/" + rid, "", "400012"},
		{"delete schema: unknown", "DELETE", ms + sid + "/schemas/zz", "", "400016"},
		{"delete schema: bad id", "DELETE", ms + sid + "/schemas/a%20b", "", "400001"},
		{"delete schema: unknown service", "DELETE", ms + "nope/schemas/s1", "", "400012"},
		{"heartbeats: none", "PUT", reg + "/heartbeats", `{"instances":[]}`, "400001"},
		{"heartbeats: no body", "PUT", reg + "/heartbeats", "", "400001"},
		{"heartbeats: wrong type", "PUT", reg + "/heartbeats", `{"instances":{}}`, "400001"},
		{"batch delete: bad force", "DELETE", reg + "/microservices", `{"serviceIds":["` + sid + `"],"force":"yes"}`, "400001"},
		{"batch delete: bad id", "DELETE", reg + "/microservices", `{"serviceIds":["a b"],"force":true}`, "400001"},
		{"batch delete: bad query force", "DELETE", reg + "/microservices?force=maybe", `{"serviceIds":["` + sid + `"],"force":true}`, "400001"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			f.send(c.method, c.path, c.body).wantError(t, 400, c.code)
		})
	}
	var got struct{ Tags map[string]string }
	f.wantOK("GET", tags, "").decode(t, &got)
	if len(got.Tags) != 1 || got.Tags["a"] != "b" {
		t.Fatalf("bad inputs changed the tags: %v", got.Tags)
	}
	var list struct {
		Rules []struct{ RuleID, RuleType, Pattern string }
	}
	f.wantOK("GET", rules, "").decode(t, &list)
	if len(list.Rules) != 1 || list.Rules[0].RuleID != rid || list.Rules[0].Pattern != "x" {
		t.Fatalf("bad inputs changed the rules: %+v", list)
	}
	f.wantOK("GET", ms+sid+"/schemas/s1", "")
	f.wantOK("GET", ms+sid+"/instances/"+iid, "")
}
