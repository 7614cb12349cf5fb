package nacosgrpc

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net"
	"testing"
	"time"

	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/credentials/insecure"
	"google.golang.org/grpc/status"

	"github.com/causeway-dev/causeway/registry/naming"
	"github.com/causeway-dev/causeway/registry/store/badger"
)

// Behaviours the real Java SDK (nacos-client 2.5.1) depends on, found by
// test/e2e's TestNacosJavaSDK* and pinned here at the protocol level: a
// gRPC client that speaks as the Java SDK does.

func jcLogger() *slog.Logger { return slog.New(slog.NewTextHandler(io.Discard, nil)) }

// jcServe runs s on a loopback port until the test ends.
func jcServe(t *testing.T, s *Server) string {
	t.Helper()
	g := grpc.NewServer(s.ServerOptions()...)
	s.Register(g)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go func() { _ = g.Serve(ln) }()
	t.Cleanup(g.Stop)
	return ln.Addr().String()
}

// jcRegistry is a naming registry over an in-memory store.
func jcRegistry(t *testing.T) *naming.Registry {
	t.Helper()
	st, err := badger.Open(badger.Options{InMemory: true, Logger: jcLogger()})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = st.Close() })
	reg, err := naming.New(context.Background(), st, naming.Options{Logger: jcLogger()})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(reg.Close)
	return reg
}

// jcClient is one connection made as the Java SDK makes it.
type jcClient struct {
	t      *testing.T
	ctx    context.Context
	cc     *grpc.ClientConn
	stream grpc.ClientStream
}

// jcConnect does the Java SDK's handshake: server check, bi-stream,
// ConnectionSetupRequest with an ability table, SetupAckRequest back.
func jcConnect(t *testing.T, addr, module string) *jcClient {
	t.Helper()
	cc, err := grpc.NewClient(addr, grpc.WithTransportCredentials(insecure.NewCredentials()),
		grpc.WithDefaultCallOptions(grpc.ForceCodec(codec{})))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = cc.Close() })
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	t.Cleanup(cancel)
	c := &jcClient{t: t, ctx: ctx, cc: cc}
	if p := c.unary("ServerCheckRequest", `{"module":"internal","headers":{}}`); p.Type != "ServerCheckResponse" {
		t.Fatalf("server check answered %s %s", p.Type, p.Body)
	}
	c.stream, err = cc.NewStream(ctx, &grpc.StreamDesc{ServerStreams: true, ClientStreams: true}, "/BiRequestStream/requestBiStream")
	if err != nil {
		t.Fatal(err)
	}
	setup := &Payload{Type: "ConnectionSetupRequest", ClientIP: "10.0.0.1", Body: []byte(`{"clientVersion":"Nacos-Java-Client:v2.5.1",` +
		`"labels":{"source":"sdk","module":"` + module + `","AppName":"unknown","tls.enable":"false"},"abilityTable":{},"module":"internal","headers":{}}`)}
	if err := c.stream.SendMsg(setup); err != nil {
		t.Fatal(err)
	}
	if p := c.recv(); p.Type != "SetupAckRequest" {
		t.Fatalf("after the setup: %s %s, want SetupAckRequest", p.Type, p.Body)
	}
	return c
}

func (c *jcClient) unary(typ, body string) *Payload {
	c.t.Helper()
	out := new(Payload)
	if err := c.cc.Invoke(c.ctx, "/Request/request", &Payload{Type: typ, Body: []byte(body)}, out); err != nil {
		c.t.Fatalf("%s: %v", typ, err)
	}
	return out
}

func (c *jcClient) recv() *Payload {
	c.t.Helper()
	p := new(Payload)
	if err := c.stream.RecvMsg(p); err != nil {
		c.t.Fatalf("receive on the bi-stream: %v", err)
	}
	return p
}

// recvWithin answers the next message of the bi-stream, or the error that
// ended it; ok is false when nothing came within d.
func (c *jcClient) recvWithin(d time.Duration) (p *Payload, err error, ok bool) {
	type got struct {
		p   *Payload
		err error
	}
	ch := make(chan got, 1)
	go func() {
		p := new(Payload)
		err := c.stream.RecvMsg(p)
		ch <- got{p, err}
	}()
	select {
	case g := <-ch:
		return g.p, g.err, true
	case <-time.After(d):
		return nil, nil, false
	}
}

