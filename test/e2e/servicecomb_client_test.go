package e2e

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"maps"
	"net"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/go-chassis/cari/discovery"
	sc "github.com/go-chassis/sc-client"
)

// The real go-chassis/sc-client v0.7.0 against the real binary, through the
// ServiceComb service-center v4 dialect (project "default").

// instanceIDPattern is what an instance id looks like: 32 hex digits.
var instanceIDPattern = regexp.MustCompile(`^[0-9a-f]{32}$`)

// newSCClient answers an sc-client for s. sc-client takes host:port without
// a scheme (EnableSSL picks https) and builds its paths from CSE_PROJECT_ID,
// "default" when unset; the server must be up already, as NewClient probes
// the address once and otherwise falls back to 127.0.0.1:30100.
func newSCClient(t *testing.T, s *server) *sc.Client {
	t.Helper()
	t.Setenv(sc.EnvProjectID, "default")
	c, err := sc.NewClient(sc.Options{Endpoints: []string{s.addr}, EnableSSL: false, Timeout: 10 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = c.Close() })
	return c
}

// registerSC registers a microservice through the client and answers its id.
func registerSC(t *testing.T, c *sc.Client, ms *discovery.MicroService) string {
	t.Helper()
	id, err := c.RegisterService(ms)
	if err != nil || id == "" {
		t.Fatalf("register %s %s: %q %v", ms.ServiceName, ms.Version, id, err)
	}
	return id
}

// registerSCInstance registers an instance through the client and answers
// its id, which must be 32 hex digits.
func registerSCInstance(t *testing.T, c *sc.Client, in *discovery.MicroServiceInstance) string {
	t.Helper()
	id, err := c.RegisterMicroServiceInstance(in)
	if err != nil || !instanceIDPattern.MatchString(id) {
		t.Fatalf("register instance %v of %s: %q %v", in.Endpoints, in.ServiceId, id, err)
	}
	return id
}

// instanceIDs answers the ids of instances, sorted.
func instanceIDs(list []*discovery.MicroServiceInstance) []string {
	ids := make([]string, 0, len(list))
	for _, in := range list {
		ids = append(ids, in.InstanceId)
	}
	slices.Sort(ids)
	return ids
}

// sorted answers a sorted copy of ids.
func sorted(ids ...string) []string {
	out := slices.Clone(ids)
	slices.Sort(out)
	return out
}

// scErrorCode decodes a service-center error answer and answers its
// errorCode, which must be a JSON string.
func scErrorCode(t *testing.T, body string) string {
	t.Helper()
	var e struct {
		ErrorCode    string `json:"errorCode"`
		ErrorMessage string `json:"errorMessage"`
	}
	if err := json.Unmarshal([]byte(body), &e); err != nil || e.ErrorCode == "" || e.ErrorMessage == "" {
		t.Fatalf("not a service-center error (errorCode a string, errorMessage): %s (%v)", body, err)
	}
	return e.ErrorCode
}

