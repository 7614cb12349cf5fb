package main

import (
	"encoding/json"

	"net/http/httptest"
	"strings"
	"testing"
)

// hostileJSON are bodies a careless or hostile client sends to the JSON
// dialects: every value at every field of a valid body, and broken bodies.
var hostileJSON = []any{
	nil, true, -1, 0, json.RawMessage("1e309"), json.RawMessage("99999999999999999999"), "", "x", strings.Repeat("x", 70000), "(?P<", "[a-",
	[]any{}, []any{nil}, map[string]any{}, map[string]any{"": nil}, -0.5, 4294967296, "名字", "a\x00b",
}

// A valid body per JSON route, whose every field the test replaces with
// each hostile value.
var jsonRoutes = []struct {
	method, path string
	body         map[string]any
}{
	{"POST", "/v3/default/govern/governance/match-group", map[string]any{"name": "g", "status": "enabled",
		"selector": map[string]any{"environment": "", "app": "default", "service": "orders"},
		"spec": map[string]any{"alias": "a", "matches": []any{map[string]any{"name": "m", "apiPath": map[string]any{"prefix": "/"},
			"headers": map[string]any{"x-a": map[string]any{"exact": "1"}}, "method": []any{"GET"}, "serviceName": "orders"}}}}},
	{"POST", "/v3/default/govern/governance/retry", map[string]any{"name": "g", "spec": map[string]any{
		"maxAttempts": 2, "retryOnResponseStatus": []any{503}, "waitDuration": "PT1S", "retryStrategy": "RandomBackoff", "initialInterval": 10}}},
	{"POST", "/v3/default/govern/governance/rate-limiting", map[string]any{"name": "g", "spec": map[string]any{"rate": 5, "limitRefreshPeriod": 1000}}},
	{"POST", "/v3/default/govern/governance/circuit-breaker", map[string]any{"name": "g", "spec": map[string]any{
		"failureRateThreshold": 50, "slidingWindowSize": "10", "waitDurationInOpenState": "PT1M", "minimumNumberOfCalls": 3}}},
	{"POST", "/v3/default/govern/governance/fault-injection", map[string]any{"name": "g", "spec": map[string]any{
		"type": "delay", "percentage": 50, "delayTime": 100, "errorCode": 503}}},
	{"POST", "/v3/default/govern/governance/bulkhead", map[string]any{"name": "g", "spec": map[string]any{"maxConcurrentCalls": 5, "maxWaitDuration": 0}}},
	{"POST", "/v3/default/govern/governance/loadbalance", map[string]any{"name": "g", "spec": map[string]any{"rule": "Random"}}},
	{"PUT", "/v2/default/enginemgr/gateways/gw1", map[string]any{"listeners": []any{map[string]any{"name": "h", "port": 8080, "protocol": "HTTP"}}}},
	{"POST", "/v2/default/enginemgr/gateways/gw1/routes", map[string]any{"name": "r", "domains": []any{"*"},
		"match":       map[string]any{"path": map[string]any{"type": "regex", "value": "/a.*"}, "methods": []any{"GET"}},
		"destination": map[string]any{"service": "orders", "port": 80}, "timeout": "1s", "rewrite": map[string]any{"prefix": "/"}}},
	{"POST", "/v2/default/enginemgr/gateways/gw1/http2Rpcs", map[string]any{"name": "m", "routeName": "r", "pluginConfig": map[string]any{},
		"dubbo": map[string]any{"service": "com.example.S", "version": "1.0.0", "group": "g", "methods": []any{map[string]any{
			"serviceMethod": "get", "headersAttach": "*", "httpMethods": []any{"GET"}, "httpPath": "/a/{id}",
			"params":              []any{map[string]any{"paramKey": "id", "paramSource": "PATH", "paramType": "java.util.List<com.example.U>"}},
			"paramFromEntireBody": map[string]any{"paramType": "com.example.U"}}}}}},
	{"POST", "/v4/default/registry/microservices", map[string]any{"service": map[string]any{"serviceId": "svc1", "serviceName": "orders",
		"appId": "default", "version": "1.0.0", "environment": "testing", "level": "BACK", "schemas": []any{"s1"},
		"properties": map[string]any{"a": "b"}, "framework": map[string]any{"name": "go-chassis"}},
		"rules": []any{map[string]any{"ruleType": "WHITE", "attribute": "tag_a", "pattern": "a.*"}}, "tags": map[string]any{"t": "1"}}},
	{"POST", "/v4/default/registry/microservices/svc1/instances", map[string]any{"instance": map[string]any{"hostName": "h",
		"endpoints": []any{"rest://10.0.0.1:8080"}, "status": "UP", "properties": map[string]any{"a": "b"},
		"healthCheck":    map[string]any{"mode": "push", "interval": 30, "times": 3},
		"dataCenterInfo": map[string]any{"name": "dc", "region": "r", "availableZone": "az"}}}},
	{"PUT", "/v4/default/registry/microservices/svc1/schemas/s1", map[string]any{"schema": "swagger: 2.0", "summary": "x"}},
	{"POST", "/v4/default/registry/instances/action?type=query", map[string]any{"services": []any{map[string]any{
		"service": map[string]any{"environment": "testing", "appId": "default", "serviceName": "orders", "version": "latest"}, "rev": "0"}},
		"instances": []any{map[string]any{"instance": map[string]any{"serviceId": "svc1", "instanceId": "i"}, "rev": "0"}}}},
}

