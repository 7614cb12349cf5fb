package nacosgrpc

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/causeway-dev/causeway/registry/naming"
)

// The connection's life as the SDKs see it: a server check answers the
// connection id; business requests before the setup are "unregistered"
// (301, the SDKs reconnect); a client that negotiates abilities gets
// SetupAckRequest saying persistent instances go over gRPC; one that does
// not (the Go SDK) gets nothing.
func TestConnectionSetup(t *testing.T) {
	e := newEnv(t, envOptions{})
	c := e.dial(t)
	var check struct {
		ConnectionID              string `json:"connectionId"`
		SupportAbilityNegotiation bool   `json:"supportAbilityNegotiation"`
	}
	p := c.call("ServerCheckRequest", map[string]any{})
	decode(t, p, &check)
	if p.Type != "ServerCheckResponse" || !succeeded(decodeAnswer(t, p)) || !strings.Contains(check.ConnectionID, "_127.0.0.1_") || !check.SupportAbilityNegotiation {
		t.Fatalf("server check: %s %s", p.Type, p.Body)
	}
	p = c.call("HealthCheckRequest", map[string]any{})
	if unreg := decodeAnswer(t, p); p.Type != "ErrorResponse" || unreg.ErrorCode != errUnregistered || succeeded(unreg) {
		t.Fatalf("before setup: %s %s", p.Type, p.Body)
	}

	java := e.connect(t, true)
	ackP := java.next(time.Second)
	var ackMsg struct {
		AbilityTable map[string]bool `json:"abilityTable"`
	}
	decode(t, ackP, &ackMsg)
	if ackP.Type != "SetupAckRequest" || !ackMsg.AbilityTable["supportPersistentInstanceByGrpc"] {
		t.Fatalf("setup ack: %s %s", ackP.Type, ackP.Body)
	}
	if p := java.call("HealthCheckRequest", map[string]any{}); p.Type != "HealthCheckResponse" {
		t.Fatalf("health check: %s %s", p.Type, p.Body)
	}
	goSDK := e.connect(t, false)
	if p := goSDK.call("HealthCheckRequest", map[string]any{}); p.Type != "HealthCheckResponse" {
		t.Fatalf("health check: %s %s", p.Type, p.Body)
	}
	select {
	case p := <-goSDK.pushes:
		t.Fatalf("a client that does not negotiate got %s", p.Type)
	case <-time.After(100 * time.Millisecond):
	}
	if ids := e.naming.ClientIDs(); len(ids) != 2 {
		t.Fatalf("clients %v, want the two naming connections", ids)
	}
}

// Requests the server cannot take get ErrorResponse with Nacos's codes:
// an unknown type 302, a body that does not parse 502.
func TestUnservableRequests(t *testing.T) {
	e := newEnv(t, envOptions{})
	c := e.connect(t, false)
	for _, tc := range []struct {
		typ, body string
		code      int
	}{
		{"NoSuchRequest", `{}`, errNoHandler},
		{"InstanceRequest", `{"instance": 5`, errBadRequest},
		{"ServiceQueryRequest", `[]`, errBadRequest},
	} {
		resp := new(Payload)
		req := &Payload{Type: tc.typ, Body: []byte(tc.body)}
		if err := c.conn.Invoke(context.Background(), "/Request/request", req, resp); err != nil {
			t.Fatal(err)
		}
		if a := decodeAnswer(t, resp); resp.Type != "ErrorResponse" || a.ErrorCode != tc.code || a.ResultCode != codeFail {
			t.Errorf("%s %s: %s %s, want ErrorResponse %d", tc.typ, tc.body, resp.Type, resp.Body, tc.code)
		}
	}
}

type pushedInfo struct {
	ServiceInfo struct {
		Name        string `json:"name"`
		Clusters    string `json:"clusters"`
		LastRefTime int64  `json:"lastRefTime"`
		Hosts       []struct {
			IP   string `json:"ip"`
			Port int    `json:"port"`
		} `json:"hosts"`
	} `json:"serviceInfo"`
}

func hostsOf(t *testing.T, p *Payload) []string {
	t.Helper()
	var info pushedInfo
	decode(t, p, &info)
	if info.ServiceInfo.Hosts == nil {
		t.Fatalf("hosts null in %s", p.Body)
	}
	var out []string
	for _, h := range info.ServiceInfo.Hosts {
		out = append(out, h.IP)
	}
	return out
}

