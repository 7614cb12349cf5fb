package v2

import (
	"fmt"
	"net/http"
	"testing"
)

func TestServiceLifecycle(t *testing.T) {
	f := newFixture(t)
	if got := f.ok(http.MethodPost, servicePath, vals("serviceName", "nacos.test.1", "metadata", `{"k1":"v1"}`)); got != true {
		t.Fatalf("create answered %v", got)
	}
	d := f.okMap(http.MethodGet, servicePath, vals("serviceName", "nacos.test.1"))
	wantKeys(t, "detail", d, "namespace", "serviceName", "groupName", "clusterMap", "metadata",
		"protectThreshold", "selector", "ephemeral")
	for field, want := range map[string]any{
		"namespace": "public", "serviceName": "nacos.test.1", "groupName": "DEFAULT_GROUP",
		"clusterMap": map[string]any{}, "metadata": map[string]any{"k1": "v1"}, "protectThreshold": 0,
		"selector": map[string]any{"type": "none", "contextType": "NONE"}, "ephemeral": false,
	} {
		wantField(t, "detail", d, field, want)
	}

	got := f.ok(http.MethodPut, servicePath, vals("serviceName", "nacos.test.1", "protectThreshold", "0.5",
		"selector", `{"type":"label","expression":"CONSUMER.label.a = PROVIDER.label.a"}`))
	if got != true {
		t.Fatalf("update answered %v", got)
	}
	d = f.okMap(http.MethodGet, servicePath, vals("serviceName", "nacos.test.1"))
	wantField(t, "updated", d, "protectThreshold", 0.5)
	// A PUT replaces the metadata too, as in Nacos.
	wantField(t, "updated", d, "metadata", map[string]any{})
	wantField(t, "updated", d, "selector", map[string]any{"type": "label", "contextType": "CMDB",
		"expression": "CONSUMER.label.a = PROVIDER.label.a"})

	if got := f.ok(http.MethodDelete, servicePath, vals("serviceName", "nacos.test.1")); got != true {
		t.Fatalf("delete answered %v", got)
	}
	if total, _ := f.reg.ListServices("", "", 1, 10); total != 0 {
		t.Fatalf("%d services left after delete", total)
	}
}

func TestServiceDetailClustersAndKind(t *testing.T) {
	f := newFixture(t)
	f.ok(http.MethodPost, servicePath, vals("namespaceId", "dev", "groupName", "G", "serviceName", "s",
		"ephemeral", "true", "protectThreshold", "0.3"))
	f.register("namespaceId", "dev", "groupName", "G", "serviceName", "s", "ip", "10.0.0.1", "port", "80", "clusterName", "c1")
	d := f.okMap(http.MethodGet, servicePath, vals("namespaceId", "dev", "groupName", "G", "serviceName", "s"))
	wantField(t, "detail", d, "ephemeral", true)
	wantField(t, "detail", d, "protectThreshold", 0.3)
	wantField(t, "detail", d, "namespace", "dev")
	cm := d["clusterMap"].(map[string]any)
	c1, ok := cm["c1"].(map[string]any)
	if len(cm) != 1 || !ok {
		t.Fatalf("clusterMap = %v", cm)
	}
	wantKeys(t, "cluster", c1, "clusterName", "healthChecker", "metadata", "hosts")
	wantField(t, "cluster", c1, "clusterName", "c1")
}

func TestServiceList(t *testing.T) {
	f := newFixture(t)
	for i := 1; i <= 5; i++ {
		f.ok(http.MethodPost, servicePath, vals("serviceName", fmt.Sprintf("nacos.test.%d", i)))
	}
	f.ok(http.MethodPost, servicePath, vals("serviceName", "other", "groupName", "G"))
	cases := []struct {
		params []string
		count  int
		want   []string
	}{
		{nil, 5, []string{"nacos.test.1", "nacos.test.2", "nacos.test.3", "nacos.test.4", "nacos.test.5"}},
		{[]string{"pageNo", "2", "pageSize", "2"}, 5, []string{"nacos.test.3", "nacos.test.4"}},
		{[]string{"pageNo", "9", "pageSize", "2"}, 5, []string{}},
		{[]string{"groupName", "G", "pageSize", "500"}, 1, []string{"other"}},
		// Nacos cuts the size to 500 and reads pageNo 0 or below as page 1.
		{[]string{"pageNo", "1", "pageSize", "2147483647"}, 5, []string{"nacos.test.1", "nacos.test.2", "nacos.test.3", "nacos.test.4", "nacos.test.5"}},
		{[]string{"pageNo", "0", "pageSize", "2"}, 5, []string{"nacos.test.1", "nacos.test.2"}},
		{[]string{"pageNo", "-3", "pageSize", "2"}, 5, []string{"nacos.test.1", "nacos.test.2"}},
		{[]string{"pageNo", "2", "pageSize", "100000"}, 5, []string{}},
		{[]string{"pageSize", "0"}, 5, []string{}},
		{[]string{"namespaceId", "empty"}, 0, []string{}},
	}
	for _, tc := range cases {
		d := f.okMap(http.MethodGet, serviceListPath, vals(tc.params...))
		wantKeys(t, "list", d, "count", "services")
		wantField(t, fmt.Sprint(tc.params), d, "count", tc.count)
		got := fmt.Sprint(d["services"])
		if want := fmt.Sprint(tc.want); got != want {
			t.Errorf("%v: services = %s, want %s", tc.params, got, want)
		}
	}
}
