package e2e

import (
	"context"
	"crypto/md5"
	"encoding/hex"
	"encoding/json"
	"io"
	"net"
	"net/http"
	"net/url"
	"os/exec"
	"strconv"
	"strings"
	"testing"
	"time"
)

// The real Nacos Java SDK, com.alibaba.nacos:nacos-client 2.5.1, against
// the real binary over the Nacos 2 gRPC protocol, authentication on: what a
// Java team does with it (register, discover, subscribe, config) works
// unchanged, and what it does is what the HTTP APIs, ServiceComb and a real
// Envoy sidecar see.
//
// One JVM holds every client but the one killed with SIGKILL, which has a
// JVM of its own; both start at once.
func TestNacosJavaSDK(t *testing.T) {
	t.Parallel() // with TestNacosJavaSDKPausedClientComesBack, which mostly waits
	s := start(t, "", "--admin-password", adminPassword)
	logServerOnFailure(t, s)
	token := login(t, s, adminPassword)

	j := launchJava(t, s, "java-main")
	victim := launchJava(t, s, "java-victim")
	t.Logf("JVM start to READY: %v (main), %v (victim, started at once)", j.waitReady().Round(time.Millisecond),
		victim.waitReady().Round(time.Millisecond))

	// Each step builds on the state the ones before left: stop at the
	// first that fails.
	step := func(name string, f func(t *testing.T)) {
		if !t.Run(name, f) {
			t.FailNow()
		}
	}
	top := t
	creds := map[string]any{"username": "nacos", "password": adminPassword}
	with := func(m map[string]any, kv ...any) map[string]any {
		out := map[string]any{}
		for k, v := range m {
			out[k] = v
		}
		for i := 0; i+1 < len(kv); i += 2 {
			out[kv[i].(string)] = kv[i+1]
		}
		return out
	}

	// Connect: each naming client is a gRPC connection, set up (the SDK
	// waits for SetupAckRequest) and told that persistent instances go
	// over gRPC too.
	step("connect", func(t *testing.T) {
		for _, c := range []string{"a", "b", "sub"} {
			a := j.call(t, "naming", with(creds, "client", c))
			var st clientState
			if !a.OK || json.Unmarshal(a.Result, &st) != nil {
				t.Fatalf("naming client %s: %v", c, a)
			}
			if st.Status != "UP" || !st.Running || st.Module != "naming" || !st.PersistentByGrpc || st.SDK != "Nacos-Java-Client:v2.5.1" {
				t.Fatalf("naming client %s: %+v, want UP, running, module naming, persistent instances by gRPC, SDK 2.5.1", c, st)
			}
			t.Logf("naming client %s: created and connected in %d ms", c, a.MS)
		}
	})

	upA := startUpstream(t, "127.0.0.1", 0, "java-a")
	upB := startUpstream(t, "127.0.0.1", 0, "java-b")
	const svc = "orders"

	// Two connections publish one instance each (a single register, a
	// batch); a third subscribes and is pushed every change.
	step("register and subscribe", func(t *testing.T) {
		j.must(t, "subscribe", map[string]any{"client": "sub", "service": svc})
		j.must(t, "register", map[string]any{"client": "a", "service": svc, "ip": "127.0.0.1", "port": upA.port,
			"weight": 1, "metadata": map[string]string{"version": "1.0.0"}})
		ev := j.waitPush(t, "sub", svc, "a push of "+upA.addr, func(h map[string]javaHost) bool { return len(h) == 1 })
		h := ev.Hosts[0]
		if h.addr() != upA.addr || h.Weight != 1 || !h.Healthy || !h.Enabled || !h.Ephemeral || h.Cluster != "DEFAULT" ||
			h.ServiceName != "DEFAULT_GROUP@@orders" || h.Metadata["version"] != "1.0.0" ||
			h.InstanceID != "127.0.0.1#"+strconv.Itoa(upA.port)+"#DEFAULT#DEFAULT_GROUP@@orders" {
			t.Fatalf("pushed instance %+v", h)
		}
		j.must(t, "batchRegister", map[string]any{"client": "b", "service": svc, "instances": []map[string]any{
			{"ip": "127.0.0.1", "port": upB.port, "weight": 3, "metadata": map[string]string{"version": "1.1.0"}}}})
		j.waitPush(t, "sub", svc, "a push of both instances", func(h map[string]javaHost) bool {
			return len(h) == 2 && h[upA.addr].Weight == 1 && h[upB.addr].Weight == 3
		})
		// Queries without subscribing (ServiceQueryRequest) and the SDK's
		// healthy selection.
		for _, op := range []string{"getAll", "select"} {
			hs := javaByAddr(j.hosts(t, op, map[string]any{"client": "a", "service": svc, "healthy": true}))
			if len(hs) != 2 || hs[upA.addr].Metadata["version"] != "1.0.0" || hs[upB.addr].Metadata["version"] != "1.1.0" {
				t.Fatalf("%s: %+v, want both instances", op, hs)
			}
		}
		var list struct {
			Count int      `json:"count"`
			Names []string `json:"names"`
		}
		if err := json.Unmarshal(j.must(t, "services", map[string]any{"client": "a"}), &list); err != nil ||
			list.Count < 1 || !contains(list.Names, svc) {
			t.Fatalf("getServicesOfServer: %+v %v, want %s", list, err, svc)
		}
	})

	// What the Java clients registered is what the other dialects see.
	step("cross-check HTTP APIs and ServiceComb", func(t *testing.T) {
		for _, path := range []string{"/nacos/v1/ns/instance/list", "/nacos/v2/ns/instance/list"} {
			hs := listWithToken(t, s, path, token, svc)
			if len(hs) != 2 || hs[upA.addr].Weight != 1 || hs[upB.addr].Weight != 3 || !hs[upA.addr].Healthy ||
				!hs[upA.addr].Ephemeral || hs[upB.addr].Metadata["version"] != "1.1.0" {
				t.Fatalf("%s: %+v, want both Java instances", path, hs)
			}
		}
		eps := scFind(t, s, token, svc)
		if len(eps) != 2 || eps["rest://"+upA.addr] != "1.0.0" || eps["rest://"+upB.addr] != "1.1.0" {
			t.Fatalf("ServiceComb find of %s: %v, want rest://%s (1.0.0) and rest://%s (1.1.0)", svc, eps, upA.addr, upB.addr)
		}
	})

	// A sidecar routes to the instances the Java clients registered, and
	// stops routing to one its client deregisters.
	step("envoy sidecar", func(t *testing.T) {
		envoyBinary(t)
		outbound := freePort(t, "127.0.0.1")
		md := map[string]string{
			"causeway.role": "sidecar", "causeway.namespace": "public", "causeway.app": "DEFAULT_GROUP",
			"causeway.outbound_port": strconv.Itoa(outbound), "causeway.outbound_address": "127.0.0.1",
		}
		e := startEnvoy(t, envoyOptions{XDSAddr: s.xdsAddr, Delta: true, Metadata: md, Token: xdsToken(t, s, md)})
		listen := net.JoinHostPort("127.0.0.1", strconv.Itoa(outbound))
		seen := map[string]bool{}
		eventually(t, 10*time.Second, "the sidecar to reach both Java-registered instances", func() bool {
			if p := proxyGet(listen, svc); p.err == nil && p.status == http.StatusOK {
				seen[p.upstream] = true
			}
			return seen[upA.id] && seen[upB.id]
		})
		eps, ok := e.endpoints(t, "outbound|||orders.DEFAULT_GROUP.public")
		if !ok || len(eps) != 2 {
			t.Fatalf("EDS: %+v (found %v), want the two instances", eps, ok)
		}
		w := map[int]int{}
		for _, ep := range eps {
			if ep.Address != "127.0.0.1" || ep.Health != "HEALTHY" {
				t.Fatalf("EDS: %+v, want 127.0.0.1, HEALTHY", eps)
			}
			w[ep.Port] = ep.Weight
		}
		if w[upA.port] <= 0 || w[upB.port] != 3*w[upA.port] {
			t.Fatalf("EDS: %+v, want %d and %d weighted 1:3 as registered", eps, upA.port, upB.port)
		}
		// b withdraws its instance (batch deregister), then registers it again.
		j.must(t, "batchDeregister", map[string]any{"client": "b", "service": svc, "instances": []map[string]any{
			{"ip": "127.0.0.1", "port": upB.port}}})
		waitAnswers(t, listen, svc, 5*time.Second, "every request to go to "+upA.id, func(p proxyAnswer) bool {
			return p.err == nil && p.status == http.StatusOK && p.upstream == upA.id
		})
		j.must(t, "batchRegister", map[string]any{"client": "b", "service": svc, "instances": []map[string]any{
			{"ip": "127.0.0.1", "port": upB.port, "weight": 3, "metadata": map[string]string{"version": "1.1.0"}}}})
		clear(seen)
		eventually(t, 10*time.Second, "the sidecar to reach the re-registered instance", func() bool {
			if p := proxyGet(listen, svc); p.err == nil && p.status == http.StatusOK {
				seen[p.upstream] = true
			}
			return seen[upB.id]
		})
		if n := e.rejectedUpdates(t); n != 0 {
			t.Fatalf("envoy rejected %d updates: %v", n, e.rejectedStats(t))
		}
	})

	// Changes made elsewhere (the HTTP API, the owning client) reach the
	// subscriber: weight, health, enabled.
	step("pushes of changes", func(t *testing.T) {
		update := url.Values{"serviceName": {svc}, "ip": {"127.0.0.1"}, "port": {strconv.Itoa(upA.port)},
			"ephemeral": {"true"}, "weight": {"5"}, "accessToken": {token}}
		if code, body := call(t, http.MethodPut, s.url("/nacos/v1/ns/instance"), update); code != http.StatusOK || body != "ok" {
			t.Fatalf("v1 update weight: %d %s", code, body)
		}
		j.waitPush(t, "sub", svc, "weight 5 pushed", func(h map[string]javaHost) bool {
			return len(h) == 2 && h[upA.addr].Weight == 5
		})
		// The owner reports its instance unhealthy.
		j.must(t, "register", map[string]any{"client": "a", "service": svc, "ip": "127.0.0.1", "port": upA.port,
			"weight": 5, "healthy": false, "metadata": map[string]string{"version": "1.0.0"}})
		j.waitPush(t, "sub", svc, "unhealthy pushed", func(h map[string]javaHost) bool {
			return len(h) == 2 && !h[upA.addr].Healthy && h[upB.addr].Healthy
		})
		if hs := javaByAddr(j.hosts(t, "select", map[string]any{"client": "sub", "service": svc, "healthy": true, "subscribe": true})); len(hs) != 1 || hs[upB.addr].Port == 0 {
			t.Fatalf("selectInstances(healthy) from the subscription: %+v, want only %s", hs, upB.addr)
		}
		// Disabled through the v2 API: subscribers no longer get it.
		disable := url.Values{"serviceName": {svc}, "ip": {"127.0.0.1"}, "port": {strconv.Itoa(upB.port)},
			"ephemeral": {"true"}, "weight": {"3"}, "enabled": {"false"}, "accessToken": {token}}
		if code, body := call(t, http.MethodPut, s.url("/nacos/v2/ns/instance"), disable); code != http.StatusOK {
			t.Fatalf("v2 disable: %d %s", code, body)
		}
		j.waitPush(t, "sub", svc, "the disabled instance gone", func(h map[string]javaHost) bool {
			return len(h) == 1 && h[upA.addr].Port != 0
		})
		disable.Set("enabled", "true")
		if code, body := call(t, http.MethodPut, s.url("/nacos/v2/ns/instance"), disable); code != http.StatusOK {
			t.Fatalf("v2 enable: %d %s", code, body)
		}
		j.waitPush(t, "sub", svc, "the enabled instance back", func(h map[string]javaHost) bool { return len(h) == 2 })
		// Healthy again.
		j.must(t, "register", map[string]any{"client": "a", "service": svc, "ip": "127.0.0.1", "port": upA.port,
			"weight": 5, "healthy": true, "metadata": map[string]string{"version": "1.0.0"}})
		j.waitPush(t, "sub", svc, "healthy again", func(h map[string]javaHost) bool {
			return len(h) == 2 && h[upA.addr].Healthy
		})
		// A burst of changes: the subscriber ends with the last one.
		for w := 10; w <= 30; w++ {
			j.must(t, "batchRegister", map[string]any{"client": "b", "service": svc, "instances": []map[string]any{
				{"ip": "127.0.0.1", "port": upB.port, "weight": w, "metadata": map[string]string{"version": "1.1.0"}}}})
		}
		j.waitPush(t, "sub", svc, "the last of a burst", func(h map[string]javaHost) bool {
			return len(h) == 2 && h[upB.addr].Weight == 30
		})
	})

	// A big service: 500 instances in one batch, pushed whole.
	step("big service", func(t *testing.T) {
		const big = "fleet"
		var instances []map[string]any
		for i := range 500 {
			instances = append(instances, map[string]any{"ip": "10.1." + strconv.Itoa(i/250) + "." + strconv.Itoa(i%250+1),
				"port": 8080, "metadata": map[string]string{"zone": "zone-" + strconv.Itoa(i%3), "version": "2.0.0"}})
		}
		j.must(t, "subscribe", map[string]any{"client": "sub", "service": big})
		j.must(t, "batchRegister", map[string]any{"client": "b", "service": big, "instances": instances})
		j.waitPush(t, "sub", big, "500 instances", func(h map[string]javaHost) bool { return len(h) == 500 })
		if hs := listWithToken(t, s, "/nacos/v1/ns/instance/list", token, big); len(hs) != 500 {
			t.Fatalf("v1 list of %s: %d instances, want 500", big, len(hs))
		}
		j.must(t, "batchDeregister", map[string]any{"client": "b", "service": big, "instances": instances})
		j.waitPush(t, "sub", big, "no instance", func(h map[string]javaHost) bool { return len(h) == 0 })
	})

	// Deregistration, single and batch, down to an empty service.
	step("deregister", func(t *testing.T) {
		j.must(t, "deregister", map[string]any{"client": "a", "service": svc, "ip": "127.0.0.1", "port": upA.port})
		j.waitPush(t, "sub", svc, "only "+upB.addr, func(h map[string]javaHost) bool {
			return len(h) == 1 && h[upB.addr].Port != 0
		})
		j.must(t, "batchDeregister", map[string]any{"client": "b", "service": svc, "instances": []map[string]any{
			{"ip": "127.0.0.1", "port": upB.port}}})
		j.waitPush(t, "sub", svc, "no instance", func(h map[string]javaHost) bool { return len(h) == 0 })
		if hs := listWithToken(t, s, "/nacos/v1/ns/instance/list", token, svc); len(hs) != 0 {
			t.Fatalf("v1 list after deregistering: %+v", hs)
		}
	})

	// Persistent instances: the server advertised
	// supportPersistentInstanceByGrpc, so the SDK sends them as
	// PersistentInstanceRequest (NamingClientProxyDelegate picks its gRPC
	// proxy when the connection has that ability, and the two proxies log
	// the registration differently: "with instance {}" over gRPC, "with
	// instance: {}" over HTTP). Their health is set by hand through the
	// HTTP API. Two of them: with the protect threshold at 0, a service
	// whose every instance is unhealthy is answered all healthy.
	step("persistent instances over gRPC", func(t *testing.T) {
		const durable = "ledger"
		j.must(t, "subscribe", map[string]any{"client": "sub", "service": durable})
		for _, port := range []int{9090, 9091} {
			j.must(t, "register", map[string]any{"client": "a", "service": durable, "ip": "127.0.0.1", "port": port,
				"ephemeral": false})
		}
		j.waitPush(t, "sub", durable, "the persistent instances", func(h map[string]javaHost) bool {
			return len(h) == 2 && !h["127.0.0.1:9090"].Ephemeral && h["127.0.0.1:9090"].Healthy &&
				!h["127.0.0.1:9091"].Ephemeral && h["127.0.0.1:9091"].Healthy
		})
		log := j.sdkLog()
		if !strings.Contains(log, "registering service "+durable+" with instance Instance{") ||
			strings.Contains(log, "registering service "+durable+" with instance: ") {
			t.Fatalf("the SDK did not register %s through its gRPC proxy (see its log)", durable)
		}
		if hs := listWithToken(t, s, "/nacos/v1/ns/instance/list", token, durable); len(hs) != 2 || hs["127.0.0.1:9090"].Ephemeral {
			t.Fatalf("v1 list of %s: %+v, want two persistent instances", durable, hs)
		}
		health := url.Values{"serviceName": {durable}, "ip": {"127.0.0.1"}, "port": {"9090"}, "healthy": {"false"},
			"accessToken": {token}}
		if code, body := call(t, http.MethodPut, s.url("/nacos/v1/ns/health/instance"), health); code != http.StatusOK {
			t.Fatalf("v1 health: %d %s", code, body)
		}
		j.waitPush(t, "sub", durable, "unhealthy pushed", func(h map[string]javaHost) bool {
			return len(h) == 2 && !h["127.0.0.1:9090"].Healthy && h["127.0.0.1:9091"].Healthy
		})
		for _, port := range []int{9090, 9091} {
			j.must(t, "deregister", map[string]any{"client": "a", "service": durable, "ip": "127.0.0.1", "port": port,
				"ephemeral": false})
		}
		j.waitPush(t, "sub", durable, "no instance", func(h map[string]javaHost) bool { return len(h) == 0 })
		// A service holds one kind: a persistent instance of the ephemeral
		// service orders is refused, and the SDK throws it.
		a := j.call(t, "register", map[string]any{"client": "a", "service": svc, "ip": "127.0.0.1", "port": 9092,
			"ephemeral": false})
		if a.OK || a.Code != 400 {
			t.Fatalf("a persistent instance of an ephemeral service: %v, want refused with 400", a)
		}
		t.Logf("a persistent instance of an ephemeral service: the SDK throws NacosException %d %q", a.Code, a.Error)
	})

	// A JVM killed with SIGKILL: its ephemeral instances leave as soon as
	// the server sees its connection close, and subscribers are told.
	step("kill -9", func(t *testing.T) {
		const lost = "inventory"
		victim.must(t, "naming", with(creds, "client", "v"))
		victim.must(t, "batchRegister", map[string]any{"client": "v", "service": lost, "instances": []map[string]any{
			{"ip": "127.0.0.1", "port": 7001}, {"ip": "127.0.0.1", "port": 7002}}})
		j.must(t, "subscribe", map[string]any{"client": "sub", "service": lost})
		j.waitPush(t, "sub", lost, "the victim's two instances", func(h map[string]javaHost) bool { return len(h) == 2 })
		killed := time.Now()
		victim.kill()
		ev := j.waitPush(t, "sub", lost, "the victim's instances gone", func(h map[string]javaHost) bool { return len(h) == 0 })
		if hs := listWithToken(t, s, "/nacos/v1/ns/instance/list", token, lost); len(hs) != 0 {
			t.Fatalf("v1 list after the kill: %+v", hs)
		}
		gone := ev.At.Sub(killed)
		t.Logf("kill -9 to the subscriber's push without the instances: %v", gone.Round(time.Millisecond))
		if gone > 5*time.Second {
			t.Fatalf("the killed client's instances took %v to leave, want under 5s (the server sees the TCP connection close)", gone)
		}
	})

	// Config: publish, get, listen (changes from the SDK and from the HTTP
	// API both reach the listener), compare-and-set, remove.
	step("config", func(t *testing.T) {
		a := j.call(t, "config", with(creds, "client", "cfg"))
		if !a.OK {
			t.Fatalf("config client: %v", a)
		}
		t.Logf("config client created in %d ms", a.MS)
		const dataID = "app.yaml"
		j.must(t, "listen", map[string]any{"client": "cfg", "dataId": dataID})
		if ok := j.must(t, "publish", map[string]any{"client": "cfg", "dataId": dataID, "content": "a: 1", "type": "yaml"}); string(ok) != "true" {
			t.Fatalf("publishConfig: %s", ok)
		}
		j.waitConfig(t, "cfg", dataID, "a: 1 heard", func(c *string) bool { return c != nil && *c == "a: 1" })
		if got := j.must(t, "get", map[string]any{"client": "cfg", "dataId": dataID}); string(got) != `"a: 1"` {
			t.Fatalf("getConfig: %s", got)
		}
		// What the SDK published is what the HTTP API serves, type included.
		code, body := call(t, http.MethodGet, s.url("/nacos/v1/cs/configs"), url.Values{"dataId": {dataID},
			"group": {"DEFAULT_GROUP"}, "accessToken": {token}, "show": {"all"}})
		if code != http.StatusOK || !strings.Contains(body, `"content":"a: 1"`) || !strings.Contains(body, `"type":"yaml"`) {
			t.Fatalf("v1 config detail: %d %s", code, body)
		}
		// A change through the HTTP API reaches the Java listener.
		pub := url.Values{"dataId": {dataID}, "group": {"DEFAULT_GROUP"}, "content": {"a: 2"}, "type": {"yaml"},
			"accessToken": {token}}
		if code, body := call(t, http.MethodPost, s.url("/nacos/v1/cs/configs"), pub); code != http.StatusOK || body != "true" {
			t.Fatalf("v1 publish: %d %s", code, body)
		}
		j.waitConfig(t, "cfg", dataID, "a: 2 heard", func(c *string) bool { return c != nil && *c == "a: 2" })
		// Compare-and-set: a stale md5 is refused, the current one wins.
		if ok := j.call(t, "publish", map[string]any{"client": "cfg", "dataId": dataID, "content": "a: 3", "type": "yaml",
			"casMd5": md5hex("a: 1")}); ok.OK && string(ok.Result) != "false" {
			t.Fatalf("publishConfigCas with a stale md5: %v, want false or an error", ok)
		}
		if ok := j.must(t, "publish", map[string]any{"client": "cfg", "dataId": dataID, "content": "a: 3", "type": "yaml",
			"casMd5": md5hex("a: 2")}); string(ok) != "true" {
			t.Fatalf("publishConfigCas with the current md5: %s", ok)
		}
		j.waitConfig(t, "cfg", dataID, "a: 3 heard", func(c *string) bool { return c != nil && *c == "a: 3" })
		if ok := j.must(t, "remove", map[string]any{"client": "cfg", "dataId": dataID}); string(ok) != "true" {
			t.Fatalf("removeConfig: %s", ok)
		}
		j.waitConfig(t, "cfg", dataID, "the removal heard", func(c *string) bool { return c == nil })
		if got := j.must(t, "get", map[string]any{"client": "cfg", "dataId": dataID}); string(got) != "null" {
			t.Fatalf("getConfig after removal: %s, want null", got)
		}
		j.must(t, "unlisten", map[string]any{"client": "cfg", "dataId": dataID})

		// Content beyond ASCII, and a big one (just over 64 KiB, so it is
		// stored as a chunked blob; the limit is Nacos's 10 MiB): it comes back whole,
		// and the md5 the server keeps is the one the SDK computes (of the
		// UTF-8 bytes) and sends in its listens.
		const intl = "i18n.properties"
		content := "名字=值 ✓ ünïcødé 🚀\n" + strings.Repeat("k=v\n", 16<<10)
		j.must(t, "listen", map[string]any{"client": "cfg", "dataId": intl})
		if ok := j.must(t, "publish", map[string]any{"client": "cfg", "dataId": intl, "content": content, "type": "properties"}); string(ok) != "true" {
			t.Fatalf("publishConfig of %d bytes: %s", len(content), ok)
		}
		j.waitConfig(t, "cfg", intl, "the unicode content heard", func(c *string) bool { return c != nil && *c == content })
		code, body = call(t, http.MethodGet, s.url("/nacos/v1/cs/configs"), url.Values{"dataId": {intl},
			"group": {"DEFAULT_GROUP"}, "accessToken": {token}, "show": {"all"}})
		var detail struct {
			Content string `json:"content"`
			MD5     string `json:"md5"`
		}
		if code != http.StatusOK || json.Unmarshal([]byte(body), &detail) != nil || detail.Content != content || detail.MD5 != md5hex(content) {
			t.Fatalf("v1 config detail of %s: %d, md5 %s, want %s and the content as published", intl, code, detail.MD5, md5hex(content))
		}
		j.must(t, "remove", map[string]any{"client": "cfg", "dataId": intl})
		j.must(t, "unlisten", map[string]any{"client": "cfg", "dataId": intl})
	})

	// A wrong password or no credentials: the SDK connects (server check,
	// setup and health checks need no token) but every business request is
	// refused with 403, which the SDK throws to the application (naming,
	// config reads) or answers false (config writes).
	step("refused without a valid token", func(t *testing.T) {
		j.must(t, "naming", map[string]any{"client": "bad", "username": "nacos", "password": "wrong-" + adminPassword})
		j.must(t, "naming", map[string]any{"client": "anon"})
		for _, c := range []string{"bad", "anon"} {
			a := j.call(t, "register", map[string]any{"client": c, "service": "intruder", "ip": "127.0.0.1", "port": 6666})
			if a.OK || a.Code != 403 {
				t.Fatalf("register as %s: %v, want refused with 403", c, a)
			}
			t.Logf("register as %s: the SDK throws NacosException %d %q", c, a.Code, a.Error)
			if a := j.call(t, "getAll", map[string]any{"client": c, "service": svc}); a.OK || a.Code != 403 {
				t.Fatalf("getAllInstances as %s: %v, want refused with 403", c, a)
			}
			if a := j.call(t, "subscribe", map[string]any{"client": c, "service": svc}); a.OK || a.Code != 403 {
				t.Fatalf("subscribe as %s: %v, want refused with 403", c, a)
			}
			j.must(t, "shutdown", map[string]any{"client": c}) // its redo would retry every 3 s
		}
		if hs := listWithToken(t, s, "/nacos/v1/ns/instance/list", token, "intruder"); len(hs) != 0 {
			t.Fatalf("a refused client registered %+v", hs)
		}
		j.must(t, "config", map[string]any{"client": "badcfg", "username": "nacos", "password": "wrong"})
		if a := j.call(t, "publish", map[string]any{"client": "badcfg", "dataId": "intruder.yaml", "content": "x: 1"}); a.OK && string(a.Result) != "false" {
			t.Fatalf("publishConfig with a wrong password: %v, want false or an error", a)
		} else {
			t.Logf("publishConfig with a wrong password: %v", a)
		}
		if a := j.call(t, "get", map[string]any{"client": "badcfg", "dataId": "intruder.yaml"}); a.OK || a.Code != 403 {
			t.Fatalf("getConfig with a wrong password: %v, want refused with 403", a)
		} else {
			t.Logf("getConfig with a wrong password: %v", a)
		}
		j.must(t, "shutdown", map[string]any{"client": "badcfg"})
	})

	// Clusters and namespaces: a query by cluster answers that cluster's
	// instances only; a client of namespace dev registers and reads in
	// dev, its configs live in tenant dev, and public sees none of it.
	step("clusters and namespaces", func(t *testing.T) {
		const svc2 = "payments"
		j.must(t, "batchRegister", map[string]any{"client": "b", "service": svc2, "instances": []map[string]any{
			{"ip": "127.0.0.1", "port": 8101, "cluster": "east"}, {"ip": "127.0.0.1", "port": 8102, "cluster": "west"}}})
		for cluster, want := range map[string]string{"east": "127.0.0.1:8101", "west": "127.0.0.1:8102"} {
			hs := javaByAddr(j.hosts(t, "getAll", map[string]any{"client": "a", "service": svc2, "clusters": []string{cluster}}))
			if len(hs) != 1 || hs[want].Cluster != cluster {
				t.Fatalf("getAllInstances of cluster %s: %+v, want %s only", cluster, hs, want)
			}
		}
		j.must(t, "batchDeregister", map[string]any{"client": "b", "service": svc2, "instances": []map[string]any{
			{"ip": "127.0.0.1", "port": 8101}, {"ip": "127.0.0.1", "port": 8102}}})

		ns := url.Values{"namespaceId": {"dev"}, "namespaceName": {"dev"}, "accessToken": {token}}
		if code, body := call(t, http.MethodPost, s.url("/nacos/v2/console/namespace"), ns); code != http.StatusOK {
			t.Fatalf("create namespace dev: %d %s", code, body)
		}
		j.must(t, "naming", with(creds, "client", "dev", "namespace", "dev"))
		j.must(t, "config", with(creds, "client", "devcfg", "namespace", "dev"))
		j.must(t, "register", map[string]any{"client": "dev", "service": svc2, "ip": "127.0.0.1", "port": 8201})
		if hs := javaByAddr(j.hosts(t, "getAll", map[string]any{"client": "dev", "service": svc2})); len(hs) != 1 || hs["127.0.0.1:8201"].Port == 0 {
			t.Fatalf("getAllInstances in dev: %+v", hs)
		}
		if hs := javaByAddr(j.hosts(t, "getAll", map[string]any{"client": "a", "service": svc2})); len(hs) != 0 {
			t.Fatalf("getAllInstances in public sees dev's instance: %+v", hs)
		}
		code, body := call(t, http.MethodGet, s.url("/nacos/v1/ns/instance/list"), url.Values{"serviceName": {svc2},
			"namespaceId": {"dev"}, "accessToken": {token}})
		if code != http.StatusOK || !strings.Contains(body, `"port":8201`) {
			t.Fatalf("v1 list in dev: %d %s", code, body)
		}
		j.must(t, "listen", map[string]any{"client": "devcfg", "dataId": "dev.properties"})
		if ok := j.must(t, "publish", map[string]any{"client": "devcfg", "dataId": "dev.properties", "content": "x=1", "type": "properties"}); string(ok) != "true" {
			t.Fatalf("publish in dev: %s", ok)
		}
		j.waitConfig(t, "devcfg", "dev.properties", "x=1 heard in dev", func(c *string) bool { return c != nil && *c == "x=1" })
		code, body = call(t, http.MethodGet, s.url("/nacos/v1/cs/configs"), url.Values{"dataId": {"dev.properties"},
			"group": {"DEFAULT_GROUP"}, "tenant": {"dev"}, "accessToken": {token}})
		if code != http.StatusOK || body != "x=1" {
			t.Fatalf("v1 get in tenant dev: %d %s", code, body)
		}
		if got := j.must(t, "get", map[string]any{"client": "cfg", "dataId": "dev.properties"}); string(got) != "null" {
			t.Fatalf("getConfig in public finds dev's config: %s", got)
		}
		j.must(t, "deregister", map[string]any{"client": "dev", "service": svc2, "ip": "127.0.0.1", "port": 8201})
	})

	// A listener added to a config that exists already hears its content
	// on the first listen round.
	step("listen to an existing config", func(t *testing.T) {
		pub := url.Values{"dataId": {"existing.json"}, "group": {"DEFAULT_GROUP"}, "content": {`{"k":1}`},
			"type": {"json"}, "accessToken": {token}}
		if code, body := call(t, http.MethodPost, s.url("/nacos/v1/cs/configs"), pub); code != http.StatusOK || body != "true" {
			t.Fatalf("v1 publish: %d %s", code, body)
		}
		j.must(t, "listen", map[string]any{"client": "cfg", "dataId": "existing.json"})
		j.waitConfig(t, "cfg", "existing.json", "the existing content heard", func(c *string) bool { return c != nil && *c == `{"k":1}` })
	})

	// The server restarts on the same ports: every SDK client reconnects
	// and redoes its registrations, subscriptions and config listens on
	// its new connection.
	step("reconnect and redo after a server restart", func(t *testing.T) {
		j.must(t, "register", map[string]any{"client": "a", "service": svc, "ip": "127.0.0.1", "port": upA.port, "weight": 1})
		j.must(t, "batchRegister", map[string]any{"client": "b", "service": svc, "instances": []map[string]any{
			{"ip": "127.0.0.1", "port": upB.port, "weight": 3}}})
		j.waitPush(t, "sub", svc, "both instances", func(h map[string]javaHost) bool { return len(h) == 2 })
		j.must(t, "listen", map[string]any{"client": "cfg", "dataId": "redo.yaml"})
		before := publishers(t, s, token, svc)
		if len(before) != 2 {
			t.Fatalf("publishers of %s before the restart: %v", svc, before)
		}
		// A persistent instance registered over HTTP, which changes while
		// the subscriber is away.
		const catalog = "catalog"
		reg := url.Values{"serviceName": {catalog}, "ip": {"127.0.0.1"}, "port": {"9600"}, "ephemeral": {"false"},
			"weight": {"1"}, "accessToken": {token}}
		if code, body := call(t, http.MethodPost, s.url("/nacos/v1/ns/instance"), reg); code != http.StatusOK || body != "ok" {
			t.Fatalf("v1 register %s: %d %s", catalog, code, body)
		}
		j.must(t, "subscribe", map[string]any{"client": "sub", "service": catalog})
		j.waitPush(t, "sub", catalog, "the catalog instance", func(h map[string]javaHost) bool {
			return len(h) == 1 && h["127.0.0.1:9600"].Weight == 1
		})

		s = restartOnSamePorts(t, top, s)
		restarted := time.Now()
		token = login(t, s, adminPassword)
		// Changed before the subscriber subscribes again (its redo runs
		// every 3 s once reconnected): the SDK drops the answer to that
		// subscribe, so it learns of the change only from the push that
		// follows a subscription.
		reg.Set("weight", "9")
		reg.Set("accessToken", token)
		if code, body := call(t, http.MethodPut, s.url("/nacos/v1/ns/instance"), reg); code != http.StatusOK || body != "ok" {
			t.Fatalf("v1 update %s: %d %s", catalog, code, body)
		}
		for _, c := range []string{"a", "b", "sub", "cfg"} {
			eventually(t, 20*time.Second, "client "+c+" to reconnect", func() bool {
				var st clientState
				return json.Unmarshal(j.must(t, "status", map[string]any{"client": c}), &st) == nil && st.Running
			})
		}
		// Registrations are redone under the new connections.
		eventually(t, 15*time.Second, "the instances to be published by new connections", func() bool {
			after := publishers(t, s, token, svc)
			return len(after) == 2 && after[upA.addr] != before[upA.addr] && after[upB.addr] != before[upB.addr] &&
				after[upA.addr] != "" && after[upB.addr] != ""
		})
		t.Logf("server restart to every registration redone: %v", time.Since(restarted).Round(time.Millisecond))
		j.waitPush(t, "sub", catalog, "the change made while the subscriber was away", func(h map[string]javaHost) bool {
			return len(h) == 1 && h["127.0.0.1:9600"].Weight == 9
		})
		t.Logf("server restart to the subscriber seeing the change made meanwhile: %v", time.Since(restarted).Round(time.Millisecond))
		// The subscription was redone: a change is pushed.
		j.must(t, "batchRegister", map[string]any{"client": "b", "service": svc, "instances": []map[string]any{
			{"ip": "127.0.0.1", "port": upB.port, "weight": 7}}})
		j.waitPush(t, "sub", svc, "weight 7 pushed after the restart", func(h map[string]javaHost) bool {
			return len(h) == 2 && h[upB.addr].Weight == 7
		})
		// The config listen was redone: an HTTP publish is heard.
		pub := url.Values{"dataId": {"redo.yaml"}, "group": {"DEFAULT_GROUP"}, "content": {"after: restart"},
			"accessToken": {token}}
		if code, body := call(t, http.MethodPost, s.url("/nacos/v1/cs/configs"), pub); code != http.StatusOK || body != "true" {
			t.Fatalf("v1 publish: %d %s", code, body)
		}
		j.waitConfig(t, "cfg", "redo.yaml", "the change after the restart heard", func(c *string) bool {
			return c != nil && *c == "after: restart"
		})
		t.Logf("server restart to the config change heard: %v", time.Since(restarted).Round(time.Millisecond))
	})
}

