package v2

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// badCase is one refused request: the status, v2 code and detail it must
// answer. A detail starting with "~" is matched as a substring.
type badCase struct {
	name   string
	method string
	path   string
	params url.Values
	status int
	code   int
	detail string
}

// messages are the fixed v2 messages of the codes the cases expect.
var messages = map[int]string{
	10000: "parameter missing", 20002: "parameter validate error", 20004: "resource not found",
	21000: "service name error", 21001: "weight error", 21002: "instance metadata error",
	21003: "instance not found", 21004: "instance error", 21005: "service metadata error",
	21006: "selector error", 21007: "service already exist", 21008: "service not exist",
	21009: "service delete failure", 21011: "health check still running", 22000: "illegal namespace",
}

// seedRegistry gives the bad requests something to damage: an ephemeral
// service with an instance, a persistent one, and an empty one.
func seedRegistry(f *fixture) {
	f.register("serviceName", "seed", "ip", "10.0.0.1", "port", "80", "metadata", `{"k":"v"}`)
	f.register("serviceName", "pers", "ip", "10.0.0.2", "port", "80", "ephemeral", "false")
	f.ok(http.MethodPost, servicePath, vals("serviceName", "empty"))
}

// runBadCases checks every case's answer and that the registry did not
// change.
func runBadCases(t *testing.T, cases []badCase) {
	f := newFixture(t)
	seedRegistry(f)
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			before := f.fingerprint()
			status, body := f.call(tc.method, tc.path, tc.params)
			if status != tc.status || body["code"] != float64(tc.code) || body["message"] != messages[tc.code] {
				t.Fatalf("got %d %v, want %d code %d %q", status, body, tc.status, tc.code, messages[tc.code])
			}
			detail, _ := body["data"].(string)
			if want, sub := strings.CutPrefix(tc.detail, "~"); (sub && !strings.Contains(detail, want)) || (!sub && detail != want) {
				t.Errorf("detail = %q, want %q", detail, tc.detail)
			}
			if after := f.fingerprint(); after != before {
				t.Errorf("registry changed:\nbefore %s\nafter  %s", before, after)
			}
		})
	}
}

// inst builds instance parameters for seed, overriding with kv.
func inst(kv ...string) url.Values {
	return override(vals("serviceName", "seed", "ip", "10.0.0.1", "port", "80"), kv...)
}

// override sets the name/value pairs kv on v; the value absent removes.
func override(v url.Values, kv ...string) url.Values {
	for i := 0; i+1 < len(kv); i += 2 {
		if kv[i+1] == absent {
			v.Del(kv[i])
			continue
		}
		v.Set(kv[i], kv[i+1])
	}
	return v
}

const (
	bad    = http.StatusBadRequest
	absent = "<absent>"
)

func TestInstanceWritesRefuseBadInput(t *testing.T) {
	var cases []badCase
	for _, m := range []string{http.MethodPost, http.MethodDelete, http.MethodPut} {
		cases = append(cases, instanceFormCases(m)...)
	}
	post, put := http.MethodPost, http.MethodPut
	long := strings.Repeat("x", 11<<10)
	cases = append(cases,
		badCase{"POST metadata too long", post, instancePath, inst("metadata", `{"a":"`+long+`"}`), bad, 21002, "~should not exceed"},
		badCase{"POST beat interval above timeout", post, instancePath, inst("ip", "10.0.0.7", "metadata", `{"preserved.heart.beat.interval":"20000"}`),
			bad, 21004, "Instance 'heart beat interval' must less than 'heart beat timeout' and 'ip delete timeout'."},
		badCase{"POST bad cluster", post, instancePath, inst("ip", "10.0.0.7", "clusterName", "bad_cluster"),
			bad, 21004, "Instance 'clusterName' should be characters with only 0-9a-zA-Z-. (current: bad_cluster)"},
		badCase{"POST bad service name", post, instancePath, inst("serviceName", "a b"), bad, 21000, "~serviceName"},
		badCase{"POST grouped service name", post, instancePath, inst("serviceName", "g@@s"), bad, 21000, "~serviceName"},
		badCase{"POST bad group", post, instancePath, inst("groupName", "bad group"), bad, 20002, "~groupName"},
		badCase{"POST bad namespace", post, instancePath, inst("namespaceId", "bad ns!"), bad, 22000, "~namespaceId"},
		badCase{"POST bad ip", post, instancePath, inst("ip", "not an ip!"), bad, 20002, "~ip"},
		badCase{"POST port out of range", post, instancePath, inst("port", "70000"), bad, 20002, "~port"},
		badCase{"POST port zero", post, instancePath, inst("port", "0"), bad, 20002, "~port"},
		badCase{"POST persistent into ephemeral service", post, instancePath, inst("ip", "10.0.0.7", "ephemeral", "false"),
			bad, 20002, "Current service DEFAULT_GROUP@@seed is ephemeral service, can't register persistent instance."},
		badCase{"PUT missing service", put, instancePath, inst("serviceName", "nope"), bad, 21004,
			"service not found, namespace: public, service: Service{namespace='public', group='DEFAULT_GROUP', name='nope', ephemeral=true, revision=0}"},
		badCase{"PUT missing instance", put, instancePath, inst("ip", "10.0.0.9"), bad, 21003, "~10.0.0.9"},
		badCase{"PUT bad cluster", put, instancePath, inst("clusterName", "a.b"), bad, 21004, "~(current: a.b)"},
		badCase{"PUT metadata breaking beat rule", put, instancePath, inst("metadata", `{"preserved.heart.beat.timeout":"1"}`), bad, 21004, "~heart beat"},
	)
	runBadCases(t, cases)
}