// TestServiceCombClient drives sc-client's registry calls (all but the
// websocket ones): services with their identity (same key, same id), existence, schemas,
// instances, heartbeats, finds by version rule with the client's remembered
// revision, batch finds, the dependency a find records, status and
// properties, and the delete rules (instances, consumers, force).
func TestServiceCombClient(t *testing.T) {
	s := start(t, "", "--auth=false")
	logServerOnFailure(t, s)
	c := newSCClient(t, s)
	registry := s.url("/v4/default/registry")

	// Services. shop gives neither appId nor version: "default", "0.0.1".
	shopID := registerSC(t, c, &discovery.MicroService{ServiceName: "shop"})
	v1ID := registerSC(t, c, &discovery.MicroService{AppId: "default", ServiceName: "orders", Version: "1.0.0"})
	v2ID := registerSC(t, c, &discovery.MicroService{AppId: "default", ServiceName: "orders", Version: "2.0.0"})
	if shopID == v1ID || v1ID == v2ID || shopID == v2ID {
		t.Fatalf("ids are not distinct: shop %s, orders 1.0.0 %s, orders 2.0.0 %s", shopID, v1ID, v2ID)
	}
	again := &discovery.MicroService{AppId: "default", ServiceName: "orders", Version: "1.0.0"}
	if id, err := c.RegisterService(again); err != nil || id != v1ID || again.ServiceId != v1ID {
		t.Fatalf("registering orders 1.0.0 again: %q %v, want the same id %s", id, err, v1ID)
	}

	// GetMicroServiceID reads the existence answer even on 4xx: an unknown
	// key is "" without an error, which needs a JSON error body.
	for _, tc := range []struct {
		name                       string
		app, service, version, env string
		want                       string
	}{
		{"orders 1.0.0", "default", "orders", "1.0.0", "", v1ID},
		{"orders 2.0.0", "default", "orders", "2.0.0", "", v2ID},
		{"shop with defaults", "default", "shop", "0.0.1", "", shopID},
		{"unknown version", "default", "orders", "3.0.0", "", ""},
		{"other environment", "default", "orders", "1.0.0", "production", ""},
		{"other app", "elsewhere", "orders", "1.0.0", "", ""},
	} {
		t.Run("existence/"+tc.name, func(t *testing.T) {
			id, err := c.GetMicroServiceID(tc.app, tc.service, tc.version, tc.env)
			if err != nil || id != tc.want {
				t.Fatalf("GetMicroServiceID(%s, %s, %s, %q) = %q %v, want %q", tc.app, tc.service, tc.version, tc.env, id, err, tc.want)
			}
		})
	}

	for id, want := range map[string][2]string{shopID: {"shop", "0.0.1"}, v1ID: {"orders", "1.0.0"}, v2ID: {"orders", "2.0.0"}} {
		ms, err := c.GetMicroService(id)
		if err != nil || ms == nil || ms.ServiceId != id || ms.ServiceName != want[0] || ms.Version != want[1] || ms.AppId != "default" {
			t.Fatalf("GetMicroService(%s) = %+v %v, want %s %s in app default", id, ms, err, want[0], want[1])
		}
	}
	if ms, err := c.GetMicroService("no-such-service"); err == nil {
		t.Fatalf("GetMicroService of an unknown id answered %+v", ms)
	}
	all, err := c.GetAllMicroServices()
	if err != nil {
		t.Fatalf("GetAllMicroServices: %v", err)
	}
	listed := map[string]string{}
	for _, ms := range all {
		if ms.ServiceName == "orders" || ms.ServiceName == "shop" {
			listed[ms.ServiceId] = ms.ServiceName + "@" + ms.Version
		}
	}
	if want := map[string]string{shopID: "shop@0.0.1", v1ID: "orders@1.0.0", v2ID: "orders@2.0.0"}; !maps.Equal(listed, want) {
		t.Fatalf("GetAllMicroServices lists %v, want %v", listed, want)
	}

	// Schemas: AddSchemas sends {"schemas":[{schemaId, schema, summary}]}
	// with the sha256 of the content as summary and needs exactly 200;
	// GetSchema answers the raw body {"schema"}.
	const schema = "swagger: \"2.0\"\ninfo:\n  title: orders\n  version: 1.0.0\nbasePath: /orders\npaths: {}\n"
	if err := c.AddSchemas(v1ID, "ordersEndpoint", schema); err != nil {
		t.Fatalf("AddSchemas: %v", err)
	}
	raw, err := c.GetSchema(v1ID, "ordersEndpoint")
	var got struct {
		Schema string `json:"schema"`
	}
	if err != nil || json.Unmarshal(raw, &got) != nil || got.Schema != schema {
		t.Fatalf("GetSchema: %s %v, want the schema added", raw, err)
	}
	if raw, err := c.GetSchema(v1ID, "noSuchSchema"); err != nil || len(raw) != 0 {
		t.Fatalf("GetSchema of an unknown schema id: %q %v, want nothing (a non-2xx answer)", raw, err)
	}
	if ms, err := c.GetMicroService(v1ID); err != nil || !slices.Equal(ms.Schemas, []string{"ordersEndpoint"}) {
		t.Fatalf("orders 1.0.0 after AddSchemas: %+v %v, want schemas [ordersEndpoint]", ms, err)
	}
	sum := sha256.Sum256([]byte(schema))
	code, body := jsonCall(t, http.MethodGet, registry+"/microservices/"+v1ID+"/schemas", nil)
	var schemas struct {
		Schemas []struct {
			SchemaID string `json:"schemaId"`
			Summary  string `json:"summary"`
		} `json:"schemas"`
	}
	if code != http.StatusOK || json.Unmarshal([]byte(body), &schemas) != nil || len(schemas.Schemas) != 1 ||
		schemas.Schemas[0].SchemaID != "ordersEndpoint" || schemas.Schemas[0].Summary != hex.EncodeToString(sum[:]) {
		t.Fatalf("schemas of orders 1.0.0: %d %s, want ordersEndpoint with summary %x", code, body, sum)
	}

	// Instances, one per version.
	healthCheck := &discovery.HealthCheck{Mode: sc.CheckByHeartbeat, Interval: 30, Times: 3}
	i1 := registerSCInstance(t, c, &discovery.MicroServiceInstance{ServiceId: v1ID, HostName: "orders-1",
		Endpoints: []string{"rest://10.0.0.1:8080"}, Status: sc.MSInstanceUP, Properties: map[string]string{"zone": "a"}, HealthCheck: healthCheck})
	i2 := registerSCInstance(t, c, &discovery.MicroServiceInstance{ServiceId: v2ID, HostName: "orders-2",
		Endpoints: []string{"rest://10.0.0.2:8080"}, Status: sc.MSInstanceUP, Properties: map[string]string{"zone": "a"}, HealthCheck: healthCheck})
	if i1 == i2 {
		t.Fatalf("two instances got the same id %s", i1)
	}
	wantInstance := map[string][2]string{i1: {"1.0.0", "rest://10.0.0.1:8080"}, i2: {"2.0.0", "rest://10.0.0.2:8080"}}

	if ok, err := c.Heartbeat(v2ID, i2); !ok || err != nil {
		t.Fatalf("Heartbeat: %v %v", ok, err)
	}
	if ok, err := c.Heartbeat(v2ID, strings.Repeat("0", 32)); ok || err == nil || !strings.Contains(err.Error(), "400017") {
		t.Fatalf("Heartbeat of an unknown instance: %v %v, want an error with 400017", ok, err)
	}

	// Finds by version rule, as shop (X-ConsumerId). The client keeps one
	// revision for all its finds, so these pass WithoutRevision as
	// resolvers that look up several keys do.
	for _, tc := range []struct {
		rule string
		want []string
	}{
		{"latest", []string{i2}},
		{"1.0.0+", []string{i1, i2}},
		{"0.0.0-2.0.0", []string{i1}},
		{"1.0.0-3.0.0", []string{i1, i2}},
		{"1.0.0", []string{i1}},
		{"2.0.0", []string{i2}},
		{"", []string{i1, i2}}, // no version parameter at all
	} {
		t.Run("find/"+tc.rule, func(t *testing.T) {
			list, err := c.FindMicroServiceInstances(shopID, "default", "orders", tc.rule, sc.WithoutRevision())
			if err != nil || !slices.Equal(instanceIDs(list), sorted(tc.want...)) {
				t.Fatalf("find %q: %v %v, want %v", tc.rule, instanceIDs(list), err, sorted(tc.want...))
			}
			for _, in := range list {
				want := wantInstance[in.InstanceId]
				if in.Version != want[0] || !slices.Equal(in.Endpoints, []string{want[1]}) || in.Status != sc.MSInstanceUP {
					t.Errorf("find %q: instance %+v, want version %s, endpoints [%s], UP", tc.rule, in, want[0], want[1])
				}
			}
		})
	}
	if list, err := c.FindMicroServiceInstances(shopID, "default", "nothing-here", "", sc.WithoutRevision()); !errors.Is(err, sc.ErrMicroServiceNotExists) {
		t.Fatalf("find of an unknown service: %v %v, want ErrMicroServiceNotExists (400 with \"errorCode\":\"400012\")", list, err)
	}

	// The client remembers the revision of its last find and sends it as
	// rev: the same find again is "not modified" until something changes.
	// A fresh client sends rev=0, which must never match.
	c.ResetRevision()
	if list, err := c.FindMicroServiceInstances(shopID, "default", "orders", "1.0.0+"); err != nil || len(list) != 2 {
		t.Fatalf("find at revision 0: %v %v, want the 2 instances", instanceIDs(list), err)
	}
	if list, err := c.FindMicroServiceInstances(shopID, "default", "orders", "1.0.0+"); !errors.Is(err, sc.ErrNotModified) {
		t.Fatalf("the same find again: %v %v, want ErrNotModified", instanceIDs(list), err)
	}
	i3 := registerSCInstance(t, c, &discovery.MicroServiceInstance{ServiceId: v2ID, HostName: "orders-3",
		Endpoints: []string{"rest://10.0.0.3:8080"}, Status: sc.MSInstanceUP, Properties: map[string]string{"zone": "c"}, HealthCheck: healthCheck})
	if list, err := c.FindMicroServiceInstances(shopID, "default", "orders", "1.0.0+"); err != nil || !slices.Equal(instanceIDs(list), sorted(i1, i2, i3)) {
		t.Fatalf("find after a new instance: %v %v, want %v", instanceIDs(list), err, sorted(i1, i2, i3))
	}
	if list, err := c.FindMicroServiceInstances(shopID, "default", "orders", "1.0.0+"); !errors.Is(err, sc.ErrNotModified) {
		t.Fatalf("the same find once more: %v %v, want ErrNotModified", instanceIDs(list), err)
	}

	// Batch find: POST /instances/action?type=query (the client also puts
	// its remembered rev in the query) with X-ConsumerId; each key answers
	// in updated, notModified or failed by its index.
	keys := []*discovery.FindService{
		{Service: &discovery.MicroServiceKey{AppId: "default", ServiceName: "orders", Version: "2.0.0"}},
		{Service: &discovery.MicroServiceKey{AppId: "default", ServiceName: "nothing-here", Version: "0+"}},
	}
	batch, err := c.BatchFindInstances(shopID, keys)
	if err != nil || batch == nil || batch.Services == nil {
		t.Fatalf("BatchFindInstances: %+v %v", batch, err)
	}
	res := batch.Services
	if len(res.Updated) != 1 || res.Updated[0].Index != 0 || res.Updated[0].Rev == "" ||
		!slices.Equal(instanceIDs(res.Updated[0].Instances), sorted(i2, i3)) {
		t.Fatalf("batch find updated: %s, want index 0 with a rev and instances %v", mustMarshal(t, res.Updated), sorted(i2, i3))
	}
	if len(res.Failed) != 1 || !slices.Equal(res.Failed[0].Indexes, []int64{1}) || res.Failed[0].Error == nil ||
		res.Failed[0].Error.Code != discovery.ErrServiceNotExists || len(res.NotModified) != 0 {
		t.Fatalf("batch find failed/notModified: %s, want index 1 failed with 400012", mustMarshal(t, res))
	}
	keys[0].Rev = res.Updated[0].Rev
	batch, err = c.BatchFindInstances(shopID, keys)
	if err != nil || batch == nil || batch.Services == nil || len(batch.Services.Updated) != 0 ||
		!slices.Equal(batch.Services.NotModified, []int64{0}) || len(batch.Services.Failed) != 1 {
		t.Fatalf("batch find at the answered rev: %s %v, want index 0 not modified", mustMarshal(t, batch), err)
	}

	// shop's finds recorded that it depends on orders: both versions are its
	// providers. orders found nothing, so it has none.
	providers, err := c.GetProviders(shopID)
	if err != nil {
		t.Fatalf("GetProviders(shop): %v", err)
	}
	var providerIDs []string
	for _, p := range providers.Services {
		providerIDs = append(providerIDs, p.ServiceId)
		if p.ServiceName != "orders" {
			t.Errorf("provider %+v is not orders", p)
		}
	}
	if !slices.Equal(sorted(providerIDs...), sorted(v1ID, v2ID)) {
		t.Fatalf("providers of shop: %v, want orders 1.0.0 and 2.0.0 %v", providerIDs, sorted(v1ID, v2ID))
	}
	if p, err := c.GetProviders(v1ID); err != nil || len(p.Services) != 0 {
		t.Fatalf("providers of orders 1.0.0: %+v %v, want none", p, err)
	}

	// Status and properties. UpdateMicroServiceInstanceProperties sends the
	// whole instance as the body, so "properties" sits beside the other
	// fields, which the server ignores.
	if ok, err := c.UpdateMicroServiceInstanceStatus(v2ID, i2, sc.MSIinstanceDown); !ok || err != nil {
		t.Fatalf("status DOWN: %v %v", ok, err)
	}
	props := map[string]string{"zone": "b", "weight": "3"}
	update := &discovery.MicroServiceInstance{InstanceId: i2, ServiceId: v2ID, HostName: "orders-2",
		Endpoints: []string{"rest://10.0.0.2:8080"}, Status: sc.MSIinstanceDown, Properties: props}
	if ok, err := c.UpdateMicroServiceInstanceProperties(v2ID, i2, update); !ok || err != nil {
		t.Fatalf("properties: %v %v", ok, err)
	}
	list, err := c.GetMicroServiceInstances(shopID, v2ID)
	if err != nil || !slices.Equal(instanceIDs(list), sorted(i2, i3)) {
		t.Fatalf("instances of orders 2.0.0: %v %v, want %v", instanceIDs(list), err, sorted(i2, i3))
	}
	for _, in := range list {
		wantStatus, wantProps := sc.MSInstanceUP, map[string]string{"zone": "c"}
		if in.InstanceId == i2 {
			wantStatus, wantProps = sc.MSIinstanceDown, props
		}
		if in.Status != wantStatus || !maps.Equal(in.Properties, wantProps) || in.ServiceId != v2ID {
			t.Errorf("instance %s: status %s properties %v service %s, want %s %v %s", in.InstanceId, in.Status, in.Properties, in.ServiceId, wantStatus, wantProps, v2ID)
		}
	}
	if t.Failed() {
		t.FailNow()
	}

	// Deregistering an instance.
	if ok, err := c.UnregisterMicroServiceInstance(v2ID, i3); !ok || err != nil {
		t.Fatalf("unregister %s: %v %v", i3, ok, err)
	}
	if list, err := c.GetMicroServiceInstances(shopID, v2ID); err != nil || !slices.Equal(instanceIDs(list), []string{i2}) {
		t.Fatalf("instances of orders 2.0.0 after unregistering %s: %v %v, want [%s]", i3, instanceIDs(list), err, i2)
	}
	if ok, err := c.UnregisterMicroServiceInstance(v2ID, i3); ok || err == nil || !strings.Contains(err.Error(), "400017") {
		t.Fatalf("unregister %s again: %v %v, want an error with 400017", i3, ok, err)
	}

	// Deleting services: without force one with instances (400013) or the
	// last version a consumer depends on (400023) stays; with force it goes.
	// UnregisterMicroService always sends force=1.
	del := func(id, query string) (int, string) {
		t.Helper()
		return jsonCall(t, http.MethodDelete, registry+"/microservices/"+id+query, nil)
	}
	if code, body := del(v2ID, ""); code != http.StatusBadRequest || scErrorCode(t, body) != "400013" {
		t.Fatalf("delete orders 2.0.0 with an instance, no force: %d %s, want 400 with 400013", code, body)
	}
	if ok, err := c.UnregisterMicroService(v2ID); !ok || err != nil {
		t.Fatalf("UnregisterMicroService(orders 2.0.0) (force=1): %v %v", ok, err)
	}
	if ms, err := c.GetMicroService(v2ID); err == nil {
		t.Fatalf("orders 2.0.0 after its deletion: %+v", ms)
	}
	if id, err := c.GetMicroServiceID("default", "orders", "2.0.0", ""); err != nil || id != "" {
		t.Fatalf("existence of orders 2.0.0 after its deletion: %q %v", id, err)
	}
	if list, err := c.FindMicroServiceInstances(shopID, "default", "orders", "latest", sc.WithoutRevision()); err != nil || !slices.Equal(instanceIDs(list), []string{i1}) {
		t.Fatalf("find latest after deleting orders 2.0.0 (its instance went with it): %v %v, want [%s]", instanceIDs(list), err, i1)
	}
	if ok, err := c.UnregisterMicroServiceInstance(v1ID, i1); !ok || err != nil {
		t.Fatalf("unregister %s: %v %v", i1, ok, err)
	}
	if code, body := del(v1ID, ""); code != http.StatusBadRequest || scErrorCode(t, body) != "400023" {
		t.Fatalf("delete orders 1.0.0, the last version shop depends on, no force: %d %s, want 400 with 400023", code, body)
	}
	if code, body := del(v1ID, "?force=true"); code != http.StatusOK {
		t.Fatalf("delete orders 1.0.0 with force=true: %d %s", code, body)
	}
	if id, err := c.GetMicroServiceID("default", "orders", "1.0.0", ""); err != nil || id != "" {
		t.Fatalf("existence of orders 1.0.0 after its deletion: %q %v", id, err)
	}
	if code, body := del(v1ID, ""); code != http.StatusBadRequest || scErrorCode(t, body) != "400012" {
		t.Fatalf("delete orders 1.0.0 again: %d %s, want 400 with 400012", code, body)
	}
	if p, err := c.GetProviders(shopID); err != nil || len(p.Services) != 0 {
		t.Fatalf("providers of shop after orders is gone: %+v %v, want none", p, err)
	}
	if ok, err := c.UnregisterMicroService(shopID); !ok || err != nil {
		t.Fatalf("UnregisterMicroService(shop): %v %v", ok, err)
	}
	all, err = c.GetAllMicroServices()
	if err != nil {
		t.Fatalf("GetAllMicroServices: %v", err)
	}
	for _, ms := range all {
		if ms.ServiceName == "orders" || ms.ServiceName == "shop" {
			t.Fatalf("GetAllMicroServices still lists %+v after every deletion", ms)
		}
	}
}