// A client that stops answering, its JVM paused (SIGSTOP) past the
// server's detection (20 s silent, then a ClientDetectionRequest
// unanswered for 5 s): the server lets its connection go and its
// instances leave, as Nacos does. Resumed, the SDK finds its bi-stream
// ended, reconnects and registers again. Before, the stream stayed open
// and the SDK went on believing itself registered, its instance gone for
// good. Half a minute of waiting: it runs in parallel with
// TestNacosJavaSDK.
func TestNacosJavaSDKPausedClientComesBack(t *testing.T) {
	t.Parallel()
	s := start(t, "", "--admin-password", adminPassword)
	logServerOnFailure(t, s)
	token := login(t, s, adminPassword)
	j := launchJava(t, s, "java-paused")
	j.waitReady()
	const svc, addr = "paused", "127.0.0.1:7100"
	j.must(t, "naming", map[string]any{"client": "p", "username": "nacos", "password": adminPassword})
	j.must(t, "register", map[string]any{"client": "p", "service": svc, "ip": "127.0.0.1", "port": 7100})
	before := publishers(t, s, token, svc)[addr]
	if before == "" {
		t.Fatalf("%s is not registered", addr)
	}

	j.pause()
	t.Cleanup(j.resume) // before the JVM is told to exit
	paused := time.Now()
	deadline := time.Now().Add(45 * time.Second)
	for len(listWithToken(t, s, "/nacos/v1/ns/instance/list", token, svc)) != 0 {
		if time.Now().After(deadline) {
			t.Fatalf("the paused client's instance is still listed after %v", time.Since(paused).Round(time.Second))
		}
		time.Sleep(500 * time.Millisecond)
	}
	t.Logf("paused to the instance gone: %v", time.Since(paused).Round(100*time.Millisecond))
	if !strings.Contains(s.out.String(), "closing a connection that stopped answering") {
		t.Fatal("the instance left, but not because the server let the silent connection go")
	}

	j.resume()
	resumed := time.Now()
	eventually(t, 15*time.Second, "the resumed client to register again on a new connection", func() bool {
		now := publishers(t, s, token, svc)[addr]
		return now != "" && now != before
	})
	t.Logf("resumed to registered again: %v", time.Since(resumed).Round(time.Millisecond))
	var st clientState
	if err := json.Unmarshal(j.must(t, "status", map[string]any{"client": "p"}), &st); err != nil || !st.Running {
		t.Fatalf("the resumed client: %+v %v, want running", st, err)
	}
}