// instanceFormCases are the InstanceForm checks every instance write shares.
func instanceFormCases(m string) []badCase {
	p := instancePath
	return []badCase{
		{m + " missing serviceName", m, p, inst("serviceName", absent), bad, 10000, "Required parameter 'serviceName' type String is not present"},
		{m + " blank serviceName", m, p, inst("serviceName", "  "), bad, 10000, "Required parameter 'serviceName' type String is not present"},
		{m + " missing ip", m, p, inst("ip", absent), bad, 10000, "Required parameter 'ip' type String is not present"},
		{m + " missing port", m, p, inst("port", absent), bad, 10000, "Required parameter 'port' type Integer is not present"},
		{m + " port not a number", m, p, inst("port", "abc"), bad, 20002, "~'port'"},
		{m + " weight not a number", m, p, inst("weight", "heavy"), bad, 20002, "~'weight'"},
		{m + " weight negative", m, p, inst("weight", "-1"), bad, 21001, "instance format invalid: The weights range from 0.0 to 10000.0"},
		{m + " weight too big", m, p, inst("weight", "10000.5"), bad, 21001, "instance format invalid: The weights range from 0.0 to 10000.0"},
		{m + " weight NaN", m, p, inst("weight", "NaN"), bad, 21001, "instance format invalid: The weights range from 0.0 to 10000.0"},
		{m + " healthy not a boolean", m, p, inst("healthy", "maybe"), bad, 20002, "~'healthy'"},
		{m + " enabled not a boolean", m, p, inst("enabled", "maybe"), bad, 20002, "~'enabled'"},
		{m + " ephemeral not a boolean", m, p, inst("ephemeral", "maybe"), bad, 20002, "~'ephemeral'"},
		{m + " bad metadata", m, p, inst("metadata", "a=b=c"), bad, 21002, "metadata format incorrect:a=b=c"},
		{m + " metadata not an object", m, p, inst("metadata", `{"a":{"b":1}}`), bad, 21002, `metadata format incorrect:{"a":{"b":1}}`},
	}
}

