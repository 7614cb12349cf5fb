package e2e

import (
	"bufio"
	"crypto/md5"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"os/exec"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/nacos-group/nacos-sdk-go/v2/clients"
	"github.com/nacos-group/nacos-sdk-go/v2/clients/config_client"
	"github.com/nacos-group/nacos-sdk-go/v2/clients/naming_client"
	"github.com/nacos-group/nacos-sdk-go/v2/common/constant"
	"github.com/nacos-group/nacos-sdk-go/v2/model"
	"github.com/nacos-group/nacos-sdk-go/v2/vo"
)

// The real nacos-sdk-go/v2 (v2.3.2) against the real binary, with
// authentication on: the SDK logs in over HTTP, then speaks the Nacos 2
// gRPC protocol on s.nacosGRPCAddr for everything but persistent
// instances, which it registers over HTTP.

// v2Param answers the SDK's server and client configuration for s.
func v2Param(t *testing.T, s *server, username, password string, opts ...constant.ClientOption) vo.NacosClientParam {
	t.Helper()
	host, port := splitHostPort(t, s.addr)
	_, grpcPort := splitHostPort(t, s.nacosGRPCAddr)
	dir := t.TempDir()
	cc := constant.NewClientConfig(append([]constant.ClientOption{
		constant.WithTimeoutMs(5000), constant.WithNotLoadCacheAtStart(true),
		constant.WithCacheDir(dir + "/cache"), constant.WithLogDir(dir + "/log"), constant.WithLogLevel("warn"),
		constant.WithUsername(username), constant.WithPassword(password),
	}, opts...)...)
	sc := []constant.ServerConfig{*constant.NewServerConfig(host, uint64(port), constant.WithGrpcPort(uint64(grpcPort)))}
	return vo.NacosClientParam{ClientConfig: cc, ServerConfigs: sc}
}

func splitHostPort(t *testing.T, addr string) (string, int) {
	t.Helper()
	host, p, err := net.SplitHostPort(addr)
	if err != nil {
		t.Fatal(err)
	}
	port, err := strconv.Atoi(p)
	if err != nil {
		t.Fatal(err)
	}
	return host, port
}

func newNamingClientV2(t *testing.T, s *server, username, password string, opts ...constant.ClientOption) naming_client.INamingClient {
	t.Helper()
	c, err := clients.NewNamingClient(v2Param(t, s, username, password, opts...))
	if err != nil {
		t.Fatalf("naming client: %v", err)
	}
	t.Cleanup(c.CloseClient)
	return c
}

func newConfigClientV2(t *testing.T, s *server, username, password string, opts ...constant.ClientOption) config_client.IConfigClient {
	t.Helper()
	c, err := clients.NewConfigClient(v2Param(t, s, username, password, opts...))
	if err != nil {
		t.Fatalf("config client: %v", err)
	}
	t.Cleanup(c.CloseClient)
	return c
}

// pushes records what a subscription callback was told.
type pushes struct {
	mu   sync.Mutex
	seen [][]model.Instance
}

func (p *pushes) callback(services []model.Instance, err error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.seen = append(p.seen, append([]model.Instance(nil), services...))
}

func (p *pushes) count() int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return len(p.seen)
}

// wait waits until the latest push satisfies ok.
func (p *pushes) wait(t *testing.T, timeout time.Duration, what string, ok func(byAddr map[string]model.Instance) bool) {
	t.Helper()
	eventually(t, timeout, what, func() bool {
		p.mu.Lock()
		defer p.mu.Unlock()
		return len(p.seen) > 0 && ok(byAddr(p.seen[len(p.seen)-1]))
	})
}

func (p *pushes) String() string {
	p.mu.Lock()
	defer p.mu.Unlock()
	var b strings.Builder
	for i, s := range p.seen {
		fmt.Fprintf(&b, "push %d: %v\n", i, addrs(s))
	}
	return b.String()
}

func byAddr(ins []model.Instance) map[string]model.Instance {
	return keyed(ins, func(in model.Instance) string { return net.JoinHostPort(in.Ip, strconv.FormatUint(in.Port, 10)) })
}

// keyed answers items by key.
func keyed[T any](items []T, key func(T) string) map[string]T {
	out := make(map[string]T, len(items))
	for _, it := range items {
		out[key(it)] = it
	}
	return out
}

func addrs(ins []model.Instance) []string {
	var out []string
	for a, in := range byAddr(ins) {
		out = append(out, fmt.Sprintf("%s(w%g,h%v,e%v)", a, in.Weight, in.Healthy, in.Enable))
	}
	sort.Strings(out)
	return out
}

// authedCall is call with an access token.
func authedCall(t *testing.T, token, method, rawURL string, form url.Values) (int, string) {
	t.Helper()
	if form == nil {
		form = url.Values{}
	}
	if token != "" {
		form.Set("accessToken", token)
	}
	return call(t, method, rawURL, form)
}

// v1Hosts answers GET /nacos/v1/ns/instance/list by ip:port.
func v1Hosts(t *testing.T, s *server, token, group, service string) map[string]nacosHost {
	t.Helper()
	code, body := authedCall(t, token, http.MethodGet, s.url("/nacos/v1/ns/instance/list"),
		url.Values{"serviceName": {service}, "groupName": {group}})
	var list struct {
		Hosts []nacosHost `json:"hosts"`
	}
	if code != http.StatusOK || json.Unmarshal([]byte(body), &list) != nil {
		t.Fatalf("v1 instance list of %s: %d %s", service, code, body)
	}
	out := map[string]nacosHost{}
	for _, h := range list.Hosts {
		out[net.JoinHostPort(h.IP, strconv.Itoa(h.Port))] = h
	}
	return out
}