// mustMarshal renders v as JSON for messages.
func mustMarshal(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// nacosHost is one instance of a Nacos v1 instance list.
type nacosHost struct {
	IP       string            `json:"ip"`
	Port     int               `json:"port"`
	Healthy  bool              `json:"healthy"`
	Enabled  bool              `json:"enabled"`
	Metadata map[string]string `json:"metadata"`
}

// nacosHosts answers GET /nacos/v1/ns/instance/list of a service of
// DEFAULT_GROUP in public, by ip:port, on a server without authentication.
func nacosHosts(t *testing.T, s *server, service string) map[string]nacosHost {
	t.Helper()
	return v1Hosts(t, s, "", "DEFAULT_GROUP", service)
}

// One registry: a ServiceComb instance (project default, app default) is a
// Nacos instance of DEFAULT_GROUP in public at the address of its first rest
// endpoint, with its version and properties as metadata; a Nacos instance is
// found through ServiceComb as rest://ip:port with the version of its
// metadata.
func TestServiceCombAndNacosShareTheRegistry(t *testing.T) {
	s := start(t, "", "--auth=false")
	logServerOnFailure(t, s)
	c := newSCClient(t, s)

	sid := registerSC(t, c, &discovery.MicroService{AppId: "default", ServiceName: "inventory", Version: "1.2.0"})
	scEndpoints := []string{"highway://10.0.0.7:7070", "rest://10.0.0.7:8080?sslEnabled=false"}
	iid := registerSCInstance(t, c, &discovery.MicroServiceInstance{ServiceId: sid, HostName: "inventory-1",
		Endpoints: scEndpoints, Status: sc.MSInstanceUP, Properties: map[string]string{"zone": "a"}})
	hosts := nacosHosts(t, s, "inventory")
	h, ok := hosts["10.0.0.7:8080"]
	if len(hosts) != 1 || !ok || h.Metadata["version"] != "1.2.0" || h.Metadata["zone"] != "a" || !h.Healthy || !h.Enabled {
		t.Fatalf("nacos list of inventory: %+v, want 10.0.0.7:8080 (the rest endpoint), healthy, enabled, version 1.2.0, zone a", hosts)
	}

	// A persistent Nacos instance of another service, and one of inventory
	// at a newer version: ephemeral, as ServiceComb instances are and a
	// Nacos service holds one kind only.
	for _, r := range []struct{ service, ip, port, version, ephemeral string }{
		{"payments", "10.0.0.8", "9090", "1.0.0", "false"},
		{"inventory", "10.0.0.9", "8080", "1.3.0", "true"},
	} {
		v := url.Values{"serviceName": {r.service}, "ip": {r.ip}, "port": {r.port}, "ephemeral": {r.ephemeral},
			"metadata": {`{"version":"` + r.version + `"}`}}
		if code, body := call(t, http.MethodPost, s.url("/nacos/v1/ns/instance"), v); code != http.StatusOK || body != "ok" {
			t.Fatalf("nacos register %s %s: %d %s", r.service, r.ip, code, body)
		}
	}
	for _, tc := range []struct {
		service, rule string
		want          map[string]string // endpoint -> version
	}{
		{"payments", "", map[string]string{"rest://10.0.0.8:9090": "1.0.0"}},
		{"payments", "1.0.0", map[string]string{"rest://10.0.0.8:9090": "1.0.0"}},
		{"inventory", "", map[string]string{"rest://10.0.0.9:8080": "1.3.0", "rest://10.0.0.7:8080?sslEnabled=false": "1.2.0"}},
		{"inventory", "latest", map[string]string{"rest://10.0.0.9:8080": "1.3.0"}},
		{"inventory", "1.0.0-1.3.0", map[string]string{"rest://10.0.0.7:8080?sslEnabled=false": "1.2.0"}},
	} {
		t.Run(tc.service+"/"+tc.rule, func(t *testing.T) {
			list, err := c.FindMicroServiceInstances("", "default", tc.service, tc.rule, sc.WithoutRevision())
			if err != nil {
				t.Fatalf("find: %v", err)
			}
			got := map[string]string{}
			for _, in := range list {
				if in.Status != sc.MSInstanceUP || !instanceIDPattern.MatchString(in.InstanceId) || in.ServiceId == "" {
					t.Fatalf("instance %+v: want UP, a 32-hex instance id and a service id", in)
				}
				switch {
				case in.InstanceId == iid:
					// The ServiceComb instance keeps its id, service and
					// every endpoint.
					if in.ServiceId != sid || !slices.Equal(in.Endpoints, scEndpoints) {
						t.Fatalf("the ServiceComb instance came back as %+v, want service %s, endpoints %v", in, sid, scEndpoints)
					}
				case len(in.Endpoints) != 1:
					t.Fatalf("the Nacos instance %+v: want one rest endpoint", in)
				}
				got[in.Endpoints[len(in.Endpoints)-1]] = in.Version
			}
			if !maps.Equal(got, tc.want) {
				t.Fatalf("find %s %q: %v (rest endpoint -> version), want %v", tc.service, tc.rule, got, tc.want)
			}
		})
	}

	// Deregistered through ServiceComb, it leaves the Nacos list.
	if ok, err := c.UnregisterMicroServiceInstance(sid, iid); !ok || err != nil {
		t.Fatalf("unregister: %v %v", ok, err)
	}
	if hosts := nacosHosts(t, s, "inventory"); len(hosts) != 1 || hosts["10.0.0.9:8080"].Metadata["version"] != "1.3.0" {
		t.Fatalf("nacos list of inventory after the ServiceComb deregistration: %+v, want only 10.0.0.9:8080", hosts)
	}
}

// A ServiceComb instance is an endpoint of the Envoy cluster of its Nacos
// service (outbound|||<name>.DEFAULT_GROUP.public), at its rest endpoint's
// own port (here two instances on one host): a sidecar routes to it while
// it is UP, stops when the client sets it DOWN, and resumes when it is UP
// again.
func TestServiceCombInstanceInEnvoy(t *testing.T) {
	envoyBinary(t) // skip early, before the server starts
	s := start(t, "", "--auth=false")
	logServerOnFailure(t, s)
	c := newSCClient(t, s)

	a := startUpstream(t, "127.0.0.1", 0, "echo-a")
	b := startUpstream(t, "127.0.0.1", 0, "echo-b")
	sid := registerSC(t, c, &discovery.MicroService{AppId: "default", ServiceName: "echo", Version: "1.0.0"})
	instance := func(u *upstream) *discovery.MicroServiceInstance {
		return &discovery.MicroServiceInstance{ServiceId: sid, HostName: "echo-" + u.id,
			Endpoints: []string{"rest://" + u.addr}, Status: sc.MSInstanceUP}
	}
	registerSCInstance(t, c, instance(a))
	ib := registerSCInstance(t, c, instance(b))
	cluster := "outbound|||echo.DEFAULT_GROUP.public"

	outbound := freePort(t, "127.0.0.1")
	e := startEnvoy(t, envoyOptions{
		XDSAddr: s.xdsAddr,
		Delta:   true,
		Metadata: map[string]string{
			"causeway.role":             "sidecar",
			"causeway.namespace":        "public",
			"causeway.app":              "DEFAULT_GROUP",
			"causeway.outbound_port":    strconv.Itoa(outbound),
			"causeway.outbound_address": "127.0.0.1",
		},
	})
	listen := net.JoinHostPort("127.0.0.1", strconv.Itoa(outbound))
	reachesBoth := func(what string) {
		t.Helper()
		seen := map[string]bool{}
		eventually(t, 10*time.Second, what, func() bool {
			if p := proxyGet(listen, "echo"); p.err == nil && p.status == http.StatusOK {
				seen[p.upstream] = true
			}
			return seen[a.id] && seen[b.id]
		})
	}
	reachesBoth("the sidecar to reach both ServiceComb instances")
	eps, ok := e.endpoints(t, cluster)
	if !ok || len(eps) != 2 {
		t.Fatalf("EDS of %s: %+v (found %v), want the two instances", cluster, eps, ok)
	}
	for _, ep := range eps {
		if ep.Address != "127.0.0.1" || (ep.Port != a.port && ep.Port != b.port) || ep.Health != "HEALTHY" {
			t.Fatalf("EDS of %s: %+v, want 127.0.0.1 on ports %d and %d, HEALTHY", cluster, eps, a.port, b.port)
		}
	}

	// DOWN: b is no longer a healthy endpoint and gets no traffic.
	if ok, err := c.UpdateMicroServiceInstanceStatus(sid, ib, sc.MSIinstanceDown); !ok || err != nil {
		t.Fatalf("status DOWN: %v %v", ok, err)
	}
	waitAnswers(t, listen, "echo", 5*time.Second, "every request to go to "+a.id, func(p proxyAnswer) bool {
		return p.err == nil && p.status == http.StatusOK && p.upstream == a.id
	})
	eps, _ = e.endpoints(t, cluster)
	for _, ep := range eps {
		if ep.Port == b.port && ep.Health == "HEALTHY" {
			t.Fatalf("EDS of %s: %+v, the DOWN instance is still HEALTHY", cluster, eps)
		}
	}
	bHits := b.hits.Load()
	for i := range 20 {
		if p := proxyGet(listen, "echo"); p.err != nil || p.status != http.StatusOK || p.upstream != a.id {
			t.Fatalf("request %d with %s DOWN: %v", i, b.id, p)
		}
	}
	if n := b.hits.Load() - bHits; n != 0 {
		t.Fatalf("the DOWN instance %s got %d requests", b.id, n)
	}

	// UP again: back in the rotation.
	if ok, err := c.UpdateMicroServiceInstanceStatus(sid, ib, sc.MSInstanceUP); !ok || err != nil {
		t.Fatalf("status UP: %v %v", ok, err)
	}
	reachesBoth("the instance set UP again to get traffic")
	if n := e.rejectedUpdates(t); n != 0 {
		t.Fatalf("envoy rejected %d updates: %v", n, e.rejectedStats(t))
	}
}
