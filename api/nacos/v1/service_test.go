package v1

import (
	"fmt"
	"net/http"
	"net/url"
	"reflect"
	"testing"
	"time"
)

func TestServiceLifecycle(t *testing.T) {
	e := newEnv(t, time.Hour)
	e.ok(e.do(http.MethodPost, "/service", vals("serviceName", "nacos.test.2", "metadata", "k1=v1",
		"protectThreshold", "0.3", "selector", `{"type":"label","expression":"CONSUMER.label.a = PROVIDER.label.a"}`)))
	e.register("serviceName", "nacos.test.2", "ip", "10.0.0.1", "port", "80", "clusterName", "c1", "ephemeral", "false")

	m := decode(t, e.do(http.MethodGet, "/service", vals("serviceName", "nacos.test.2")))
	expectKeys(t, "service", m, "metadata", "groupName", "namespaceId", "name", "selector", "protectThreshold", "clusters")
	if m["name"] != "nacos.test.2" || m["groupName"] != "DEFAULT_GROUP" || m["namespaceId"] != "public" ||
		m["protectThreshold"] != 0.3 || !reflect.DeepEqual(m["metadata"], map[string]any{"k1": "v1"}) {
		t.Fatalf("service %v", m)
	}
	if sel := m["selector"].(map[string]any); sel["type"] != "label" || sel["expression"] != "CONSUMER.label.a = PROVIDER.label.a" {
		t.Fatalf("selector %v", sel)
	}
	clusters := m["clusters"].([]any)
	if len(clusters) != 1 {
		t.Fatalf("clusters %v", clusters)
	}
	c := clusters[0].(map[string]any)
	expectKeys(t, "cluster", c, "name", "healthChecker", "metadata")
	if c["name"] != "c1" || c["healthChecker"].(map[string]any)["type"] == "" {
		t.Fatalf("cluster %v", c)
	}

	// Update changes what is given and keeps the rest.
	e.ok(e.do(http.MethodPut, "/service", vals("serviceName", "nacos.test.2", "protectThreshold", "0.8")))
	m = decode(t, e.do(http.MethodGet, "/service", vals("serviceName", "DEFAULT_GROUP@@nacos.test.2")))
	if m["protectThreshold"] != 0.8 || !reflect.DeepEqual(m["metadata"], map[string]any{"k1": "v1"}) {
		t.Fatalf("after update %v", m)
	}
	e.ok(e.do(http.MethodPut, "/service", vals("serviceName", "nacos.test.2", "metadata", `{"k2":"v2"}`, "selector", `{"type":"none"}`)))
	m = decode(t, e.do(http.MethodGet, "/service", vals("serviceName", "nacos.test.2")))
	if !reflect.DeepEqual(m["metadata"], map[string]any{"k2": "v2"}) || m["selector"].(map[string]any)["type"] != "none" {
		t.Fatalf("after second update %v", m)
	}

	before := e.snapshot()
	expect(t, e.do(http.MethodDelete, "/service", vals("serviceName", "nacos.test.2")),
		400, "Service DEFAULT_GROUP@@nacos.test.2 is not empty, can't be delete. Please unregister instance first")
	e.expectUnchanged(before)
	e.ok(e.do(http.MethodDelete, "/instance", vals("serviceName", "nacos.test.2", "ip", "10.0.0.1", "port", "80", "clusterName", "c1")))
	e.ok(e.do(http.MethodDelete, "/service", vals("serviceName", "nacos.test.2")))
	if s, _ := e.reg.Counts(); s != 0 {
		t.Fatalf("%d services after delete", s)
	}
}