// v2Hosts answers GET /nacos/v2/ns/instance/list by ip:port.
func v2Hosts(t *testing.T, s *server, token, group, service string) map[string]nacosHost {
	t.Helper()
	code, body := authedCall(t, token, http.MethodGet, s.url("/nacos/v2/ns/instance/list"),
		url.Values{"serviceName": {service}, "groupName": {group}})
	var list struct {
		Code int `json:"code"`
		Data struct {
			Hosts []nacosHost `json:"hosts"`
		} `json:"data"`
	}
	if code != http.StatusOK || json.Unmarshal([]byte(body), &list) != nil || list.Code != 0 {
		t.Fatalf("v2 instance list of %s: %d %s", service, code, body)
	}
	out := map[string]nacosHost{}
	for _, h := range list.Data.Hosts {
		out[net.JoinHostPort(h.IP, strconv.Itoa(h.Port))] = h
	}
	return out
}

// scEndpoints answers the rest endpoints ServiceComb finds for a service
// of app "default" (DEFAULT_GROUP in public).
func scEndpoints(t *testing.T, s *server, token, service string) []string {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, s.url("/v4/default/registry/instances?")+
		url.Values{"appId": {"default"}, "serviceName": {service}}.Encode(), nil)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Authorization", "Bearer "+token)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var found struct {
		Instances []struct {
			Endpoints []string `json:"endpoints"`
			Status    string   `json:"status"`
		} `json:"instances"`
	}
	if resp.StatusCode != http.StatusOK || json.NewDecoder(resp.Body).Decode(&found) != nil {
		t.Fatalf("ServiceComb find of %s: %d", service, resp.StatusCode)
	}
	var out []string
	for _, in := range found.Instances {
		out = append(out, in.Endpoints...)
	}
	sort.Strings(out)
	return out
}