func TestInstanceReadsRefuseBadInput(t *testing.T) {
	get, put := http.MethodGet, http.MethodPut
	q := vals
	runBadCases(t, []badCase{
		{"detail missing serviceName", get, instancePath, q("ip", "10.0.0.1", "port", "80"), bad, 10000,
			"Required request parameter 'serviceName' for method parameter type String is not present"},
		{"detail missing ip", get, instancePath, q("serviceName", "seed", "port", "80"), bad, 10000,
			"Required request parameter 'ip' for method parameter type String is not present"},
		{"detail missing port", get, instancePath, q("serviceName", "seed", "ip", "10.0.0.1"), bad, 10000,
			"Required request parameter 'port' for method parameter type Integer is not present"},
		{"detail port not a number", get, instancePath, q("serviceName", "seed", "ip", "10.0.0.1", "port", "x"), bad, 20002, "~'port'"},
		{"detail bad ip", get, instancePath, q("serviceName", "seed", "ip", "a b", "port", "80"), bad, 20002, "~ip"},
		{"detail unknown service", get, instancePath, q("serviceName", "nope", "ip", "10.0.0.1", "port", "80"), http.StatusNotFound, 20004,
			"no ips found for cluster DEFAULT in service DEFAULT_GROUP@@nope"},
		{"detail empty service", get, instancePath, q("serviceName", "empty", "ip", "10.0.0.1", "port", "80"), http.StatusNotFound, 20004,
			"no ips found for cluster DEFAULT in service DEFAULT_GROUP@@empty"},
		{"detail unknown instance", get, instancePath, q("serviceName", "seed", "ip", "10.0.0.1", "port", "81"), http.StatusNotFound, 20004,
			"no matched ip found!"},
		{"list missing serviceName", get, instanceListPath, q(), bad, 10000,
			"Required request parameter 'serviceName' for method parameter type String is not present"},
		{"list healthyOnly not a boolean", get, instanceListPath, q("serviceName", "seed", "healthyOnly", "maybe"), bad, 20002, "~'healthyOnly'"},
		{"list bad cluster", get, instanceListPath, q("serviceName", "seed", "clusterName", "DEFAULT,bad_c"), bad, 20002, "~bad_c"},
		{"list bad service name", get, instanceListPath, q("serviceName", "a b"), bad, 21000, "~serviceName"},
		{"list bad namespace", get, instanceListPath, q("serviceName", "seed", "namespaceId", "a/b"), bad, 22000, "~namespaceId"},
		{"list port not a number", get, instanceListPath, q("serviceName", "seed", "port", "x"), bad, 20002, "~'port'"},
		{"list udpPort out of range", get, instanceListPath, q("serviceName", "seed", "udpPort", "70000"), bad, 20002, "~port"},
		{"list subscriber ip bad", get, instanceListPath, q("serviceName", "seed", "port", "9000", "ip", "a b"), bad, 20002, "~ip"},
		{"beat missing serviceName", put, instanceBeatPath, q("ip", "10.0.0.1", "port", "80"), bad, 10000,
			"Required request parameter 'serviceName' for method parameter type String is not present"},
		{"beat ungrouped serviceName", put, instanceBeatPath, q("serviceName", "seed", "ip", "10.0.0.1", "port", "80"), bad, 20002,
			"Param 'serviceName' is illegal, it should be format as 'groupName@@serviceName'"},
		{"beat empty group", put, instanceBeatPath, q("serviceName", "@@seed", "ip", "10.0.0.1", "port", "80"), bad, 20002,
			"Param 'serviceName' is illegal, groupName can't be empty"},
		{"beat bad JSON", put, instanceBeatPath, q("serviceName", "DEFAULT_GROUP@@seed", "beat", "{nope"), bad, 20002, "~'beat'"},
		{"beat JSON port not a number", put, instanceBeatPath,
			q("serviceName", "DEFAULT_GROUP@@seed", "beat", `{"ip":"10.0.0.1","port":"x"}`), bad, 20002, `Param 'beat' is illegal, 'port' "x" is not an int.`},
		{"beat JSON metadata not an object", put, instanceBeatPath,
			q("serviceName", "DEFAULT_GROUP@@seed", "beat", `{"ip":"10.0.0.1","port":80,"metadata":[1]}`), bad, 20002, "~'metadata'"},
		{"beat of a known instance with a bad weight", put, instanceBeatPath,
			q("serviceName", "DEFAULT_GROUP@@seed", "beat", `{"ip":"10.0.0.1","port":80,"weight":-1}`), bad, 21001, "~weights range"},
		{"beat port not a number", put, instanceBeatPath, q("serviceName", "DEFAULT_GROUP@@seed", "ip", "10.0.0.1", "port", "x"), bad, 20002, "~'port'"},
		{"beat re-register with bad cluster", put, instanceBeatPath,
			q("serviceName", "DEFAULT_GROUP@@seed", "beat", `{"ip":"10.0.0.8","port":80,"cluster":"bad_c"}`), bad, 20002, "~bad_c"},
	})
}

