package nacosgrpc

import (
	"context"
	"encoding/json"
	"testing"
	"time"

	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials/insecure"
)

// client is a raw Nacos 2 client: one transport, its bi-stream, and the
// server's pushes as they come.
type client struct {
	t      *testing.T
	conn   *grpc.ClientConn
	stream grpc.ClientStream
	pushes chan *Payload // closed when the stream ends, with streamErr
	token  string

	streamErr error
}

func (e *env) dial(t *testing.T) *client {
	t.Helper()
	conn, err := grpc.NewClient(e.listen(t), grpc.WithTransportCredentials(insecure.NewCredentials()),
		grpc.WithDefaultCallOptions(grpc.ForceCodec(Codec{})))
	if err != nil {
		t.Fatal(err)
	}
	c := &client{t: t, conn: conn, pushes: make(chan *Payload, 64)}
	t.Cleanup(func() { _ = conn.Close() })
	return c
}

// connect dials and sets the connection up, as the SDKs do: server check,
// bi-stream, setup (with an ability table when negotiate, as the Java
// SDK sends).
func (e *env) connect(t *testing.T, negotiate bool) *client {
	t.Helper()
	c := e.dial(t)
	if p := c.call("ServerCheckRequest", map[string]any{"module": "internal"}); p.Type != "ServerCheckResponse" {
		t.Fatalf("server check answered %s %s", p.Type, p.Body)
	}
	c.openStream()
	setup := map[string]any{"clientVersion": "Nacos-Java-Client:v2.5.1", "labels": map[string]string{"module": "naming", "source": "sdk"},
		"module": "internal"}
	if negotiate {
		setup["abilityTable"] = map[string]bool{}
	}
	c.send("ConnectionSetupRequest", setup)
	return c
}

func (c *client) openStream() {
	c.t.Helper()
	st, err := c.conn.NewStream(context.Background(), &grpc.StreamDesc{ServerStreams: true, ClientStreams: true},
		"/BiRequestStream/requestBiStream")
	if err != nil {
		c.t.Fatal(err)
	}
	c.stream = st
	go func() {
		for {
			p := new(Payload)
			if err := st.RecvMsg(p); err != nil {
				c.streamErr = err
				close(c.pushes)
				return
			}
			c.pushes <- p
		}
	}()
}

// send writes a message on the bi-stream.
func (c *client) send(typ string, body any) {
	c.t.Helper()
	b, err := json.Marshal(body)
	if err != nil {
		c.t.Fatal(err)
	}
	if err := c.stream.SendMsg(&Payload{Type: typ, Body: b}); err != nil {
		c.t.Fatal(err)
	}
}

// call sends a unary request with the client's token.
func (c *client) call(typ string, body any) *Payload {
	c.t.Helper()
	b, err := json.Marshal(body)
	if err != nil {
		c.t.Fatal(err)
	}
	req := &Payload{Type: typ, Body: b, Headers: map[string]string{}}
	if c.token != "" {
		req.Headers["accessToken"] = c.token
	}
	resp := new(Payload)
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := c.conn.Invoke(ctx, "/Request/request", req, resp); err != nil {
		c.t.Fatalf("%s: %v", typ, err)
	}
	return resp
}

// next answers the next push, failing after timeout.
func (c *client) next(timeout time.Duration) *Payload {
	c.t.Helper()
	select {
	case p, ok := <-c.pushes:
		if !ok {
			c.t.Fatal("the bi-stream ended")
		}
		return p
	case <-time.After(timeout):
		c.t.Fatalf("no push in %v", timeout)
	}
	return nil
}

// ended waits up to d for the bi-stream to end and answers how it ended;
// false when it did not (a push that came meanwhile fails the test).
func (c *client) ended(d time.Duration) (error, bool) {
	c.t.Helper()
	select {
	case p, ok := <-c.pushes:
		if ok {
			c.t.Fatalf("a push (%s) rather than the end of the stream", p.Type)
		}
		return c.streamErr, true
	case <-time.After(d):
		return nil, false
	}
}

// until reads pushes, acknowledging each, until one satisfies ok, and
// answers it: a subscriber is pushed shortly after it subscribes as well
// as on changes, so the push a test waits for may not be the first.
func (c *client) until(timeout time.Duration, ok func(*Payload) bool) *Payload {
	c.t.Helper()
	deadline := time.Now().Add(timeout)
	for {
		p := c.next(time.Until(deadline))
		c.ack(p, "NotifySubscriberResponse")
		if ok(p) {
			return p
		}
	}
}

// ack answers a push with a response of typ, resultCode 200.
func (c *client) ack(p *Payload, typ string) {
	c.t.Helper()
	var id struct {
		RequestID string `json:"requestId"`
	}
	if err := json.Unmarshal(p.Body, &id); err != nil || id.RequestID == "" {
		c.t.Fatalf("push %s without a request id: %s", p.Type, p.Body)
	}
	c.send(typ, map[string]any{"resultCode": 200, "errorCode": 0, "requestId": id.RequestID, "success": true})
}

// decode reads a payload body into v.
func decode(t *testing.T, p *Payload, v any) {
	t.Helper()
	if err := json.Unmarshal(p.Body, v); err != nil {
		t.Fatalf("%s: %v: %s", p.Type, err, p.Body)
	}
}

func (c *client) register(service, ip string, port int) *Payload {
	c.t.Helper()
	return c.call("InstanceRequest", map[string]any{"namespace": "public", "serviceName": service, "groupName": "DEFAULT_GROUP",
		"type": "registerInstance", "instance": map[string]any{"ip": ip, "port": port, "weight": 1.0, "healthy": true,
			"enabled": true, "ephemeral": true, "clusterName": "DEFAULT"}})
}

// waitFor polls cond for up to 5 s.
func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(10 * time.Millisecond)
	}
}