// A client that stops answering is let go of (ClientDetectionRequest
// unacknowledged). Its transport may stay open; then its bi-stream ends
// with UNAVAILABLE and its requests are answered "unregistered" (301), so
// the SDK reconnects and registers again. Before, the stream stayed open
// and requests succeeded on a connection the registry had forgotten: the
// real Java SDK, paused past the detection, came back believing itself
// registered while its instances were gone for good.
func TestDroppedConnectionEndsStreamAndIsUnregistered(t *testing.T) {
	s := New(Options{PushTimeout: 100 * time.Millisecond, Logger: jcLogger()})
	c := jcConnect(t, jcServe(t, s), "naming")
	if p := c.unary("HealthCheckRequest", `{"module":"internal","headers":{}}`); p.Type != "HealthCheckResponse" {
		t.Fatalf("health check answered %s %s", p.Type, p.Body)
	}

	// The server asks whether the client is there; it does not answer.
	conns := s.connections()
	if len(conns) != 1 {
		t.Fatalf("%d connections, want 1", len(conns))
	}
	s.probe(conns[0])
	if p := c.recv(); p.Type != "ClientDetectionRequest" {
		t.Fatalf("probe: %s %s, want ClientDetectionRequest", p.Type, p.Body)
	}
	// The stream ends, as it does when Nacos closes the channel.
	_, err, ok := c.recvWithin(5 * time.Second)
	if !ok {
		t.Fatal("the stream of a dropped connection is still open")
	}
	if status.Code(err) != codes.Unavailable {
		t.Fatalf("the stream of a dropped connection ended with %v, want UNAVAILABLE", err)
	}
	// And what the client still sends on the transport is unregistered.
	p := c.unary("HealthCheckRequest", `{"module":"internal","headers":{}}`)
	var r Response
	if err := json.Unmarshal(p.Body, &r); err != nil || p.Type != "ErrorResponse" || r.ErrorCode != errUnregistered {
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
	reg := jcRegistry(t)
	s := New(Options{Naming: reg, Logger: jcLogger()})
	c := jcConnect(t, jcServe(t, s), "naming")
	k := naming.ServiceKey{Namespace: "public", Group: "DEFAULT_GROUP", Name: "orders"}
	if err := reg.Register(context.Background(), naming.Instance{Service: k, IP: "10.0.0.5", Port: 8080, Cluster: "DEFAULT",
		Weight: 7, Enabled: true, Healthy: true, Ephemeral: true}); err != nil {
		t.Fatal(err)
	}

	// The redo's subscribe (its answer is all the SDK would get without the push).
	p := c.unary("SubscribeServiceRequest", `{"namespace":"public","serviceName":"orders","groupName":"DEFAULT_GROUP",`+
		`"subscribe":true,"clusters":"","module":"naming","headers":{}}`)
	if p.Type != "SubscribeServiceResponse" {
		t.Fatalf("subscribe answered %s %s", p.Type, p.Body)
	}
	push, err, ok := c.recvWithin(3 * time.Second)
	if !ok || err != nil {
		t.Fatalf("no push within 3s of subscribing (%v)", err)
	}
	var body struct {
		RequestID   string `json:"requestId"`
		ServiceInfo struct {
			Name  string `json:"name"`
			Hosts []struct {
				IP     string  `json:"ip"`
				Weight float64 `json:"weight"`
			} `json:"hosts"`
		} `json:"serviceInfo"`
	}
	if push.Type != "NotifySubscriberRequest" || json.Unmarshal(push.Body, &body) != nil || body.RequestID == "" ||
		body.ServiceInfo.Name != "orders" || len(body.ServiceInfo.Hosts) != 1 || body.ServiceInfo.Hosts[0].Weight != 7 {
		t.Fatalf("after subscribing: %s %s, want NotifySubscriberRequest of orders with 10.0.0.5 weight 7", push.Type, push.Body)
	}
	// The SDK acknowledges it; nothing more comes unasked.
	ack := &Payload{Type: "NotifySubscriberResponse", Body: []byte(`{"resultCode":200,"errorCode":0,"requestId":"` + body.RequestID + `","success":true}`)}
	if err := c.stream.SendMsg(ack); err != nil {
		t.Fatal(err)
	}
	if p, err, ok := c.recvWithin(2 * time.Second); ok {
		t.Fatalf("after the acknowledgement: %v %v, want nothing", p, err)
	}
}
