package ai

import "testing"

// The §7 calls as the SDK sends them, each answer checked.
func TestA2ARoutesHappyPath(t *testing.T) {
	f := newCatalogFixture(t)
	v1 := `{"name":"helper","version":"1.0.0","protocolVersion":"0.3.0","url":"http://h:1/","skills":[{"id":"s","name":"n"}]}`
	f.ok(t, "POST", "/a2a", map[string]string{"agentCard": v1, "agentName": "helper", "namespaceId": "public", "registrationType": "URL"}, nil)
	f.ok(t, "PUT", "/a2a", map[string]string{"agentCard": `{"name":"helper","version":"2.0.0","url":"http://h:2/"}`,
		"agentName": "helper", "setAsLatest": "true"}, nil)
	var d struct {
		Name, Version, URL string
		RegistrationType   string
		LatestVersion      bool
	}
	f.ok(t, "GET", "/a2a", map[string]string{"agentName": "helper"}, &d)
	if d.Version != "2.0.0" || d.URL != "http://h:2/" || !d.LatestVersion || d.RegistrationType != "URL" {
		t.Fatalf("latest: %+v", d)
	}
	f.ok(t, "GET", "/a2a", map[string]string{"agentName": "helper", "version": "1.0.0"}, &d)
	if d.Version != "1.0.0" || d.LatestVersion {
		t.Fatalf("1.0.0: %+v", d)
	}
	var vs []agentVersion
	f.ok(t, "GET", "/a2a/version/list", map[string]string{"agentName": "helper"}, &vs)
	if len(vs) != 2 || vs[0].Latest || !vs[1].Latest || vs[0].CreatedAt == "" {
		t.Fatalf("versions: %+v", vs)
	}
	var pg struct {
		TotalCount int             `json:"totalCount"`
		PageItems  []agentListItem `json:"pageItems"`
	}
	f.ok(t, "GET", "/a2a/list", map[string]string{"agentName": "help", "search": "blur"}, &pg)
	if pg.TotalCount != 1 || pg.PageItems[0].LatestPublishedVersion != "2.0.0" {
		t.Fatalf("search: %+v", pg)
	}
	f.ok(t, "GET", "/a2a/list", map[string]string{"agentName": "help", "search": "accurate"}, &pg)
	if pg.TotalCount != 0 {
		t.Fatalf("accurate search matched a prefix: %+v", pg)
	}
	f.ok(t, "DELETE", "/a2a", map[string]string{"agentName": "helper", "version": "2.0.0"}, nil)
	f.ok(t, "DELETE", "/a2a", map[string]string{"agentName": "helper", "version": ""}, nil)
	if status, res := f.do(t, "GET", "/a2a", map[string]string{"agentName": "helper"}); status != 404 || res.Code != 50100 {
		t.Fatalf("deleted agent: %d %+v", status, res)
	}
}

func TestA2ARoutesRefuse(t *testing.T) {
	f := newCatalogFixture(t)
	f.ok(t, "POST", "/a2a", map[string]string{"agentCard": `{"name":"helper","version":"1","url":"http://h/"}`}, nil)
	cases := []struct {
		name, method, path string
		params             map[string]string
		status, code       int
	}{
		{"register without card", "POST", "/a2a", map[string]string{"agentName": "x"}, 400, 10000},
		{"register bad json", "POST", "/a2a", map[string]string{"agentCard": "{"}, 400, 20002},
		{"register without version", "POST", "/a2a", map[string]string{"agentCard": `{"name":"x"}`}, 400, 10000},
		{"register name mismatch", "POST", "/a2a", map[string]string{"agentCard": `{"name":"x","version":"1"}`, "agentName": "y"}, 400, 20002},
		{"register exists", "POST", "/a2a", map[string]string{"agentCard": `{"name":"helper","version":"2"}`}, 409, 20005},
		{"register bad type", "POST", "/a2a", map[string]string{"agentCard": `{"name":"x","version":"1"}`, "registrationType": "DNS"}, 400, 20002},
		{"update unknown", "PUT", "/a2a", map[string]string{"agentCard": `{"name":"nobody","version":"1"}`}, 404, 50100},
		{"update published", "PUT", "/a2a", map[string]string{"agentCard": `{"name":"helper","version":"1","url":"http://other/"}`}, 409, 50102},
		{"update bad flag", "PUT", "/a2a", map[string]string{"agentCard": `{"name":"helper","version":"3"}`, "setAsLatest": "yes"}, 400, 20002},
		{"get without name", "GET", "/a2a", nil, 400, 10000},
		{"get unknown version", "GET", "/a2a", map[string]string{"agentName": "helper", "version": "9"}, 404, 50101},
		{"versions unknown", "GET", "/a2a/version/list", map[string]string{"agentName": "nobody"}, 404, 50100},
		{"list bad page", "GET", "/a2a/list", map[string]string{"pageSize": "-1"}, 400, 20002},
		{"delete unknown", "DELETE", "/a2a", map[string]string{"agentName": "nobody"}, 404, 50100},
		{"delete unknown version", "DELETE", "/a2a", map[string]string{"agentName": "helper", "version": "9"}, 404, 50101},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			status, res := f.do(t, tc.method, tc.path, tc.params)
			if status != tc.status || res.Code != tc.code {
				t.Fatalf("%d %+v %s, want %d %d", status, res, res.Data, tc.status, tc.code)
			}
			if p, _ := f.a2a.List("", 0, "", 1, 10); p.TotalCount != 1 || p.PageItems[0].Card.URL != "http://h/" || len(p.PageItems[0].Index.Versions) != 1 {
				t.Fatalf("a refused call changed the agents: %+v", p)
			}
		})
	}
}
