package cse

import "testing"

// xdsStreams is the xDS server's stream count by tenant (engine id).
type xdsStreams map[string]int

func (s xdsStreams) Streams(ns string) int { return s[ns] }

// Quotas and the engine detail answer the xDS connections the engine's
// namespace holds against its flavor's limit.
func TestEngineXDSUsage(t *testing.T) {
	f := newEngineFixture(t)
	id := f.create("alpha")
	f.create("beta")
	f.engines.SetXDSCounter(xdsStreams{id: 3, "public": 7})
	q := f.must(200, "GET", "/v2/p1/enginemgr/quotas", "")
	got := map[string][2]float64{}
	for i, r := range q["quotas"].(map[string]any)["resources"].([]any) {
		m := r.(map[string]any)
		if i == 0 && m["type"] != "Engine" {
			t.Fatalf("the seed's Engine entry is not first: %v", q)
		}
		got[m["type"].(string)] = [2]float64{m["used"].(float64), m["quota"].(float64)}
	}
	want := map[string][2]float64{"Engine": {2, 2}, "Microservice": {0, 200}, "Instance": {0, 200},
		"Config": {0, 1200}, "XdsConnection": {3, 200}}
	for k, w := range want {
		if got[k] != w {
			t.Errorf("%s: got %v, want %v", k, got[k], w)
		}
	}
	d := f.must(200, "GET", enginesURL+"/"+id, "")
	in := d["reference"].(map[string]any)["inputs"].(map[string]any)
	if in["usedXdsConnections"] != "3" || in["maxXdsConnections"] != "100" {
		t.Fatalf("detail inputs %v", in)
	}
}