// restartOnSamePorts stops s (SIGTERM) and starts causeway again with its
// data and ports, as a restarted server the SDKs reconnect to. t is the
// (sub)test waiting for it; owner, the test the new server lives as long
// as.
func restartOnSamePorts(t, owner *testing.T, s *server) *server {
	t.Helper()
	begin := time.Now()
	s.stop()
	stopped := time.Now()
	n := &server{t: t, dataDir: s.dataDir, addr: s.addr, xdsAddr: s.xdsAddr, http2rpcAddr: s.http2rpcAddr,
		nacosGRPCAddr: s.nacosGRPCAddr, out: &syncBuffer{}, done: make(chan error, 1)}
	n.cmd = exec.Command(binary, "serve", "--data-dir", n.dataDir, "--http-addr", n.addr, "--xds-addr", n.xdsAddr,
		"--http2rpc-addr", n.http2rpcAddr, "--nacos-grpc-addr", n.nacosGRPCAddr)
	n.cmd.Stdout, n.cmd.Stderr = n.out, n.out
	if err := n.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() { n.done <- n.cmd.Wait() }()
	ready := false
	t.Cleanup(func() {
		if !ready {
			_ = n.cmd.Process.Kill()
		}
	})
	n.waitReady()
	ready = true
	t.Logf("server stopped in %v, started again in %v", stopped.Sub(begin).Round(time.Millisecond),
		time.Since(stopped).Round(time.Millisecond))
	n.t = owner
	owner.Cleanup(n.stop)
	logServerOnFailure(owner, n)
	return n
}

