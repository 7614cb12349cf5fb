package v1

import (
	"net/http"
	"net/url"
	"reflect"
	"strings"
	"testing"
	"time"
)

func batchEnv(t *testing.T) *env {
	e := newEnv(t, time.Hour)
	for _, ip := range []string{"3.3.3.3", "2.2.2.2", "4.4.4.4"} {
		e.register("serviceName", "xxxx@@svc", "ip", ip, "port", "8080", "clusterName", "xxxx-cluster")
	}
	return e
}

func metadataOf(t *testing.T, e *env, ip string) map[string]any {
	t.Helper()
	m := decode(t, e.do(http.MethodGet, "/instance",
		vals("serviceName", "xxxx@@svc", "ip", ip, "port", "8080", "clusterName", "xxxx-cluster")))
	return m["metadata"].(map[string]any)
}

func TestBatchMetadataByInstances(t *testing.T) {
	e := batchEnv(t)
	// The seed's example: ports and ephemeral flags as strings.
	instances := `[{"ip":"3.3.3.3","port": "8080","ephemeral":"true","clusterName":"xxxx-cluster"},` +
		`{"ip":"2.2.2.2","port":"8080","ephemeral":"true","clusterName":"xxxx-cluster"}]`
	params := vals("namespaceId", "public", "serviceName", "xxxx@@svc", "instances", instances,
		"metadata", `{"age":"20","name":"cocolan"}`)
	expect(t, e.do(http.MethodPut, "/instance/metadata/batch", params), 200,
		`{"updated":["2.2.2.2:8080:unknown:xxxx-cluster:ephemeral","3.3.3.3:8080:unknown:xxxx-cluster:ephemeral"]}`)
	if md := metadataOf(t, e, "2.2.2.2"); !reflect.DeepEqual(md, map[string]any{"age": "20", "name": "cocolan"}) {
		t.Fatalf("2.2.2.2 metadata %v", md)
	}
	if md := metadataOf(t, e, "4.4.4.4"); len(md) != 0 {
		t.Fatalf("unlisted instance changed: %v", md)
	}

	params.Set("metadata", `{"age":""}`)
	expect(t, e.do(http.MethodDelete, "/instance/metadata/batch", params), 200,
		`{"updated":["2.2.2.2:8080:unknown:xxxx-cluster:ephemeral","3.3.3.3:8080:unknown:xxxx-cluster:ephemeral"]}`)
	if md := metadataOf(t, e, "3.3.3.3"); !reflect.DeepEqual(md, map[string]any{"name": "cocolan"}) {
		t.Fatalf("3.3.3.3 metadata after delete %v", md)
	}
}

func TestBatchMetadataByConsistencyType(t *testing.T) {
	e := batchEnv(t)
	params := vals("serviceName", "xxxx@@svc", "consistencyType", "ephemeral", "metadata", "a=1",
		"instances", `[{"ip":"2.2.2.2","port":8080,"clusterName":"xxxx-cluster"}]`) // overridden
	expect(t, e.do(http.MethodPut, "/instance/metadata/batch", params), 200,
		`{"updated":["2.2.2.2:8080:unknown:xxxx-cluster:ephemeral","3.3.3.3:8080:unknown:xxxx-cluster:ephemeral",`+
			`"4.4.4.4:8080:unknown:xxxx-cluster:ephemeral"]}`)
	expect(t, e.do(http.MethodPut, "/instance/metadata/batch", with(params, "consistencyType", "persist")), 200, `{"updated":[]}`)
	expect(t, e.do(http.MethodPut, "/instance/metadata/batch", with(params, "consistencyType", "other")), 200, `{"updated":[]}`)
	// A listed instance of the other kind is not matched.
	expect(t, e.do(http.MethodPut, "/instance/metadata/batch", with(params, "consistencyType", "",
		"instances", `[{"ip":"2.2.2.2","port":8080,"clusterName":"xxxx-cluster","ephemeral":false}]`)), 200, `{"updated":[]}`)
	// An unknown service has nothing to update.
	expect(t, e.do(http.MethodPut, "/instance/metadata/batch", with(params, "serviceName", "none")), 200, `{"updated":[]}`)
}

func TestBatchMetadataRefusesBadInput(t *testing.T) {
	e := batchEnv(t)
	good := vals("serviceName", "xxxx@@svc", "metadata", "a=1",
		"instances", `[{"ip":"2.2.2.2","port":8080,"clusterName":"xxxx-cluster"}]`)
	cases := []struct {
		name   string
		params url.Values
		body   string
	}{
		{"no serviceName", with(good, "serviceName", ""), "Param 'serviceName' is required."},
		{"no metadata", with(good, "metadata", ""), "Param 'metadata' is required."},
		{"bad metadata", with(good, "metadata", "a"), "metadata format incorrect:a"},
		{"instances not JSON", with(good, "instances", "2.2.2.2:8080"),
			"Param 'instances' is illegal, it should be a JSON array of instances."},
		{"instances port", with(good, "instances", `[{"ip":"2.2.2.2","port":"x"}]`),
			"Param 'port' is illegal, the value should be between 1 and 65535."},
		{"instances ip", with(good, "instances", `[{"port":8080}]`), "Param 'ip' is required."},
		{"instances object port", with(good, "instances", `[{"ip":"2.2.2.2","port":[8080]}]`),
			"Param 'instances' is illegal, ip, port, clusterName and ephemeral must be scalars."},
		{"instances ephemeral", with(good, "instances", `[{"ip":"2.2.2.2","port":8080,"ephemeral":"maybe"}]`),
			`Param 'ephemeral' is illegal, "maybe" is not a valid boolean.`},
		{"instances cluster", with(good, "instances", `[{"ip":"2.2.2.2","port":8080,"clusterName":"a_b"}]`),
			"Instance 'clusterName' should be characters with only 0-9a-zA-Z-. (current: a_b)"},
		{"metadata too long", with(good, "metadata", `{"k":"`+strings.Repeat("x", 11000)+`"}`),
			"Param 'metadata' is illegal, the param length should not exceed 10240."},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			before := e.snapshot()
			expect(t, e.do(http.MethodPut, "/instance/metadata/batch", c.params), 400, c.body)
			e.expectUnchanged(before)
		})
	}
}