func TestBatchAndHealthRefuseBadInput(t *testing.T) {
	put, del := http.MethodPut, http.MethodDelete
	var cases []badCase
	for _, m := range []string{put, del} {
		b := func(kv ...string) url.Values {
			return override(vals("serviceName", "seed", "metadata", `{"a":"1"}`), kv...)
		}
		p := metadataBatchPath
		cases = append(cases,
			badCase{m + " batch missing serviceName", m, p, b("serviceName", absent), bad, 10000, "Required parameter 'serviceName' type String is not present"},
			badCase{m + " batch missing metadata", m, p, b("metadata", absent), bad, 10000, "Required parameter 'metadata' type String is not present"},
			badCase{m + " batch bad metadata", m, p, b("metadata", "x"), bad, 21002, "metadata format incorrect:x"},
			badCase{m + " batch instances not JSON", m, p, b("instances", "[{"), bad, 20002, "~'instances'"},
			badCase{m + " batch instance port bad", m, p, b("instances", `[{"ip":"10.0.0.1","port":"x"}]`), bad, 20002, "~port"},
			badCase{m + " batch instance without ip", m, p, b("instances", `[{"port":80}]`), bad, 20002, "~ip"},
			badCase{m + " batch instance bad cluster", m, p, b("instances", `[{"ip":"10.0.0.1","port":80,"clusterName":"a_b"}]`), bad, 20002, "~a_b"},
			badCase{m + " batch unknown service", m, p, b("serviceName", "nope"), bad, 21008, "~nope"},
			badCase{m + " batch bad service name", m, p, b("serviceName", "a b"), bad, 21000, "~serviceName"},
		)
	}
	hp := healthInstancePath
	h := func(kv ...string) url.Values {
		return override(vals("serviceName", "pers", "ip", "10.0.0.2", "port", "80", "healthy", "false"), kv...)
	}
	cases = append(cases,
		badCase{"batch update breaking beat rule", put, metadataBatchPath,
			vals("serviceName", "seed", "metadata", `{"preserved.heart.beat.interval":"60000"}`), bad, 21004, "~heart beat"},
		badCase{"health missing healthy", put, hp, h("healthy", absent), bad, 10000, "Required parameter 'healthy' type Boolean is not present"},
		badCase{"health healthy not a boolean", put, hp, h("healthy", "maybe"), bad, 20002, "~'healthy'"},
		badCase{"health missing serviceName", put, hp, h("serviceName", absent), bad, 10000, "Required parameter 'serviceName' type String is not present"},
		badCase{"health missing ip", put, hp, h("ip", absent), bad, 10000, "Required parameter 'ip' type String is not present"},
		badCase{"health missing port", put, hp, h("port", absent), bad, 10000, "Required parameter 'port' type Integer is not present"},
		badCase{"health port not a number", put, hp, h("port", "x"), bad, 20002, "~'port'"},
		badCase{"health of an ephemeral instance", put, hp, h("serviceName", "seed", "ip", "10.0.0.1"), bad, 21011,
			"health check is still working, service: DEFAULT_GROUP@@seed, cluster: DEFAULT"},
		badCase{"health of an unknown instance", put, hp, h("ip", "10.0.0.9"), bad, 21003, "~10.0.0.9"},
		badCase{"health of an unknown service", put, hp, h("serviceName", "nope"), bad, 21008, "~nope"},
	)
	runBadCases(t, cases)
}