// An ephemeral instance belongs to its connection: a subscriber is pushed
// each change (and acknowledges), the connection's re-registration
// replaces its instance, and when the connection closes its instance
// leaves and the subscriber hears so.
func TestInstancesBelongToTheirConnection(t *testing.T) {
	e := newEnv(t, envOptions{})
	pub, sub := e.connect(t, false), e.connect(t, false)
	if p := pub.register("orders", "10.0.0.1", 8080); p.Type != "InstanceResponse" {
		t.Fatalf("register: %s %s", p.Type, p.Body)
	}
	p := sub.call("SubscribeServiceRequest", map[string]any{"namespace": "public", "serviceName": "orders",
		"groupName": "DEFAULT_GROUP", "subscribe": true, "clusters": ""})
	if p.Type != "SubscribeServiceResponse" || !succeeded(decodeAnswer(t, p)) || strings.Join(hostsOf(t, p), ",") != "10.0.0.1" {
		t.Fatalf("subscribe: %s %s", p.Type, p.Body)
	}
	pub.register("orders", "10.0.0.2", 8080) // the connection's one instance of orders: replaced
	sub.until(3*time.Second, func(p *Payload) bool {
		return p.Type == "NotifySubscriberRequest" && strings.Join(hostsOf(t, p), ",") == "10.0.0.2"
	})
	_ = pub.conn.Close()
	sub.until(3*time.Second, func(p *Payload) bool { return len(hostsOf(t, p)) == 0 })
	k := naming.ServiceKey{Namespace: "public", Group: "DEFAULT_GROUP", Name: "orders"}
	if list, err := e.naming.ListInstances(k, naming.Query{}); err != nil || len(list.Instances) != 0 {
		t.Fatalf("instances after the connection closed: %v %v", list, err)
	}
}

// A push nobody acknowledges is sent again, with the service as it is
// then; one acknowledged is not.
func TestPushRetriedUntilAcknowledged(t *testing.T) {
	e := newEnv(t, envOptions{tune: func(o *Options) { o.PushTimeout = 100 * time.Millisecond }})
	pub, sub := e.connect(t, false), e.connect(t, false)
	sub.call("SubscribeServiceRequest", map[string]any{"serviceName": "orders", "subscribe": true})
	sub.ack(sub.next(2*time.Second), "NotifySubscriberResponse") // the push that follows a subscribe
	pub.register("orders", "10.0.0.1", 8080)
	first := sub.next(2 * time.Second) // not acknowledged
	again := sub.next(3 * time.Second)
	if again.Type != "NotifySubscriberRequest" || strings.Join(hostsOf(t, again), ",") != "10.0.0.1" {
		t.Fatalf("retry: %s %s", again.Type, again.Body)
	}
	if first.Type != "NotifySubscriberRequest" {
		t.Fatalf("first push: %s", first.Type)
	}
	sub.ack(again, "NotifySubscriberResponse")
	select {
	case p := <-sub.pushes:
		t.Fatalf("pushed again after the acknowledgement: %s", p.Body)
	case <-time.After(1500 * time.Millisecond):
	}
}

// Every answer about a service has a newer lastRefTime than the last (the
// Go SDK drops an answer that is not newer), and clusters echo the
// subscriber's string.
func TestLastRefTimeRises(t *testing.T) {
	e := newEnv(t, envOptions{})
	c := e.connect(t, false)
	c.register("orders", "10.0.0.1", 8080)
	var last int64
	for i := range 5 {
		p := c.call("SubscribeServiceRequest", map[string]any{"serviceName": "orders", "subscribe": true, "clusters": "DEFAULT"})
		var info pushedInfo
		decode(t, p, &info)
		if info.ServiceInfo.Clusters != "DEFAULT" || info.ServiceInfo.Name != "orders" {
			t.Fatalf("service info: %s", p.Body)
		}
		// The same version may be answered from the cache: equal, never less.
		if info.ServiceInfo.LastRefTime < last {
			t.Fatalf("lastRefTime went back: %d after %d", info.ServiceInfo.LastRefTime, last)
		}
		last = info.ServiceInfo.LastRefTime
		c.register("orders", "10.0.0."+string(rune('2'+i)), 8080)
		p = c.call("ServiceQueryRequest", map[string]any{"serviceName": "orders", "cluster": "DEFAULT"})
		decode(t, p, &info)
		if info.ServiceInfo.LastRefTime <= last {
			t.Fatalf("a query after a change: lastRefTime %d, not after %d", info.ServiceInfo.LastRefTime, last)
		}
		last = info.ServiceInfo.LastRefTime
	}
}

