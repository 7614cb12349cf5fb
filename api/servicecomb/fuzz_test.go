package servicecomb

import (
	"net/url"
	"strings"
	"testing"
)

// FuzzManagementRoutes feeds arbitrary bodies and path segments to the
// routes that parse them (tags, rules, batch heartbeat, batch delete): each
// answers 200 or a 400 in service-center's shape, never a 500 or a panic.
func FuzzManagementRoutes(f *testing.F) {
	for _, s := range []struct{ route, segment, body string }{
		{"tags", "", `{"tags":{"a":"b"}}`},
		{"tag", "a,b", ""},
		{"rules", "", `{"rules":[{"ruleType":"BLACK","attribute":"tag_a","pattern":"x"}]}`},
		{"rule", "r1,r2", `{"ruleType":"WHITE","attribute":"AppId","pattern":"("}`},
		{"heartbeats", "", `{"instances":[{"serviceId":"s","instanceId":"i"}]}`},
		{"delete", "", `{"serviceIds":["x"],"force":true}`},
		{"schema", "s%201", ""},
	} {
		f.Add(s.route, s.segment, s.body)
	}
	fx := newFixture(f, false)
	sid := fx.createService("orders", "1.0.0")
	ms := reg + "/microservices/" + sid
	f.Fuzz(func(t *testing.T, route, segment, body string) {
		fx.t = t
		seg := url.PathEscape(segment)
		var method, path string
		switch route {
		case "tags":
			method, path = "POST", ms+"/tags"
		case "tag":
			method, path = "DELETE", ms+"/tags/"+seg
		case "rules":
			method, path = "POST", ms+"/rules"
		case "rule":
			method, path = "PUT", ms+"/rules/"+seg
		case "heartbeats":
			method, path = "PUT", reg+"/heartbeats"
		case "delete":
			method, path = "DELETE", reg+"/microservices"
		default:
			method, path = "DELETE", ms+"/schemas/"+seg
		}
		if segment == "" && strings.Contains(path, "//") {
			return
		}
		a := fx.send(method, path, body)
		switch a.code {
		case 200:
		case 307, 404, 405:
			// the mux's answers to a path it cleans or does not route
		case 400:
			if a.field(t, "errorCode") == "" {
				t.Fatalf("%s %s %q: 400 without an errorCode: %s", method, path, body, a.raw)
			}
		default:
			t.Fatalf("%s %s %q: %d %s", method, path, body, a.code, a.raw)
		}
	})
}
