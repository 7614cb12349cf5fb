package nacosgrpc

import (
	"context"
	"testing"
	"time"

	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	"github.com/causeway-dev/causeway/registry/naming"
)

// Behaviours the real Java SDK (nacos-client 2.5.1) depends on, found by
// test/e2e's TestNacosJavaSDK* and pinned here at the protocol level.

// A client that stops answering is let go of (ClientDetectionRequest
// unacknowledged): its transport is closed, as Nacos closes the channel,
// so its bi-stream ends with UNAVAILABLE and a request that reconnects
// without a setup is answered "unregistered" (301); the SDK reconnects
// and registers again. Before, the stream stayed open
// and requests succeeded on a connection the registry had forgotten: the
// real Java SDK, paused past the detection, came back believing itself
// registered while its instances were gone for good.
func TestDroppedConnectionEndsStreamAndIsUnregistered(t *testing.T) {
	e := newEnv(t, envOptions{tune: func(o *Options) { o.PushTimeout = 100 * time.Millisecond }})
	c := e.connect(t, true)
	if p := c.next(time.Second); p.Type != "SetupAckRequest" {
		t.Fatalf("after the setup: %s", p.Type)
	}
	if p := c.call("HealthCheckRequest", map[string]any{}); p.Type != "HealthCheckResponse" {
		t.Fatalf("health check answered %s %s", p.Type, p.Body)
	}
	conns := e.srv.connections()
	if len(conns) != 1 {
		t.Fatalf("%d connections, want 1", len(conns))
	}
	e.srv.probe(conns[0]) // the server asks whether the client is there; it does not answer
	if p := c.next(time.Second); p.Type != "ClientDetectionRequest" {
		t.Fatalf("probe: %s %s, want ClientDetectionRequest", p.Type, p.Body)
	}
	err, ended := c.ended(5 * time.Second)
	if !ended {
		t.Fatal("the stream of a dropped connection is still open")
	}
	if status.Code(err) != codes.Unavailable {
		t.Fatalf("the stream of a dropped connection ended with %v, want UNAVAILABLE", err)
	}
	p := c.call("HealthCheckRequest", map[string]any{})
	if a := decodeAnswer(t, p); p.Type != "ErrorResponse" || a.ErrorCode != errUnregistered {
		t.Fatalf("a request on a dropped connection answered %s %s, want ErrorResponse 301", p.Type, p.Body)
	}
}

// A subscriber is pushed the service shortly after it subscribes, changed
// or not, as Nacos does: the Java SDK's redo after a reconnect subscribes
// again and drops the answer (RedoScheduledTask.redoForSubscribe), so this
// push is how it learns what changed while it was away. Before, a Java
// subscriber kept the instances of before the reconnect until the next
// change.
func TestSubscribeIsFollowedByAPush(t *testing.T) {
	e := newEnv(t, envOptions{})
	c := e.connect(t, true)
	c.next(time.Second) // SetupAckRequest
	k := naming.ServiceKey{Namespace: "public", Group: "DEFAULT_GROUP", Name: "orders"}
	if err := e.naming.Register(context.Background(), naming.Instance{Service: k, IP: "10.0.0.5", Port: 8080, Cluster: "DEFAULT",
		Weight: 7, Enabled: true, Healthy: true, Ephemeral: true}); err != nil {
		t.Fatal(err)
	}
	if p := c.call("SubscribeServiceRequest", map[string]any{"serviceName": "orders", "subscribe": true}); p.Type != "SubscribeServiceResponse" {
		t.Fatalf("subscribe answered %s %s", p.Type, p.Body)
	}
	push := c.next(3 * time.Second)
	var body struct {
		ServiceInfo struct {
			Hosts []struct {
				IP     string  `json:"ip"`
				Weight float64 `json:"weight"`
			} `json:"hosts"`
		} `json:"serviceInfo"`
	}
	decode(t, push, &body)
	if push.Type != "NotifySubscriberRequest" || len(body.ServiceInfo.Hosts) != 1 || body.ServiceInfo.Hosts[0].Weight != 7 {
		t.Fatalf("after subscribing: %s %s, want NotifySubscriberRequest of orders with 10.0.0.5 weight 7", push.Type, push.Body)
	}
	c.ack(push, "NotifySubscriberResponse")
	select {
	case p := <-c.pushes:
		t.Fatalf("after the acknowledgement: %s, want nothing", p.Type)
	case <-time.After(1500 * time.Millisecond):
	}
}