// publishers answers the client id publishing each instance of a service
// of DEFAULT_GROUP in public, by ip:port.
func publishers(t *testing.T, s *server, token, service string) map[string]string {
	t.Helper()
	code, body := call(t, http.MethodGet, s.url("/nacos/v2/ns/client/service/publisher/list"),
		url.Values{"serviceName": {service}, "accessToken": {token}})
	var answer struct {
		Data []struct {
			ClientID string `json:"clientId"`
			IP       string `json:"ip"`
			Port     int    `json:"port"`
		} `json:"data"`
	}
	if code != http.StatusOK || json.Unmarshal([]byte(body), &answer) != nil {
		t.Fatalf("publishers of %s: %d %s", service, code, body)
	}
	out := map[string]string{}
	for _, p := range answer.Data {
		out[net.JoinHostPort(p.IP, strconv.Itoa(p.Port))] = p.ClientID
	}
	return out
}

// clientState is the driver's view of an SDK client.
type clientState struct {
	Status           string `json:"status"`
	SDK              string `json:"sdk"`
	Running          bool   `json:"running"`
	Module           string `json:"module"`
	PersistentByGrpc bool   `json:"persistentByGrpc"`
}

// listHost is an instance in a Nacos v1 or v2 instance list.
type listHost struct {
	IP        string            `json:"ip"`
	Port      int               `json:"port"`
	Weight    float64           `json:"weight"`
	Healthy   bool              `json:"healthy"`
	Enabled   bool              `json:"enabled"`
	Ephemeral bool              `json:"ephemeral"`
	Metadata  map[string]string `json:"metadata"`
}