func TestServiceEndpointsRefuseBadInput(t *testing.T) {
	post, put, del, get := http.MethodPost, http.MethodPut, http.MethodDelete, http.MethodGet
	s := func(kv ...string) url.Values { return override(vals("serviceName", "fresh"), kv...) }
	var cases []badCase
	for _, m := range []string{post, put} {
		p := servicePath
		cases = append(cases,
			badCase{m + " missing serviceName", m, p, vals(), bad, 10000, "Required parameter 'serviceName' type String is not present"},
			badCase{m + " threshold not a number", m, p, s("protectThreshold", "high"), bad, 20002, "~'protectThreshold'"},
			badCase{m + " ephemeral not a boolean", m, p, s("ephemeral", "maybe"), bad, 20002, "~'ephemeral'"},
			badCase{m + " bad metadata", m, p, s("metadata", "k"), bad, 21002, "metadata format incorrect:k"},
			badCase{m + " selector not JSON", m, p, s("selector", "{"), bad, 21006, "selector format incorrect: {"},
			badCase{m + " selector without type", m, p, s("selector", `{"expression":"x"}`), bad, 21006, "not match any type of selector!"},
			badCase{m + " selector of unknown type", m, p, s("selector", `{"type":"cmdb2"}`), bad, 21006, "not match any type of selector!"},
			badCase{m + " bad service name", m, p, s("serviceName", "a b"), bad, 21000, "~serviceName"},
			badCase{m + " bad namespace", m, p, s("namespaceId", "x y"), bad, 22000, "~namespaceId"},
		)
	}
	long := strings.Repeat("y", 11<<10)
	cases = append(cases,
		badCase{"POST threshold above 1", post, servicePath, s("protectThreshold", "1.5"), bad, 20002, "~protectThreshold"},
		badCase{"POST metadata too long", post, servicePath, s("metadata", `{"k":"`+long+`"}`), bad, 21005, "~should not exceed"},
		badCase{"POST existing service", post, servicePath, vals("serviceName", "seed"), bad, 21007, "specified service DEFAULT_GROUP@@seed already exists!"},
		badCase{"POST service that exists through instances only", post, servicePath, vals("serviceName", "pers"), bad, 21007, "~pers"},
		badCase{"PUT unknown service", put, servicePath, s(), bad, 21008, "service DEFAULT_GROUP@@fresh not found!"},
		badCase{"PUT threshold below 0", put, servicePath, vals("serviceName", "empty", "protectThreshold", "-0.1"), bad, 20002, "~protectThreshold"},
		badCase{"DELETE missing serviceName", del, servicePath, vals(), bad, 10000,
			"Required request parameter 'serviceName' for method parameter type String is not present"},
		badCase{"DELETE unknown service", del, servicePath, s(), bad, 21008, "service DEFAULT_GROUP@@fresh not found!"},
		badCase{"DELETE service with instances", del, servicePath, vals("serviceName", "seed"), bad, 21009,
			"Service DEFAULT_GROUP@@seed is not empty, can't be delete. Please unregister instance first"},
		badCase{"DELETE bad service name", del, servicePath, vals("serviceName", "a b"), bad, 21000, "~serviceName"},
		badCase{"GET missing serviceName", get, servicePath, vals(), bad, 10000,
			"Required request parameter 'serviceName' for method parameter type String is not present"},
		badCase{"GET unknown service", get, servicePath, s(), bad, 21008, "service not found, namespace: public, serviceName: DEFAULT_GROUP@@fresh"},
		badCase{"GET bad group", get, servicePath, s("groupName", "a b"), bad, 20002, "~groupName"},
		badCase{"list pageNo not a number", get, serviceListPath, vals("pageNo", "one"), bad, 20002, "~'pageNo'"},
		badCase{"list pageSize beyond an Integer", get, serviceListPath, vals("pageSize", "2147483648"), bad, 20002, "~'pageSize'"},
		badCase{"list negative pageSize", get, serviceListPath, vals("pageSize", "-5"), bad, 20002, "fromIndex(0) > toIndex(-5)"},
		badCase{"list bad group", get, serviceListPath, vals("groupName", "a b"), bad, 20002, "~groupName"},
		badCase{"list bad namespace", get, serviceListPath, vals("namespaceId", "a b"), bad, 22000, "~namespaceId"},
	)
	runBadCases(t, cases)
}

func TestClientEndpointsRefuseBadInput(t *testing.T) {
	get := http.MethodGet
	var cases []badCase
	for _, p := range []string{clientPath, clientPublishPath, clientSubscribePath} {
		cases = append(cases,
			badCase{p + " missing clientId", get, p, vals(), bad, 10000,
				"Required request parameter 'clientId' for method parameter type String is not present"},
			badCase{p + " unknown clientId", get, p, vals("clientId", "1.2.3.4:5#true"), http.StatusNotFound, 20004,
				"clientId [ 1.2.3.4:5#true ] not exist"},
		)
	}
	for _, p := range []string{publisherListPath, subscriberListPath} {
		cases = append(cases,
			badCase{p + " missing serviceName", get, p, vals(), bad, 10000,
				"Required request parameter 'serviceName' for method parameter type String is not present"},
			badCase{p + " port not a number", get, p, vals("serviceName", "seed", "port", "x"), bad, 20002, "~'port'"},
			badCase{p + " ephemeral not a boolean", get, p, vals("serviceName", "seed", "ephemeral", "maybe"), bad, 20002, "~'ephemeral'"},
			badCase{p + " bad service name", get, p, vals("serviceName", "a b"), bad, 21000, "~serviceName"},
		)
	}
	runBadCases(t, cases)
}