// Naming through the Go SDK v2: ephemeral instances over gRPC (single,
// batch, from two connections), persistent ones over HTTP, reads,
// subscriptions and their pushes for every kind of change, deregistration;
// cross-checked through the Nacos v1 and v2 HTTP APIs and ServiceComb.
func TestNacosSDKV2Naming(t *testing.T) {
	s := start(t, "", "--admin-password", adminPassword)
	logServerOnFailure(t, s)
	token := login(t, s, adminPassword)

	// The subscriber sees empty answers too: by default the SDK keeps the
	// last non-empty list and ignores a push with no hosts.
	sub := newNamingClientV2(t, s, "nacos", adminPassword, constant.WithUpdateCacheWhenEmpty(true))
	var seen pushes
	// Unsubscribe must be given the same param: the SDK finds the callback
	// by the address of the param's func field.
	subscription := &vo.SubscribeParam{ServiceName: "orders", SubscribeCallback: seen.callback}
	if err := sub.Subscribe(subscription); err != nil {
		t.Fatalf("subscribe: %v", err)
	}

	a := newNamingClientV2(t, s, "nacos", adminPassword)
	ok, err := a.RegisterInstance(vo.RegisterInstanceParam{Ip: "10.0.0.1", Port: 8080, ServiceName: "orders",
		Weight: 2, Enable: true, Healthy: true, Ephemeral: true, ClusterName: "east",
		Metadata: map[string]string{"version": "1.0.0"}})
	if !ok || err != nil {
		t.Fatalf("register 10.0.0.1: %v %v", ok, err)
	}
	seen.wait(t, 5*time.Second, "the push of the first instance", func(m map[string]model.Instance) bool {
		in, ok := m["10.0.0.1:8080"]
		return len(m) == 1 && ok && in.Weight == 2 && in.Healthy && in.Enable && in.Metadata["version"] == "1.0.0" &&
			in.ClusterName == "east" && in.Ephemeral
	})

	// A second connection's instances join the service; one connection's
	// register replaces its own earlier one only.
	b := newNamingClientV2(t, s, "nacos", adminPassword)
	ok, err = b.BatchRegisterInstance(vo.BatchRegisterInstanceParam{ServiceName: "orders", Instances: []vo.RegisterInstanceParam{
		{Ip: "10.0.0.2", Port: 8080, Weight: 1, Enable: true, Healthy: true, Ephemeral: true},
		{Ip: "10.0.0.3", Port: 8080, Weight: 1, Enable: true, Healthy: true, Ephemeral: true},
	}})
	if !ok || err != nil {
		t.Fatalf("batch register: %v %v", ok, err)
	}
	seen.wait(t, 5*time.Second, "the push of the batch", func(m map[string]model.Instance) bool { return len(m) == 3 })

	all, err := sub.SelectAllInstances(vo.SelectAllInstancesParam{ServiceName: "orders"})
	if err != nil || len(all) != 3 {
		t.Fatalf("SelectAllInstances: %v %v", addrs(all), err)
	}
	fresh := newNamingClientV2(t, s, "nacos", adminPassword) // no cache: asks the server
	all, err = fresh.SelectAllInstances(vo.SelectAllInstancesParam{ServiceName: "orders"})
	if err != nil || len(all) != 3 {
		t.Fatalf("SelectAllInstances of a fresh client: %v %v", addrs(all), err)
	}
	east, err := fresh.SelectAllInstances(vo.SelectAllInstancesParam{ServiceName: "orders", Clusters: []string{"east"}})
	if err != nil || len(east) != 1 || east[0].Ip != "10.0.0.1" {
		t.Fatalf("SelectAllInstances of cluster east: %v %v", addrs(east), err)
	}
	svc, err := fresh.GetService(vo.GetServiceParam{ServiceName: "orders"})
	if err != nil || svc.Name != "orders" || svc.GroupName != "DEFAULT_GROUP" || len(svc.Hosts) != 3 {
		t.Fatalf("GetService: %+v %v", svc, err)
	}
	for _, h := range svc.Hosts {
		if h.InstanceId == "" || h.ServiceName != "DEFAULT_GROUP@@orders" {
			t.Fatalf("GetService host %+v: want an instance id and the grouped service name", h)
		}
	}
	one, err := fresh.SelectOneHealthyInstance(vo.SelectOneHealthInstanceParam{ServiceName: "orders"})
	if err != nil || one == nil {
		t.Fatalf("SelectOneHealthyInstance: %v %v", one, err)
	}
	list, err := fresh.GetAllServicesInfo(vo.GetAllServiceInfoParam{PageNo: 1, PageSize: 10})
	if err != nil || list.Count != 1 || len(list.Doms) != 1 || list.Doms[0] != "orders" {
		t.Fatalf("GetAllServicesInfo: %+v %v", list, err)
	}

	// The same instances through the HTTP APIs and ServiceComb.
	for name, hosts := range map[string]map[string]nacosHost{
		"v1": v1Hosts(t, s, token, "DEFAULT_GROUP", "orders"), "v2": v2Hosts(t, s, token, "DEFAULT_GROUP", "orders")} {
		if len(hosts) != 3 || hosts["10.0.0.1:8080"].Metadata["version"] != "1.0.0" || !hosts["10.0.0.2:8080"].Healthy {
			t.Fatalf("%s instance list: %+v", name, hosts)
		}
	}
	if got, want := scEndpoints(t, s, token, "orders"), []string{"rest://10.0.0.1:8080", "rest://10.0.0.2:8080", "rest://10.0.0.3:8080"}; strings.Join(got, " ") != strings.Join(want, " ") {
		t.Fatalf("ServiceComb find: %v, want %v", got, want)
	}

	// Weight and enabled changed through the Nacos HTTP API are pushed.
	if code, body := authedCall(t, token, http.MethodPut, s.url("/nacos/v1/ns/instance"), url.Values{"serviceName": {"orders"},
		"ip": {"10.0.0.2"}, "port": {"8080"}, "weight": {"5"}, "ephemeral": {"true"}}); code != http.StatusOK {
		t.Fatalf("weight through HTTP: %d %s", code, body)
	}
	seen.wait(t, 5*time.Second, "the push of the new weight", func(m map[string]model.Instance) bool {
		return len(m) == 3 && m["10.0.0.2:8080"].Weight == 5
	})
	if code, body := authedCall(t, token, http.MethodPut, s.url("/nacos/v2/ns/instance"), url.Values{"serviceName": {"orders"},
		"ip": {"10.0.0.3"}, "port": {"8080"}, "enabled": {"false"}, "ephemeral": {"true"}}); code != http.StatusOK {
		t.Fatalf("disable through HTTP v2: %d %s", code, body)
	}
	seen.wait(t, 5*time.Second, "the push without the disabled instance", func(m map[string]model.Instance) bool {
		_, there := m["10.0.0.3:8080"]
		return len(m) == 2 && !there
	})

	// Health: the owner says it is unhealthy (UpdateInstance registers
	// again); SelectInstances(HealthyOnly) leaves it out.
	ok, err = a.UpdateInstance(vo.UpdateInstanceParam{Ip: "10.0.0.1", Port: 8080, ServiceName: "orders",
		Weight: 2, Enable: true, Healthy: false, Ephemeral: true, ClusterName: "east", Metadata: map[string]string{"version": "1.0.1"}})
	if !ok || err != nil {
		t.Fatalf("update 10.0.0.1: %v %v", ok, err)
	}
	seen.wait(t, 5*time.Second, "the push of the unhealthy instance", func(m map[string]model.Instance) bool {
		in := m["10.0.0.1:8080"]
		return len(m) == 2 && !in.Healthy && in.Metadata["version"] == "1.0.1"
	})
	eventually(t, 5*time.Second, "SelectInstances to see the health change", func() bool {
		healthy, err := sub.SelectInstances(vo.SelectInstancesParam{ServiceName: "orders", HealthyOnly: true})
		return err == nil && len(healthy) == 1 && healthy[0].Ip == "10.0.0.2"
	})

	// Deregistered: a's instance goes; b's batch stays.
	ok, err = a.DeregisterInstance(vo.DeregisterInstanceParam{Ip: "10.0.0.1", Port: 8080, ServiceName: "orders",
		Cluster: "east", Ephemeral: true})
	if !ok || err != nil {
		t.Fatalf("deregister 10.0.0.1: %v %v", ok, err)
	}
	seen.wait(t, 5*time.Second, "the push after the deregistration", func(m map[string]model.Instance) bool {
		_, there := m["10.0.0.2:8080"]
		return len(m) == 1 && there
	})
	if hosts := v1Hosts(t, s, token, "DEFAULT_GROUP", "orders"); len(hosts) != 1 {
		t.Fatalf("v1 list after the deregistration: %+v, want 10.0.0.2 (10.0.0.3 is disabled)", hosts)
	}

	// The last connection closes: its instances go, and the subscriber
	// (which takes empty answers) is told.
	b.CloseClient()
	seen.wait(t, 5*time.Second, "the push of the empty service", func(m map[string]model.Instance) bool { return len(m) == 0 })
	if hosts := v2Hosts(t, s, token, "DEFAULT_GROUP", "orders"); len(hosts) != 0 {
		t.Fatalf("v2 list after the owner closed: %+v", hosts)
	}

	// Unsubscribed: no more pushes.
	if err := sub.Unsubscribe(subscription); err != nil {
		t.Fatalf("unsubscribe: %v", err)
	}
	n := seen.count()
	ok, err = a.RegisterInstance(vo.RegisterInstanceParam{Ip: "10.0.0.4", Port: 8080, ServiceName: "orders",
		Weight: 1, Enable: true, Healthy: true, Ephemeral: true})
	if !ok || err != nil {
		t.Fatalf("register 10.0.0.4: %v %v", ok, err)
	}
	eventually(t, 5*time.Second, "the v1 list to show 10.0.0.4", func() bool {
		return len(v1Hosts(t, s, token, "DEFAULT_GROUP", "orders")) == 1
	})
	time.Sleep(time.Second)
	if seen.count() != n {
		t.Fatalf("pushes after unsubscribing:\n%s", seen.String())
	}
}

