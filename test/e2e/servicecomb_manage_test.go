package e2e

import (
	"encoding/json"
	"maps"
	"net/http"
	"strconv"
	"testing"

	"github.com/go-chassis/cari/discovery"
	sc "github.com/go-chassis/sc-client"
)

// decodeAs decodes a 200 answer into cari's own response type, so the
// field names are the ones service-center's Go types read.
func decodeAs(t *testing.T, what string, code int, body string, v any) {
	t.Helper()
	if code != http.StatusOK {
		t.Fatalf("%s: %d %s", what, code, body)
	}
	if err := json.Unmarshal([]byte(body), v); err != nil {
		t.Fatalf("%s: %s does not decode into %T: %v", what, body, v, err)
	}
}

// wantSCError checks a service-center error answer's status and code.
func wantSCError(t *testing.T, what string, code int, body string, wantCode string) {
	t.Helper()
	if code != http.StatusBadRequest || scErrorCode(t, body) != wantCode {
		t.Fatalf("%s: %d %s, want 400 with %s", what, code, body, wantCode)
	}
}

// TestServiceCombManagement covers what sc-client v0.7.0 does not call,
// over raw HTTP decoded into cari's types: tags, black/white rules after
// creation (and their effect on the real client's finds), schema delete,
// the batch heartbeat and the batch delete's force; and, through the
// client, the healthCheck and timestamps instances answer.
func TestServiceCombManagement(t *testing.T) {
	s := start(t, "", "--auth=false")
	logServerOnFailure(t, s)
	c := newSCClient(t, s)
	registry := s.url("/v4/default/registry")

	provider := registerSC(t, c, &discovery.MicroService{AppId: "default", ServiceName: "stock", Version: "1.0.0"})
	consumer := registerSC(t, c, &discovery.MicroService{AppId: "default", ServiceName: "cart", Version: "1.0.0"})
	iid := registerSCInstance(t, c, &discovery.MicroServiceInstance{ServiceId: provider, HostName: "stock-1",
		Endpoints: []string{"rest://10.0.3.1:8080"}, Status: sc.MSInstanceUP})

	// Instances answer the health check they registered with (here the
	// default) and unix-second timestamps, in a find and a list alike.
	found, err := c.FindMicroServiceInstances(consumer, "default", "stock", "latest", sc.WithoutRevision())
	if err != nil || len(found) != 1 {
		t.Fatalf("find stock: %v %v", instanceIDs(found), err)
	}
	listed, err := c.GetMicroServiceInstances(consumer, provider)
	if err != nil || len(listed) != 1 {
		t.Fatalf("instances of stock: %v %v", instanceIDs(listed), err)
	}
	for what, in := range map[string]*discovery.MicroServiceInstance{"find": found[0], "list": listed[0]} {
		hc := in.HealthCheck
		if hc == nil || hc.Mode != sc.CheckByHeartbeat || hc.Interval != 30 || hc.Times != 3 {
			t.Fatalf("%s: healthCheck %+v, want push every 30 s, 3 times", what, hc)
		}
		ts, err1 := strconv.ParseInt(in.Timestamp, 10, 64)
		mod, err2 := strconv.ParseInt(in.ModTimestamp, 10, 64)
		if err1 != nil || err2 != nil || ts <= 0 || mod != ts {
			t.Fatalf("%s: timestamp %q modTimestamp %q, want the registration's unix seconds in both", what, in.Timestamp, in.ModTimestamp)
		}
	}
	if ms, err := c.GetMicroService(provider); err != nil || ms.Timestamp == "" || ms.ModTimestamp == "" {
		t.Fatalf("stock: %+v %v, want timestamps", ms, err)
	}

	// Tags: POST replaces, PUT changes one that exists, DELETE takes a list.
	tags := registry + "/microservices/" + provider + "/tags"
	if code, body := jsonCall(t, http.MethodPost, tags, map[string]any{"tags": map[string]string{"team": "a", "tier": "gold"}}); code != http.StatusOK {
		t.Fatalf("add tags: %d %s", code, body)
	}
	if code, body := jsonCall(t, http.MethodPut, tags+"/tier?value=silver", nil); code != http.StatusOK {
		t.Fatalf("update tag: %d %s", code, body)
	}
	code, body := jsonCall(t, http.MethodPut, tags+"/nope?value=x", nil)
	wantSCError(t, "update an unknown tag", code, body, "400018")
	var gotTags discovery.GetServiceTagsResponse
	code, body = jsonCall(t, http.MethodGet, tags, nil)
	decodeAs(t, "list tags", code, body, &gotTags)
	if !maps.Equal(gotTags.Tags, map[string]string{"team": "a", "tier": "silver"}) {
		t.Fatalf("tags: %v", gotTags.Tags)
	}
	if code, body := jsonCall(t, http.MethodDelete, tags+"/team,tier", nil); code != http.StatusOK {
		t.Fatalf("delete tags: %d %s", code, body)
	}

	// Rules: a black list naming cart hides stock from cart's finds; the
	// client sees it come back when the rule goes.
	rules := registry + "/microservices/" + provider + "/rules"
	var added discovery.AddServiceRulesResponse
	code, body = jsonCall(t, http.MethodPost, rules, map[string]any{"rules": []discovery.AddOrUpdateServiceRule{
		{RuleType: "BLACK", Attribute: "ServiceName", Pattern: "^cart$"}}})
	decodeAs(t, "add rules", code, body, &added)
	if len(added.RuleIds) != 1 {
		t.Fatalf("add rules: %s", body)
	}
	if found, err := c.FindMicroServiceInstances(consumer, "default", "stock", "latest", sc.WithoutRevision()); err != nil || len(found) != 0 {
		t.Fatalf("cart's find through a black list naming it: %v %v, want nothing", instanceIDs(found), err)
	}
	var gotRules discovery.GetServiceRulesResponse
	code, body = jsonCall(t, http.MethodGet, rules, nil)
	decodeAs(t, "list rules", code, body, &gotRules)
	if len(gotRules.Rules) != 1 || gotRules.Rules[0].RuleId != added.RuleIds[0] || gotRules.Rules[0].Timestamp == "" {
		t.Fatalf("rules: %s", body)
	}
	code, body = jsonCall(t, http.MethodPut, rules+"/"+added.RuleIds[0], discovery.AddOrUpdateServiceRule{RuleType: "WHITE", Attribute: "ServiceName", Pattern: "x"})
	wantSCError(t, "change the rule type", code, body, "400021")
	code, body = jsonCall(t, http.MethodPost, rules, map[string]any{"rules": []discovery.AddOrUpdateServiceRule{
		{RuleType: "WHITE", Attribute: "ServiceName", Pattern: "x"}}})
	wantSCError(t, "add a white rule beside a black one", code, body, "400020")
	if code, body := jsonCall(t, http.MethodDelete, rules+"/"+added.RuleIds[0], nil); code != http.StatusOK {
		t.Fatalf("delete rule: %d %s", code, body)
	}
	code, body = jsonCall(t, http.MethodDelete, rules+"/"+added.RuleIds[0], nil)
	wantSCError(t, "delete the rule again", code, body, "400022")
	if found, err := c.FindMicroServiceInstances(consumer, "default", "stock", "latest", sc.WithoutRevision()); err != nil || len(found) != 1 {
		t.Fatalf("cart's find with the rule gone: %v %v, want the instance", instanceIDs(found), err)
	}

	// Schema delete: the client's AddSchemas, then DELETE.
	if err := c.AddSchemas(provider, "stockApi", "swagger: \"2.0\"\n"); err != nil {
		t.Fatalf("AddSchemas: %v", err)
	}
	schema := registry + "/microservices/" + provider + "/schemas/stockApi"
	if code, body := jsonCall(t, http.MethodDelete, schema, nil); code != http.StatusOK {
		t.Fatalf("delete schema: %d %s", code, body)
	}
	if raw, err := c.GetSchema(provider, "stockApi"); err != nil || len(raw) != 0 {
		t.Fatalf("GetSchema after the delete: %q %v, want nothing", raw, err)
	}
	code, body = jsonCall(t, http.MethodDelete, schema, nil)
	wantSCError(t, "delete the schema again", code, body, "400016")

	// Batch heartbeat: each instance answered, a failure in errMessage.
	var beats discovery.HeartbeatSetResponse
	code, body = jsonCall(t, http.MethodPut, registry+"/heartbeats", discovery.HeartbeatSetRequest{Instances: []*discovery.HeartbeatSetElement{
		{ServiceId: provider, InstanceId: iid}, {ServiceId: provider, InstanceId: "nope"}}})
	decodeAs(t, "batch heartbeat", code, body, &beats)
	if len(beats.Instances) != 2 || beats.Instances[0].InstanceId != iid || beats.Instances[0].ErrMessage != "" || beats.Instances[1].ErrMessage == "" {
		t.Fatalf("batch heartbeat: %s", body)
	}
	code, body = jsonCall(t, http.MethodPut, registry+"/heartbeats", discovery.HeartbeatSetRequest{})
	wantSCError(t, "batch heartbeat of nothing", code, body, "400001")

	// Batch delete: force in the body (cari DelServicesRequest) deletes a
	// service with an instance, which without it stays.
	del := func(force bool) *discovery.DelServicesResponse {
		t.Helper()
		var res discovery.DelServicesResponse
		code, body := jsonCall(t, http.MethodDelete, registry+"/microservices", map[string]any{"serviceIds": []string{provider}, "force": force})
		decodeAs(t, "batch delete", code, body, &res)
		if len(res.Services) != 1 || res.Services[0].ServiceId != provider {
			t.Fatalf("batch delete: %s", body)
		}
		return &res
	}
	if res := del(false); res.Services[0].ErrMessage == "" {
		t.Fatal("batch delete without force deleted a service with an instance")
	}
	if res := del(true); res.Services[0].ErrMessage != "" {
		t.Fatalf("batch delete with force in the body: %s", res.Services[0].ErrMessage)
	}
	if ms, err := c.GetMicroService(provider); err == nil {
		t.Fatalf("stock after the forced batch delete: %+v", ms)
	}
}