// A connection that stops answering is asked whether it is there, and
// closed when it does not answer; its instances go with it.
func TestSilentConnectionClosed(t *testing.T) {
	e := newEnv(t, envOptions{tune: func(o *Options) {
		o.DetectAfter = 200 * time.Millisecond
		o.PushTimeout = 200 * time.Millisecond
	}})
	c := e.connect(t, false)
	c.register("orders", "10.0.0.1", 8080)
	probe := c.next(3 * time.Second)
	if probe.Type != "ClientDetectionRequest" {
		t.Fatalf("probe: %s", probe.Type)
	}
	k := naming.ServiceKey{Namespace: "public", Group: "DEFAULT_GROUP", Name: "orders"}
	waitFor(t, "the silent connection's instance to leave", func() bool {
		list, err := e.naming.ListInstances(k, naming.Query{})
		return err == nil && len(list.Instances) == 0
	})
}

// With authentication on, a request without a valid token is refused in
// its own response type with 403 (the Go SDK expects its type), and one
// with a token is served; health checks need none.
func TestAccessToken(t *testing.T) {
	e := newEnv(t, envOptions{auth: true})
	c := e.connect(t, false)
	if p := c.call("HealthCheckRequest", map[string]any{}); p.Type != "HealthCheckResponse" {
		t.Fatalf("health check: %s %s", p.Type, p.Body)
	}
	for _, token := range []string{"", "not-a-token"} {
		c.token = token
		p := c.call("SubscribeServiceRequest", map[string]any{"serviceName": "orders", "subscribe": true})
		if a := decodeAnswer(t, p); p.Type != "SubscribeServiceResponse" || a.ErrorCode != errNoRight || succeeded(a) || a.Message == "" {
			t.Fatalf("token %q: %s %s", token, p.Type, p.Body)
		}
	}
	c.token = e.token
	if p := c.register("orders", "10.0.0.1", 8080); !succeeded(decodeAnswer(t, p)) {
		t.Fatalf("with a token: %s", p.Body)
	}
}

// A config listener is told of a change with the tenant as it wrote it,
// asks for the content and gets it; a compare-and-set with a stale md5
// fails.
func TestConfigListenAndNotify(t *testing.T) {
	e := newEnv(t, envOptions{})
	c := e.connect(t, false)
	pub := func(content, cas string) answer {
		p := c.call("ConfigPublishRequest", map[string]any{"dataId": "app.yaml", "group": "DEFAULT_GROUP", "tenant": "",
			"content": content, "casMd5": cas, "additionMap": map[string]any{"type": "yaml", "betaIps": nil}})
		return decodeAnswer(t, p)
	}
	if a := pub("a: 1", ""); !succeeded(a) {
		t.Fatalf("publish: %+v", a)
	}
	p := c.call("ConfigBatchListenRequest", map[string]any{"listen": true, "configListenContexts": []map[string]string{
		{"dataId": "app.yaml", "group": "DEFAULT_GROUP", "tenant": "", "md5": ""}}})
	var listen struct {
		Changed []struct {
			DataID string `json:"dataId"`
			Tenant string `json:"tenant"`
		} `json:"changedConfigs"`
	}
	decode(t, p, &listen)
	if len(listen.Changed) != 1 || listen.Changed[0].Tenant != "" {
		t.Fatalf("listen with a stale md5: %s", p.Body)
	}
	if a := pub("a: 2", "0123456789abcdef0123456789abcdef"); succeeded(a) || a.ErrorCode != errServer {
		t.Fatalf("stale compare-and-set: %+v", a)
	}
	if a := pub("a: 2", ""); !succeeded(a) {
		t.Fatalf("publish: %+v", a)
	}
	n := c.next(2 * time.Second)
	var note struct {
		DataID, Group, Tenant, RequestID string
	}
	decode(t, n, &note)
	if n.Type != "ConfigChangeNotifyRequest" || note.DataID != "app.yaml" || note.Tenant != "" || note.RequestID == "" {
		t.Fatalf("notify: %s %s", n.Type, n.Body)
	}
	c.ack(n, "NotifySubscriberResponse") // the Go SDK acknowledges with this type
	p = c.call("ConfigQueryRequest", map[string]any{"dataId": "app.yaml", "group": "DEFAULT_GROUP", "tenant": ""})
	var q map[string]any
	decode(t, p, &q)
	if q["content"] != "a: 2" || q["contentType"] != "yaml" || q["md5"] == "" {
		t.Fatalf("query: %s", p.Body)
	}
	if _, hasTag := q["tag"]; hasTag {
		t.Fatalf("tag in an answer (the Go SDK reads it as a bool): %s", p.Body)
	}
	p = c.call("ConfigQueryRequest", map[string]any{"dataId": "missing.yaml", "group": "DEFAULT_GROUP"})
	if missing := decodeAnswer(t, p); p.Type != "ConfigQueryResponse" || missing.ErrorCode != errConfigNotFound {
		t.Fatalf("missing config: %s %s", p.Type, p.Body)
	}
}