// Persistent instances: the SDK registers them over HTTP (form, with its
// token); they are read, subscribed and pushed over gRPC like the others,
// health set by hand through the HTTP API is pushed, and they outlive the
// client.
func TestNacosSDKV2Persistent(t *testing.T) {
	s := start(t, "", "--admin-password", adminPassword)
	logServerOnFailure(t, s)
	token := login(t, s, adminPassword)

	c := newNamingClientV2(t, s, "nacos", adminPassword)
	var seen pushes
	if err := c.Subscribe(&vo.SubscribeParam{ServiceName: "ledger", GroupName: "finance", SubscribeCallback: seen.callback}); err != nil {
		t.Fatalf("subscribe: %v", err)
	}
	for _, ip := range []string{"10.1.0.1", "10.1.0.2"} {
		ok, err := c.RegisterInstance(vo.RegisterInstanceParam{Ip: ip, Port: 9000, ServiceName: "ledger", GroupName: "finance",
			Weight: 1, Enable: true, Healthy: true, Ephemeral: false, Metadata: map[string]string{"kind": "durable"}})
		if !ok || err != nil {
			t.Fatalf("register persistent %s: %v %v", ip, ok, err)
		}
	}
	seen.wait(t, 5*time.Second, "the push of both persistent instances", func(m map[string]model.Instance) bool {
		in := m["10.1.0.1:9000"]
		return len(m) == 2 && !in.Ephemeral && in.Metadata["kind"] == "durable"
	})
	if hosts := v2Hosts(t, s, token, "finance", "ledger"); len(hosts) != 2 {
		t.Fatalf("v2 list: %+v", hosts)
	}

	if code, body := authedCall(t, token, http.MethodPut, s.url("/nacos/v1/ns/health/instance"), url.Values{
		"serviceName": {"ledger"}, "groupName": {"finance"}, "ip": {"10.1.0.2"}, "port": {"9000"}, "healthy": {"false"}}); code != http.StatusOK {
		t.Fatalf("health through HTTP: %d %s", code, body)
	}
	seen.wait(t, 5*time.Second, "the push of the health change", func(m map[string]model.Instance) bool {
		return len(m) == 2 && !m["10.1.0.2:9000"].Healthy && m["10.1.0.1:9000"].Healthy
	})
	healthy, err := c.SelectInstances(vo.SelectInstancesParam{ServiceName: "ledger", GroupName: "finance", HealthyOnly: true})
	if err != nil || len(healthy) != 1 || healthy[0].Ip != "10.1.0.1" {
		t.Fatalf("SelectInstances healthy: %v %v", addrs(healthy), err)
	}

	ok, err := c.DeregisterInstance(vo.DeregisterInstanceParam{Ip: "10.1.0.2", Port: 9000, ServiceName: "ledger",
		GroupName: "finance", Ephemeral: false})
	if !ok || err != nil {
		t.Fatalf("deregister persistent: %v %v", ok, err)
	}
	seen.wait(t, 5*time.Second, "the push of the deregistration", func(m map[string]model.Instance) bool { return len(m) == 1 })

	c.CloseClient()
	time.Sleep(500 * time.Millisecond)
	if hosts := v1Hosts(t, s, token, "finance", "ledger"); len(hosts) != 1 {
		t.Fatalf("persistent instances after the client closed: %+v, want 10.1.0.1 still", hosts)
	}
}

func md5Hex(s string) string {
	sum := md5.Sum([]byte(s))
	return hex.EncodeToString(sum[:])
}