// listWithToken answers a Nacos v1 or v2 instance list of a service of
// DEFAULT_GROUP in public, by ip:port.
func listWithToken(t *testing.T, s *server, path, token, service string) map[string]listHost {
	t.Helper()
	code, body := call(t, http.MethodGet, s.url(path), url.Values{"serviceName": {service}, "accessToken": {token}})
	var list struct {
		Hosts []listHost `json:"hosts"`
		Data  *struct {
			Hosts []listHost `json:"hosts"`
		} `json:"data"`
	}
	if code != http.StatusOK || json.Unmarshal([]byte(body), &list) != nil {
		t.Fatalf("%s of %s: %d %s", path, service, code, body)
	}
	hosts := list.Hosts
	if list.Data != nil {
		hosts = list.Data.Hosts
	}
	out := map[string]listHost{}
	for _, h := range hosts {
		out[net.JoinHostPort(h.IP, strconv.Itoa(h.Port))] = h
	}
	return out
}

// scFind answers a ServiceComb find of a service of app default: each
// instance's last endpoint and its version.
func scFind(t *testing.T, s *server, token, service string) map[string]string {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet,
		s.url("/v4/default/registry/instances?"+url.Values{"appId": {"default"}, "serviceName": {service}}.Encode()), nil)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Authorization", "Bearer "+token)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	var found struct {
		Instances []struct {
			Endpoints []string `json:"endpoints"`
			Version   string   `json:"version"`
			Status    string   `json:"status"`
		} `json:"instances"`
	}
	if resp.StatusCode != http.StatusOK || json.Unmarshal(b, &found) != nil {
		t.Fatalf("ServiceComb find of %s: %d %s", service, resp.StatusCode, b)
	}
	out := map[string]string{}
	for _, in := range found.Instances {
		if in.Status != "UP" || len(in.Endpoints) == 0 {
			t.Fatalf("ServiceComb find of %s: %s", service, b)
		}
		out[in.Endpoints[len(in.Endpoints)-1]] = in.Version
	}
	return out
}

func md5hex(s string) string {
	sum := md5.Sum([]byte(s))
	return hex.EncodeToString(sum[:])
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}