// Every JSON route answers every hostile value at every field (to any
// depth) with something other than a 5xx; route rules, a JSON array, get
// the same treatment.
func TestJSONRoutesNeverAnswer5xx(t *testing.T) {
	a, _ := newTestApp(t)
	n := 0
	check := func(method, path string, body any) {
		n++
		b, _ := json.Marshal(body)
		req := httptest.NewRequest(method, path, strings.NewReader(string(b)))
		req.Header.Set("Content-Type", "application/json")
		rec := httptest.NewRecorder()
		a.handler.ServeHTTP(rec, req)
		if rec.Code >= 500 {
			t.Fatalf("%s %s with %.200s: %d %s", method, path, b, rec.Code, rec.Body)
		}
	}
	for _, r := range jsonRoutes {
		for _, mutated := range mutations(r.body) {
			check(r.method, r.path, mutated)
		}
	}
	rules := []any{map[string]any{"precedence": 1, "match": map[string]any{"headers": map[string]any{"x": map[string]any{"regex": "a+", "caseInsensitive": true}}},
		"route": []any{map[string]any{"name": "a", "weight": 50, "tags": map[string]any{"version": "1"}}}}}
	for _, mutated := range mutations(map[string]any{"rules": rules}) {
		check("PUT", "/v3/default/govern/route-rule/microservices/orders", mutated.(map[string]any)["rules"])
	}
	for _, v := range hostileJSON {
		check("PUT", "/v3/default/govern/route-rule/microservices/orders", v)
		check("POST", "/v3/default/govern/governance/retry", v)
	}
	t.Logf("%d hostile JSON requests, none answered 5xx", n)
}

// mutations answers v with each of its values (at any depth) replaced by
// each hostile value in turn.
func mutations(v any) []any {
	var out []any
	switch x := v.(type) {
	case map[string]any:
		for k, child := range x {
			for _, m := range append(append([]any(nil), hostileJSON...), mutations(child)...) {
				c := make(map[string]any, len(x))
				for k2, v2 := range x {
					c[k2] = v2
				}
				c[k] = m
				out = append(out, c)
			}
		}
	case []any:
		for i, child := range x {
			for _, m := range append(append([]any(nil), hostileJSON...), mutations(child)...) {
				c := append([]any(nil), x...)
				c[i] = m
				out = append(out, c)
			}
		}
	}
	return out
}