func TestServiceRefusesBadInput(t *testing.T) {
	e := newEnv(t, time.Hour)
	e.ok(e.do(http.MethodPost, "/service", vals("serviceName", "there")))
	cases := []struct {
		name   string
		method string
		params url.Values
		status int
		body   string
	}{
		{"create: no name", "POST", vals(), 400, "Parameter 'serviceName' is missing"},
		{"create: exists", "POST", vals("serviceName", "there"), 400, "specified service DEFAULT_GROUP@@there already exists!"},
		{"create: threshold text", "POST", vals("serviceName", "x", "protectThreshold", "half"), 400, `For input string: "half"`},
		{"create: threshold range", "POST", vals("serviceName", "x", "protectThreshold", "1.5"), 400,
			"Param 'protectThreshold' is illegal, the value should be between 0 and 1."},
		{"create: metadata", "POST", vals("serviceName", "x", "metadata", "k1"), 400, "metadata format incorrect:k1"},
		{"create: selector JSON", "POST", vals("serviceName", "x", "selector", "label"), 400, "not match any type of selector!"},
		{"create: selector without type", "POST", vals("serviceName", "x", "selector", `{"expression":"a"}`), 400, "not match any type of selector!"},
		{"create: selector type", "POST", vals("serviceName", "x", "selector", `{"type":"cmdb"}`), 400, "not match any type of selector!"},
		{"create: name", "POST", vals("serviceName", "中文"), 400, "Param 'serviceName' is illegal, illegal characters should not appear in the param."},
		{"update: no name", "PUT", vals("protectThreshold", "0.1"), 400, "Param 'serviceName' is required."},
		{"update: unknown", "PUT", vals("serviceName", "nope", "protectThreshold", "0.1"), 400, "service DEFAULT_GROUP@@nope not found!"},
		{"update: threshold", "PUT", vals("serviceName", "there", "protectThreshold", "-0.1"), 400,
			"Param 'protectThreshold' is illegal, the value should be between 0 and 1."},
		{"update: selector", "PUT", vals("serviceName", "there", "selector", "{"), 400, "not match any type of selector!"},
		{"delete: no name", "DELETE", vals(), 400, "Parameter 'serviceName' is missing"},
		{"delete: unknown", "DELETE", vals("serviceName", "nope"), 400, "service DEFAULT_GROUP@@nope not found!"},
		{"get: no name", "GET", vals(), 400, "Parameter 'serviceName' is missing"},
		{"get: unknown", "GET", vals("serviceName", "nope", "namespaceId", "dev"), 400,
			"service not found, namespace: dev, serviceName: DEFAULT_GROUP@@nope"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			before := e.snapshot()
			expect(t, e.do(c.method, "/service", c.params), c.status, c.body)
			e.expectUnchanged(before)
		})
	}
}

func TestServiceList(t *testing.T) {
	e := newEnv(t, time.Hour)
	for i := 1; i <= 3; i++ {
		e.ok(e.do(http.MethodPost, "/service", vals("serviceName", fmt.Sprintf("nacos.test.%d", i))))
	}
	e.ok(e.do(http.MethodPost, "/service", vals("serviceName", "other", "groupName", "g2")))
	e.ok(e.do(http.MethodPost, "/service", vals("serviceName", "elsewhere", "namespaceId", "dev")))

	m := decode(t, e.do(http.MethodGet, "/service/list", vals("pageNo", "1", "pageSize", "2")))
	expectKeys(t, "service list", m, "count", "doms")
	if m["count"] != 3.0 || !reflect.DeepEqual(m["doms"], []any{"nacos.test.1", "nacos.test.2"}) {
		t.Fatalf("page 1: %v", m)
	}
	m = decode(t, e.do(http.MethodGet, "/service/list", vals("pageNo", "2", "pageSize", "2")))
	if !reflect.DeepEqual(m["doms"], []any{"nacos.test.3"}) {
		t.Fatalf("page 2: %v", m)
	}
	m = decode(t, e.do(http.MethodGet, "/service/list", vals("pageNo", "9", "pageSize", "2")))
	if m["count"] != 3.0 || !reflect.DeepEqual(m["doms"], []any{}) {
		t.Fatalf("page 9: %v", m)
	}
	m = decode(t, e.do(http.MethodGet, "/service/list", vals("pageNo", "1", "pageSize", "500", "groupName", "g2")))
	if !reflect.DeepEqual(m["doms"], []any{"other"}) {
		t.Fatalf("group g2: %v", m)
	}
	m = decode(t, e.do(http.MethodGet, "/service/list", vals("pageNo", "1", "pageSize", "10", "namespaceId", "dev")))
	if !reflect.DeepEqual(m["doms"], []any{"elsewhere"}) {
		t.Fatalf("namespace dev: %v", m)
	}

	for _, c := range []struct {
		params url.Values
		body   string
	}{
		{vals("pageSize", "10"), "Param 'pageNo' is required."},
		{vals("pageNo", "1"), "Param 'pageSize' is required."},
		{vals("pageNo", "1", "pageSize", "-5"), "fromIndex(0) > toIndex(-5)"},
		{vals("pageNo", "0", "pageSize", "-1"), "fromIndex(1) > toIndex(0)"},
		{vals("pageNo", "1", "pageSize", "10", "groupName", "a b"), "Param 'groupName' is illegal, illegal characters should not appear in the param."},
	} {
		before := e.snapshot()
		expect(t, e.do(http.MethodGet, "/service/list", c.params), 400, c.body)
		e.expectUnchanged(before)
	}
}