// Config through the Go SDK v2: publish, get, listen and see changes
// (another client's, and a delete), compare-and-set, cancel.
func TestNacosSDKV2Config(t *testing.T) {
	s := start(t, "", "--admin-password", adminPassword)
	logServerOnFailure(t, s)
	token := login(t, s, adminPassword)
	c := newConfigClientV2(t, s, "nacos", adminPassword)
	other := newConfigClientV2(t, s, "nacos", adminPassword)
	key := vo.ConfigParam{DataId: "app.yaml", Group: "DEFAULT_GROUP"}
	with := func(content string) vo.ConfigParam { p := key; p.Content = content; return p }

	if content, err := c.GetConfig(key); err != nil || content != "" {
		t.Fatalf("get of a missing config: %q %v, want \"\" and no error", content, err)
	}
	if ok, err := c.PublishConfig(with("a: 1")); !ok || err != nil {
		t.Fatalf("publish: %v %v", ok, err)
	}
	if content, err := c.GetConfig(key); err != nil || content != "a: 1" {
		t.Fatalf("get: %q %v", content, err)
	}
	code, body := authedCall(t, token, http.MethodGet, s.url("/nacos/v1/cs/configs"), url.Values{"dataId": {"app.yaml"}, "group": {"DEFAULT_GROUP"}})
	if code != http.StatusOK || body != "a: 1" {
		t.Fatalf("the config over HTTP: %d %q", code, body)
	}

	var mu sync.Mutex
	var changes []string
	listen := key
	listen.OnChange = func(_, group, dataID, data string) {
		mu.Lock()
		defer mu.Unlock()
		changes = append(changes, data)
	}
	if err := c.ListenConfig(listen); err != nil {
		t.Fatalf("listen: %v", err)
	}
	last := func() (string, int) {
		mu.Lock()
		defer mu.Unlock()
		if len(changes) == 0 {
			return "", 0
		}
		return changes[len(changes)-1], len(changes)
	}
	// ListenConfig only records the listen: the SDK's listen task sends it
	// on its next round, up to 5 s later, and finds the change then.
	started := time.Now()
	if ok, err := other.PublishConfig(with("a: 2")); !ok || err != nil {
		t.Fatalf("publish by the other client: %v %v", ok, err)
	}
	eventually(t, 8*time.Second, "the listener to see the other client's change", func() bool { l, _ := last(); return l == "a: 2" })
	t.Logf("change published right after ListenConfig seen after %v (the SDK's listen round)", time.Since(started).Round(time.Millisecond))

	// Compare-and-set: a stale md5 is refused and changes nothing; the
	// current one publishes.
	if ok, err := c.PublishConfig(vo.ConfigParam{DataId: "app.yaml", Group: "DEFAULT_GROUP", Content: "a: 3", CasMd5: md5Hex("a: 1")}); ok || err == nil {
		t.Fatalf("CAS with a stale md5: %v %v, want a refusal", ok, err)
	}
	if content, _ := c.GetConfig(key); content != "a: 2" {
		t.Fatalf("after the refused CAS: %q", content)
	}
	started = time.Now()
	if ok, err := c.PublishConfig(vo.ConfigParam{DataId: "app.yaml", Group: "DEFAULT_GROUP", Content: "a: 3", CasMd5: md5Hex("a: 2")}); !ok || err != nil {
		t.Fatalf("CAS with the current md5: %v %v", ok, err)
	}
	// Now the listen is on the server: the change is pushed
	// (ConfigChangeNotifyRequest), well before the SDK's next round.
	eventually(t, 3*time.Second, "the listener to see the CAS publish", func() bool { l, _ := last(); return l == "a: 3" })
	t.Logf("pushed change seen by the listener after %v", time.Since(started).Round(time.Millisecond))

	// Deleted: the listener is told the content is gone.
	if ok, err := other.DeleteConfig(key); !ok || err != nil {
		t.Fatalf("delete: %v %v", ok, err)
	}
	_, n := last()
	eventually(t, 5*time.Second, "the listener to see the delete", func() bool { l, m := last(); return m > n && l == "" })
	if content, err := c.GetConfig(key); err != nil || content != "" {
		t.Fatalf("get after delete: %q %v", content, err)
	}

	// Cancelled: later changes are not heard.
	if err := c.CancelListenConfig(key); err != nil {
		t.Fatalf("cancel listen: %v", err)
	}
	_, n = last()
	if ok, err := other.PublishConfig(with("a: 4")); !ok || err != nil {
		t.Fatalf("publish after cancel: %v %v", ok, err)
	}
	time.Sleep(1500 * time.Millisecond)
	if _, m := last(); m != n {
		t.Fatalf("the listener heard %d changes after it was cancelled", m-n)
	}
}

// A wrong password: the SDK builds its clients (it only logs the failed
// login), then every call is refused with the server's 403 and nothing is
// stored.
func TestNacosSDKV2WrongPasswordRefused(t *testing.T) {
	s := start(t, "", "--admin-password", adminPassword)
	logServerOnFailure(t, s)
	token := login(t, s, adminPassword)

	nc := newNamingClientV2(t, s, "nacos", "wrong")
	ok, err := nc.RegisterInstance(vo.RegisterInstanceParam{Ip: "10.0.0.9", Port: 80, ServiceName: "intruder",
		Weight: 1, Enable: true, Healthy: true, Ephemeral: true})
	t.Logf("ephemeral register with a wrong password: ok=%v err=%v", ok, err)
	if ok {
		t.Fatal("ephemeral register with a wrong password succeeded")
	}
	ok, err = nc.RegisterInstance(vo.RegisterInstanceParam{Ip: "10.0.0.9", Port: 80, ServiceName: "intruder-durable",
		Weight: 1, Enable: true, Healthy: true, Ephemeral: false})
	t.Logf("persistent (HTTP) register with a wrong password: ok=%v err=%v", ok, err)
	if ok || err == nil {
		t.Fatal("persistent register with a wrong password succeeded")
	}
	ins, err := nc.SelectAllInstances(vo.SelectAllInstancesParam{ServiceName: "intruder"})
	t.Logf("SelectAllInstances with a wrong password: %v err=%v", addrs(ins), err)
	if len(ins) != 0 {
		t.Fatalf("SelectAllInstances with a wrong password: %v", addrs(ins))
	}
	for _, svc := range []string{"intruder", "intruder-durable"} {
		if hosts := v1Hosts(t, s, token, "DEFAULT_GROUP", svc); len(hosts) != 0 {
			t.Fatalf("a refused register stored %s: %+v", svc, hosts)
		}
	}

	cc := newConfigClientV2(t, s, "nacos", "wrong")
	ok, err = cc.PublishConfig(vo.ConfigParam{DataId: "x", Group: "DEFAULT_GROUP", Content: "y"})
	t.Logf("config publish with a wrong password: ok=%v err=%v", ok, err)
	if ok || err == nil {
		t.Fatal("publish with a wrong password succeeded")
	}
	content, err := cc.GetConfig(vo.ConfigParam{DataId: "x", Group: "DEFAULT_GROUP"})
	t.Logf("config get with a wrong password: %q err=%v", content, err)
	if err == nil {
		t.Fatal("get with a wrong password answered no error")
	}
	if code, _ := authedCall(t, token, http.MethodGet, s.url("/nacos/v1/cs/configs"), url.Values{"dataId": {"x"}, "group": {"DEFAULT_GROUP"}}); code != http.StatusNotFound {
		t.Fatalf("a refused publish stored the config: %d", code)
	}
}