// After a restart, the instances of connections that did not come back
// are removed once the grace has passed; a client that came back and
// registered again keeps its instance.
func TestOrphanedInstancesSwept(t *testing.T) {
	e := newEnv(t, envOptions{tune: func(o *Options) { o.OrphanGrace = 300 * time.Millisecond }})
	k := naming.ServiceKey{Namespace: "public", Group: "DEFAULT_GROUP", Name: "orders"}
	ctx := context.Background()
	for i, owner := range []string{"1_10.0.0.1_1", "2_10.0.0.2_2"} {
		in := naming.Instance{IP: "10.0.0." + string(rune('1'+i)), Port: 8080, Cluster: "DEFAULT", Weight: 1, Enabled: true, Healthy: true}
		if err := e.naming.Publish(ctx, owner, k, []naming.Instance{in}); err != nil {
			t.Fatal(err)
		}
	}
	c := e.connect(t, false)
	c.register("orders", "10.0.0.2", 8080) // came back: takes its instance over
	waitFor(t, "the vanished connection's instance to be swept", func() bool {
		list, err := e.naming.ListInstances(k, naming.Query{})
		return err == nil && len(list.Instances) == 1 && list.Instances[0].IP == "10.0.0.2"
	})
}

// Connections the server's shutdown cuts keep their instances (their
// clients take them back from the next start); before it, a connection
// that closes takes its instances with it.
func TestShutdownKeepsInstances(t *testing.T) {
	e := newEnv(t, envOptions{})
	k := naming.ServiceKey{Namespace: "public", Group: "DEFAULT_GROUP", Name: "orders"}
	gone, kept := e.connect(t, false), e.connect(t, false)
	gone.register("orders", "10.0.0.1", 8080)
	kept.register("orders", "10.0.0.2", 8080)
	_ = gone.conn.Close()
	waitFor(t, "the closed connection's instance to leave", func() bool {
		list, err := e.naming.ListInstances(k, naming.Query{})
		return err == nil && len(list.Instances) == 1
	})
	e.srv.Stopping()
	id := e.srv.connections()[0].ID
	_ = kept.conn.Close()
	waitFor(t, "the connection to be forgotten", func() bool { return !e.naming.Connected(id) })
	list, err := e.naming.ListInstances(k, naming.Query{})
	if err != nil || len(list.Instances) != 1 || list.Instances[0].IP != "10.0.0.2" {
		t.Fatalf("instances after a connection the shutdown cut: %+v %v", list, err)
	}
}

// A write that changes nothing a subscriber sees is not pushed: after a
// restart every client registers again from a new connection, taking its
// instance over, and its subscribers hold that content already.
func TestSameContentNotPushed(t *testing.T) {
	e := newEnv(t, envOptions{})
	pub, sub := e.connect(t, false), e.connect(t, false)
	pub.register("orders", "10.0.0.1", 8080)
	p := sub.call("SubscribeServiceRequest", map[string]any{"serviceName": "orders", "subscribe": true})
	if hosts := hostsOf(t, p); len(hosts) != 1 {
		t.Fatalf("subscribe: %s", p.Body)
	}
	sub.ack(sub.next(2*time.Second), "NotifySubscriberResponse") // the push that follows every subscribe
	again := e.connect(t, false)
	again.register("orders", "10.0.0.1", 8080) // the same instance, a new owner
	select {
	case p := <-sub.pushes:
		t.Fatalf("pushed the same content: %s", p.Body)
	case <-time.After(300 * time.Millisecond):
	}
	again.register("orders", "10.0.0.2", 8080)
	push := sub.next(2 * time.Second)
	if hosts := strings.Join(hostsOf(t, push), ","); hosts != "10.0.0.2" {
		t.Fatalf("push after a change: %s", hosts)
	}
	sub.ack(push, "NotifySubscriberResponse")
	again.register("orders", "10.0.0.1", 8080) // back to content the client had before
	push = sub.next(2 * time.Second)
	if hosts := strings.Join(hostsOf(t, push), ","); hosts != "10.0.0.1" {
		t.Fatalf("push back to the first content: %s", hosts)
	}
}