// TestServiceListPagesAsNacos pins ServiceUtil.pageServiceName's paging,
// which real clients depend on: Java 1.4's getServicesOfServer(1,
// Integer.MAX_VALUE) (Spring Cloud Alibaba, Dubbo) must get every service.
func TestServiceListPagesAsNacos(t *testing.T) {
	e := newEnv(t, time.Hour)
	for i := 1; i <= 3; i++ {
		e.ok(e.do(http.MethodPost, "/service", vals("serviceName", fmt.Sprintf("s%d", i))))
	}
	e.ok(e.do(http.MethodPost, "/service", vals("serviceName", "lonely", "groupName", "g")))
	all := `{"count":3,"doms":["s1","s2","s3"]}`
	for _, c := range []struct {
		pageNo, pageSize, group, want string
	}{
		{"1", "2147483647", "", all},                       // Integer.MAX_VALUE
		{"1", "100000", "", all},                           // beyond any old cap
		{"0", "2", "", `{"count":3,"doms":["s1","s2"]}`},   // pageNo 0 is page 1
		{"-7", "2", "", `{"count":3,"doms":["s1","s2"]}`},  // so is any below
		{"2", "2", "", `{"count":3,"doms":["s3"]}`},        // the last, short page
		{"2", "2147483647", "", `{"count":3,"doms":[]}`},   // past the end
		{"3", "2147483647", "", all},                       // (3-1)*MAX wraps to -2: page 1
		{"1", "0", "", `{"count":3,"doms":[]}`},            // an empty page
		{"one", "2", "", `{"count":3,"doms":["s1","s2"]}`}, // unreadable: 0, page 1
		{"1", "ten", "", `{"count":3,"doms":[]}`},          // unreadable: 0, empty
		{"1", "99999999999", "", `{"count":3,"doms":[]}`},  // beyond int: 0, empty
		{"+1", "2", "", `{"count":3,"doms":["s1","s2"]}`},  // Integer.parseInt takes a sign
		{"1", "-5", "g2", `{"count":0,"doms":[]}`},         // negative size, empty list
		{"1", "2147483647", "g", `{"count":1,"doms":["lonely"]}`},
	} {
		params := vals("pageNo", c.pageNo, "pageSize", c.pageSize)
		if c.group != "" {
			params.Set("groupName", c.group)
		}
		rec := e.do(http.MethodGet, "/service/list", params)
		if rec.Code != http.StatusOK || rec.Body.String() != c.want {
			t.Errorf("pageNo=%s pageSize=%s group=%s: %d %s, want %s", c.pageNo, c.pageSize, c.group,
				rec.Code, rec.Body.String(), c.want)
		}
	}
}