// goClientBinary builds test/nacos/goclient once per test binary, beside
// the causeway binary (TestMain removes that directory).
var goClientBinary = sync.OnceValues(func() (string, error) {
	bin := filepath.Join(filepath.Dir(binary), "goclient")
	out, err := exec.Command("go", "build", "-o", bin, "../nacos/goclient").CombinedOutput()
	if err != nil {
		return "", fmt.Errorf("build goclient: %w\n%s", err, out)
	}
	return bin, nil
})

// goClient is a running test/nacos/goclient: lines are what it prints.
type goClient struct {
	cmd    *exec.Cmd
	lines  chan string
	stderr *syncBuffer
}

// startGoClient runs goclient against s with the admin's credentials and
// args, and waits for it to say "registered".
func startGoClient(t *testing.T, s *server, args ...string) *goClient {
	t.Helper()
	bin, err := goClientBinary()
	if err != nil {
		t.Fatal(err)
	}
	_, grpcPort := splitHostPort(t, s.nacosGRPCAddr)
	args = append([]string{"-addr", s.addr, "-grpc-port", strconv.Itoa(grpcPort), "-user", "nacos",
		"-password", adminPassword, "-dir", t.TempDir()}, args...)
	g := &goClient{cmd: exec.Command(bin, args...), lines: make(chan string, 100), stderr: &syncBuffer{}}
	stdout, err := g.cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	g.cmd.Stderr = g.stderr
	if err := g.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = g.cmd.Process.Kill(); _ = g.cmd.Wait() })
	go func() {
		sc := bufio.NewScanner(stdout)
		for sc.Scan() {
			g.lines <- sc.Text()
		}
		close(g.lines)
	}()
	if l := g.next(t, 30*time.Second); l != "registered" {
		t.Fatalf("goclient said %q: %s", l, g.stderr.String())
	}
	return g
}

// next answers the next line goclient prints.
func (g *goClient) next(t *testing.T, timeout time.Duration) string {
	t.Helper()
	select {
	case l, ok := <-g.lines:
		if !ok {
			t.Fatalf("goclient exited: %s", g.stderr.String())
		}
		return l
	case <-time.After(timeout):
		t.Fatalf("goclient said nothing in %v: %s", timeout, g.stderr.String())
		return ""
	}
}

// waitPush waits for goclient (with -subscribe) to print the push want.
func (g *goClient) waitPush(t *testing.T, timeout time.Duration, want string) {
	t.Helper()
	deadline := time.Now().Add(timeout)
	var seen []string
	for {
		left := time.Until(deadline)
		if left <= 0 {
			t.Fatalf("goclient did not print %q in %v; it printed %q", want, timeout, seen)
		}
		select {
		case l, ok := <-g.lines:
			if !ok {
				t.Fatalf("goclient exited: %s", g.stderr.String())
			}
			if l == want {
				return
			}
			seen = append(seen, l)
		case <-time.After(left):
		}
	}
}

// A Go application registered through the SDK is killed with SIGKILL: its
// ephemeral instances leave as soon as the server sees its connection
// close, and its subscribers are told.
func TestNacosSDKV2KilledClient(t *testing.T) {
	s := start(t, "", "--admin-password", adminPassword)
	logServerOnFailure(t, s)
	token := login(t, s, adminPassword)

	watcher := newNamingClientV2(t, s, "nacos", adminPassword, constant.WithUpdateCacheWhenEmpty(true))
	var seen pushes
	if err := watcher.Subscribe(&vo.SubscribeParam{ServiceName: "victim", SubscribeCallback: seen.callback}); err != nil {
		t.Fatalf("subscribe: %v", err)
	}

	proc := startGoClient(t, s, "-service", "victim", "-instances", "10.9.0.1:80,10.9.0.2:80")
	seen.wait(t, 5*time.Second, "the push of the client's instances", func(m map[string]model.Instance) bool { return len(m) == 2 })
	if hosts := v1Hosts(t, s, token, "DEFAULT_GROUP", "victim"); len(hosts) != 2 {
		t.Fatalf("v1 list before the kill: %+v", hosts)
	}

	killed := time.Now()
	if err := proc.cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	var gone, pushed time.Duration
	deadline := killed.Add(30 * time.Second)
	for time.Now().Before(deadline) && (gone == 0 || pushed == 0) {
		if gone == 0 && len(v1Hosts(t, s, token, "DEFAULT_GROUP", "victim")) == 0 {
			gone = time.Since(killed)
		}
		if pushed == 0 {
			seen.mu.Lock()
			if n := len(seen.seen); n > 0 && len(seen.seen[n-1]) == 0 {
				pushed = time.Since(killed)
			}
			seen.mu.Unlock()
		}
		time.Sleep(10 * time.Millisecond)
	}
	if gone == 0 || pushed == 0 {
		t.Fatalf("30 s after kill -9: instances gone after %v, subscriber told after %v\n%s", gone, pushed, seen.String())
	}
	t.Logf("kill -9 to removal from the registry: %v; to the subscriber's push: %v", gone.Round(time.Millisecond), pushed.Round(time.Millisecond))
	// The kernel closes a killed process's sockets, so the server sees the
	// transport end at once; anything near the 20 s idle probe would mean
	// the close went unnoticed.
	if gone > 5*time.Second {
		t.Fatalf("the killed client's instances stayed %v", gone)
	}
}

// A sidecar Envoy routes to an instance the Go SDK registered over gRPC,
// and stops when the SDK deregisters it.
func TestNacosSDKV2InstanceInEnvoy(t *testing.T) {
	envoyBinary(t) // skip early, before the server starts
	s := start(t, "", "--admin-password", adminPassword)
	logServerOnFailure(t, s)

	up := startUpstream(t, "127.0.0.1", 0, "echo-sdkv2")
	c := newNamingClientV2(t, s, "nacos", adminPassword)
	ok, err := c.RegisterInstance(vo.RegisterInstanceParam{Ip: "127.0.0.1", Port: uint64(up.port), ServiceName: "echo",
		Weight: 1, Enable: true, Healthy: true, Ephemeral: true})
	if !ok || err != nil {
		t.Fatalf("register: %v %v", ok, err)
	}
	outbound := freePort(t, "127.0.0.1")
	md := map[string]string{
		"causeway.role":             "sidecar",
		"causeway.namespace":        "public",
		"causeway.app":              "DEFAULT_GROUP",
		"causeway.outbound_port":    strconv.Itoa(outbound),
		"causeway.outbound_address": "127.0.0.1",
	}
	e := startEnvoy(t, envoyOptions{XDSAddr: s.xdsAddr, Delta: true, Metadata: md, Token: xdsToken(t, s, md)})
	listen := net.JoinHostPort("127.0.0.1", strconv.Itoa(outbound))
	waitAnswers(t, listen, "echo", 10*time.Second, "the sidecar to route to the SDK's instance", func(p proxyAnswer) bool {
		return p.err == nil && p.status == http.StatusOK && p.upstream == up.id
	})
	eps, found := e.endpoints(t, "outbound|||echo.DEFAULT_GROUP.public")
	if !found || len(eps) != 1 || eps[0].Port != up.port || eps[0].Health != "HEALTHY" {
		t.Fatalf("EDS: %+v (found %v)", eps, found)
	}

	ok, err = c.DeregisterInstance(vo.DeregisterInstanceParam{Ip: "127.0.0.1", Port: uint64(up.port), ServiceName: "echo", Ephemeral: true})
	if !ok || err != nil {
		t.Fatalf("deregister: %v %v", ok, err)
	}
	waitAnswers(t, listen, "echo", 5*time.Second, "the sidecar to stop routing to the deregistered instance", func(p proxyAnswer) bool {
		return p.err == nil && p.status == http.StatusServiceUnavailable
	})
	if n := e.rejectedUpdates(t); n != 0 {
		t.Fatalf("envoy rejected %d updates: %v", n, e.rejectedStats(t))
	}
}

// A client in a namespace of its own (never created: Nacos takes any
// namespace id from the SDKs) and a subscription to one cluster: the
// pushes carry that cluster's instances only, under the cluster string the
// SDK keys its cache by; configs live in the client's namespace.
func TestNacosSDKV2NamespaceAndClusters(t *testing.T) {
	s := start(t, "", "--admin-password", adminPassword)
	logServerOnFailure(t, s)
	token := login(t, s, adminPassword)
	inDev := constant.WithNamespaceId("dev")

	sub := newNamingClientV2(t, s, "nacos", adminPassword, inDev)
	var east pushes
	if err := sub.Subscribe(&vo.SubscribeParam{ServiceName: "pay", GroupName: "shop", Clusters: []string{"east"},
		SubscribeCallback: east.callback}); err != nil {
		t.Fatalf("subscribe: %v", err)
	}
	pub := newNamingClientV2(t, s, "nacos", adminPassword, inDev)
	ok, err := pub.BatchRegisterInstance(vo.BatchRegisterInstanceParam{ServiceName: "pay", GroupName: "shop", Instances: []vo.RegisterInstanceParam{
		{Ip: "10.2.0.1", Port: 80, ClusterName: "east", Weight: 1, Enable: true, Healthy: true, Ephemeral: true},
		{Ip: "10.2.0.2", Port: 80, ClusterName: "west", Weight: 1, Enable: true, Healthy: true, Ephemeral: true},
	}})
	if !ok || err != nil {
		t.Fatalf("batch register in dev: %v %v", ok, err)
	}
	east.wait(t, 5*time.Second, "the push of cluster east", func(m map[string]model.Instance) bool {
		_, there := m["10.2.0.1:80"]
		return len(m) == 1 && there
	})
	all, err := sub.SelectAllInstances(vo.SelectAllInstancesParam{ServiceName: "pay", GroupName: "shop"})
	if err != nil || len(all) != 2 {
		t.Fatalf("SelectAllInstances in dev: %v %v", addrs(all), err)
	}
	list, err := sub.GetAllServicesInfo(vo.GetAllServiceInfoParam{GroupName: "shop", PageNo: 1, PageSize: 10})
	if err != nil || list.Count != 1 || len(list.Doms) != 1 || list.Doms[0] != "pay" {
		t.Fatalf("GetAllServicesInfo in dev/shop: %+v %v", list, err)
	}
	code, body := authedCall(t, token, http.MethodGet, s.url("/nacos/v1/ns/instance/list"),
		url.Values{"serviceName": {"pay"}, "groupName": {"shop"}, "namespaceId": {"dev"}, "clusters": {"west"}})
	if code != http.StatusOK || !strings.Contains(body, `"ip":"10.2.0.2"`) || strings.Contains(body, `"ip":"10.2.0.1"`) {
		t.Fatalf("v1 list of dev/shop/pay, cluster west: %d %s", code, body)
	}
	if hosts := v1Hosts(t, s, token, "shop", "pay"); len(hosts) != 0 {
		t.Fatalf("the dev instances show in public: %+v", hosts)
	}

	cfg, err := clients.NewConfigClient(v2Param(t, s, "nacos", adminPassword, inDev))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(cfg.CloseClient)
	if ok, err := cfg.PublishConfig(vo.ConfigParam{DataId: "pay.properties", Group: "shop", Content: "x=1"}); !ok || err != nil {
		t.Fatalf("publish in dev: %v %v", ok, err)
	}
	if content, err := cfg.GetConfig(vo.ConfigParam{DataId: "pay.properties", Group: "shop"}); err != nil || content != "x=1" {
		t.Fatalf("get in dev: %q %v", content, err)
	}
	code, body = authedCall(t, token, http.MethodGet, s.url("/nacos/v1/cs/configs"), url.Values{"dataId": {"pay.properties"}, "group": {"shop"}, "tenant": {"dev"}})
	if code != http.StatusOK || body != "x=1" {
		t.Fatalf("the dev config over HTTP: %d %q", code, body)
	}
	if code, _ := authedCall(t, token, http.MethodGet, s.url("/nacos/v1/cs/configs"), url.Values{"dataId": {"pay.properties"}, "group": {"shop"}}); code != http.StatusNotFound {
		t.Fatalf("the dev config shows in public: %d", code)
	}
}

// restartSame runs causeway again on the data directory and every address
// of s, which must have stopped: clients configured with those addresses
// reconnect to it.
func restartSame(t *testing.T, s *server, extra ...string) *server {
	t.Helper()
	n := &server{t: t, dataDir: s.dataDir, addr: s.addr, xdsAddr: s.xdsAddr, http2rpcAddr: s.http2rpcAddr,
		nacosGRPCAddr: s.nacosGRPCAddr, out: &syncBuffer{}, done: make(chan error, 1)}
	args := append([]string{"serve", "--data-dir", n.dataDir, "--http-addr", n.addr, "--xds-addr", n.xdsAddr,
		"--http2rpc-addr", n.http2rpcAddr, "--nacos-grpc-addr", n.nacosGRPCAddr}, extra...)
	n.cmd = exec.Command(binary, args...)
	n.cmd.Stdout, n.cmd.Stderr = n.out, n.out
	if err := n.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() { n.done <- n.cmd.Wait() }()
	t.Cleanup(n.stop)
	n.waitReady()
	return n
}

// The server restarts under running SDK clients: they reconnect, register
// their ephemeral instances and subscriptions again on the new
// connections, which own them from then on. The clients run as goclient
// processes: the SDK's reconnection has data races of its own that the
// race detector would report in the test binary.
func TestNacosSDKV2ServerRestart(t *testing.T) {
	s := start(t, "", "--admin-password", adminPassword)
	logServerOnFailure(t, s)

	watcher := startGoClient(t, s, "-service", "phoenix", "-subscribe")
	owner := startGoClient(t, s, "-service", "phoenix", "-instances", "10.3.0.1:80")
	watcher.waitPush(t, 5*time.Second, "push 10.3.0.1:80")
	before := publishers(t, s, login(t, s, adminPassword), "phoenix")["10.3.0.1:80"]

	s.stop()
	down := time.Now()
	s2 := restartSame(t, s, "--admin-password", adminPassword)
	logServerOnFailure(t, s2)
	token := login(t, s2, adminPassword)

	// The watcher subscribed again: a change after the restart reaches it.
	eventually(t, 20*time.Second, "both clients to connect again", func() bool {
		code, body := authedCall(t, token, http.MethodGet, s2.url("/nacos/v2/ns/client/list"), nil)
		return code == http.StatusOK && strings.Count(body, "_127.0.0.1_") >= 2
	})
	t.Logf("both clients connected again %v after the server went down", time.Since(down).Round(time.Millisecond))
	if code, body := authedCall(t, token, http.MethodPost, s2.url("/nacos/v1/ns/instance"), url.Values{"serviceName": {"phoenix"},
		"ip": {"10.3.0.9"}, "port": {"80"}, "ephemeral": {"true"}}); code != http.StatusOK {
		t.Fatalf("register over HTTP after the restart: %d %s", code, body)
	}
	watcher.waitPush(t, 10*time.Second, "push 10.3.0.1:80 10.3.0.9:80")

	// The owner registered again on its new connection (the shutdown left
	// its instance in place, so the watcher's list does not tell): killed,
	// its instance goes at once, not at the sweep of the connections from
	// before the restart (30 s).
	eventually(t, 20*time.Second, "the owner to register again on its new connection", func() bool {
		now := publishers(t, s2, token, "phoenix")["10.3.0.1:80"]
		return now != "" && now != before
	})
	if err := owner.cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	killed := time.Now()
	watcher.waitPush(t, 5*time.Second, "push 10.3.0.9:80")
	if d := time.Since(killed); d > 3*time.Second {
		t.Fatalf("the owner's instance went %v after it was killed", d)
	}
	if hosts := v1Hosts(t, s2, token, "DEFAULT_GROUP", "phoenix"); len(hosts) != 1 {
		t.Fatalf("v1 list after the owner was killed: %+v", hosts)
	}
}
