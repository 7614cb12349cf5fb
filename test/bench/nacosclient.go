package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials/insecure"
	"google.golang.org/grpc/keepalive"

	nacosgrpc "github.com/causeway-dev/causeway/api/nacos/grpc"
)

// nacosClient is a raw Nacos 2 naming client, one per simulated
// application: one transport, its bi-stream, one ephemeral instance and
// one subscription. It behaves as nacos-sdk-go v2 does on the wire
// (/work/nacos-grpc-spec.md): server check, bi-stream and
// ConnectionSetupRequest without an ability table, 100 ms later its
// requests; it acknowledges every push, health-checks when it has made no
// successful request for 5 s, and when its bi-stream ends it connects again
// (at once, then after 100 ms, 200 ms, ... up to 5 s between attempts) and
// redoes its registration and subscription. It is not the SDK: 10,000 SDK
// clients in one process would measure the SDK.
type nacosClient struct {
	addr     string
	service  string // where its instance goes
	ip       string
	port     int
	subTo    string // the service it subscribes to; "" for none
	onPush   func(body []byte, at time.Time)
	noHealth bool   // no health checks (the registration run's workers)
	onReady  func() // called each time the client is registered and subscribed

	mu     sync.Mutex // guards conn, stream and sends on the stream
	conn   *grpc.ClientConn
	stream grpc.ClientStream

	connID     atomic.Pointer[string] // the current connection's id, as ServerCheck said
	lastOK     atomic.Int64           // unix ns of the last successful request
	ready      atomic.Int64           // unix ns when the current connection was registered and subscribed; 0 while not
	sessions   atomic.Int64           // connections made
	pushes     atomic.Int64
	healthFail atomic.Int64
}

// clientOptions keep each transport small: the harness holds 10,000 of
// them next to the server on the same two cores. Keepalive as the Go SDK's.
func clientOptions() []grpc.DialOption {
	return []grpc.DialOption{
		grpc.WithTransportCredentials(insecure.NewCredentials()),
		grpc.WithDefaultCallOptions(grpc.ForceCodec(nacosgrpc.Codec{})),
		grpc.WithReadBufferSize(8 << 10),
		grpc.WithWriteBufferSize(8 << 10),
		grpc.WithKeepaliveParams(keepalive.ClientParameters{Time: 60 * time.Second, Timeout: 20 * time.Second, PermitWithoutStream: true}),
	}
}

var biStreamDesc = &grpc.StreamDesc{ServerStreams: true, ClientStreams: true}

// setupBody is the Go SDK's ConnectionSetupRequest of a naming client: no
// abilityTable, so the server sends no SetupAckRequest.
const setupBody = `{"requestId":"","module":"internal","clientVersion":"Nacos-Go-Client:v2.2.7","tenant":"",` +
	`"labels":{"source":"sdk","module":"naming"},"clientAbilities":{}}`

// openNacos makes one set-up connection that acknowledges pushes, for
// callers that drive their own requests (the registration run, the
// writer of the push run).
func openNacos(ctx context.Context, addr string) (*grpc.ClientConn, error) {
	conn, err := grpc.NewClient("passthrough:///"+addr, clientOptions()...)
	if err != nil {
		return nil, err
	}
	if err := invoke(ctx, conn, 3*time.Second, "ServerCheckRequest", `{"requestId":"","module":"internal"}`, nil); err != nil {
		conn.Close()
		return nil, err
	}
	st, err := conn.NewStream(ctx, biStreamDesc, "/BiRequestStream/requestBiStream")
	if err != nil {
		conn.Close()
		return nil, err
	}
	if err := st.SendMsg(&nacosgrpc.Payload{Type: "ConnectionSetupRequest", Body: []byte(setupBody)}); err != nil {
		conn.Close()
		return nil, err
	}
	go (&nacosClient{}).receive(st)
	sleep(ctx, 100*time.Millisecond)
	return conn, nil
}

// run keeps the client connected until ctx ends.
func (c *nacosClient) run(ctx context.Context) {
	turn := 0
	for ctx.Err() == nil {
		err := c.session(ctx)
		if ctx.Err() != nil {
			return
		}
		if err == nil { // a session that got going: reconnect at once
			turn = 0
			continue
		}
		turn++
		sleep(ctx, time.Duration(min(turn, 50))*100*time.Millisecond)
	}
}

func sleep(ctx context.Context, d time.Duration) {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
	case <-t.C:
	}
}

var errNotServing = errors.New("no server")

// session makes one connection, sets it up, registers and subscribes, and
// serves the bi-stream until it ends. It answers an error when the
// connection could not be made or set up, nil when it ended after that.
func (c *nacosClient) session(ctx context.Context) error {
	conn, err := grpc.NewClient("passthrough:///"+c.addr, clientOptions()...)
	if err != nil {
		return err
	}
	defer conn.Close()
	sctx, cancel := context.WithCancel(ctx)
	defer cancel()
	var check struct {
		ConnectionID string `json:"connectionId"`
		ResultCode   int    `json:"resultCode"`
	}
	if err := invoke(sctx, conn, 3*time.Second, "ServerCheckRequest", `{"requestId":"","module":"internal"}`, &check); err != nil {
		return err
	}
	if check.ResultCode != 200 {
		return errNotServing
	}
	st, err := conn.NewStream(sctx, biStreamDesc, "/BiRequestStream/requestBiStream")
	if err != nil {
		return err
	}
	if err := st.SendMsg(&nacosgrpc.Payload{Type: "ConnectionSetupRequest", Body: []byte(setupBody)}); err != nil {
		return err
	}
	c.mu.Lock()
	c.conn, c.stream = conn, st
	c.mu.Unlock()
	c.connID.Store(&check.ConnectionID)
	c.sessions.Add(1)
	ended := make(chan struct{})
	go func() { defer close(ended); c.receive(st) }()
	if !c.noHealth {
		go c.healthLoop(sctx, conn, ended)
	}
	// The Go SDK counts itself connected 100 ms after its setup, then
	// redoes what it registered and subscribed.
	sleep(sctx, 100*time.Millisecond)
	redone := make(chan struct{})
	go func() {
		defer close(redone)
		if c.redo(sctx, conn, ended) {
			c.ready.Store(time.Now().UnixNano())
			if c.onReady != nil {
				c.onReady()
			}
		}
	}()
	<-ended
	cancel()
	<-redone
	c.ready.Store(0)
	c.mu.Lock()
	c.conn, c.stream = nil, nil
	c.mu.Unlock()
	return nil
}

// redo registers the instance and subscribes, retrying each every
// 500 ms while the connection lasts, as the SDK's redo task does.
func (c *nacosClient) redo(ctx context.Context, conn *grpc.ClientConn, ended <-chan struct{}) bool {
	steps := []func() error{
		func() error { return c.register(ctx, conn) },
		func() error { return c.subscribe(ctx, conn) },
	}
	for _, step := range steps {
		for {
			err := step()
			if err == nil {
				break
			}
			select {
			case <-ended:
				return false
			case <-ctx.Done():
				return false
			case <-time.After(500 * time.Millisecond):
			}
		}
	}
	return true
}

func (c *nacosClient) register(ctx context.Context, conn *grpc.ClientConn) error {
	if err := registerInstance(ctx, conn, c.service, c.ip, c.port); err != nil {
		return err
	}
	c.lastOK.Store(time.Now().UnixNano())
	return nil
}

// registerInstance sends InstanceRequest registerInstance as the Go SDK
// writes it, and wants success.
func registerInstance(ctx context.Context, conn *grpc.ClientConn, service, ip string, port int) error {
	body := `{"requestId":"","module":"naming","namespace":"public","serviceName":"` + service +
		`","groupName":"DEFAULT_GROUP","type":"registerInstance","instance":{"instanceId":"","ip":"` + ip +
		`","port":` + strconv.Itoa(port) + `,"weight":1,"healthy":true,"enabled":true,"ephemeral":true,` +
		`"clusterName":"DEFAULT","serviceName":"","metadata":{},"instanceHeartBeatInterval":0,` +
		`"instanceHeartBeatTimeOut":0,"ipDeleteTimeout":0}}`
	var resp answerJSON
	if err := invoke(ctx, conn, 10*time.Second, "InstanceRequest", body, &resp); err != nil {
		return err
	}
	return resp.err("register")
}

func (c *nacosClient) subscribe(ctx context.Context, conn *grpc.ClientConn) error {
	if c.subTo == "" {
		return nil
	}
	body := `{"requestId":"","module":"naming","namespace":"public","serviceName":"` + c.subTo +
		`","groupName":"DEFAULT_GROUP","subscribe":true,"clusters":""}`
	var resp answerJSON
	if err := invoke(ctx, conn, 10*time.Second, "SubscribeServiceRequest", body, &resp); err != nil {
		return err
	}
	if err := resp.err("subscribe"); err != nil {
		return err
	}
	c.lastOK.Store(time.Now().UnixNano())
	return nil
}

type answerJSON struct {
	ResultCode int    `json:"resultCode"`
	ErrorCode  int    `json:"errorCode"`
	Message    string `json:"message"`
}

func (a answerJSON) err(what string) error {
	if a.ResultCode != 200 {
		return fmt.Errorf("%s: %d %s", what, a.ErrorCode, a.Message)
	}
	return nil
}

// invoke sends a unary request and decodes the answer's body into out.
func invoke(ctx context.Context, conn *grpc.ClientConn, timeout time.Duration, typ, body string, out any) error {
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	resp := new(nacosgrpc.Payload)
	if err := conn.Invoke(ctx, "/Request/request", &nacosgrpc.Payload{Type: typ, Body: []byte(body)}, resp); err != nil {
		return err
	}
	if resp.Type == "ErrorResponse" {
		var a answerJSON
		_ = json.Unmarshal(resp.Body, &a)
		return fmt.Errorf("%s: ErrorResponse %d %s", typ, a.ErrorCode, a.Message)
	}
	if out == nil {
		return nil
	}
	return json.Unmarshal(resp.Body, out)
}

// receive reads the bi-stream until it ends, acknowledging every server
// request with resultCode 200 and its requestId.
func (c *nacosClient) receive(st grpc.ClientStream) {
	for {
		p := new(nacosgrpc.Payload)
		if err := st.RecvMsg(p); err != nil {
			return
		}
		at := time.Now()
		id := requestIDOf(p.Body)
		var respType string
		switch p.Type {
		case "NotifySubscriberRequest":
			c.pushes.Add(1)
			if c.onPush != nil {
				c.onPush(p.Body, at)
			}
			respType = "NotifySubscriberResponse"
		case "ClientDetectionRequest":
			respType = "ClientDetectionResponse"
		case "ConnectResetRequest":
			respType = "ConnectResetResponse"
		default:
			continue
		}
		ack := &nacosgrpc.Payload{Type: respType,
			Body: []byte(`{"resultCode":200,"errorCode":0,"success":true,"message":"","requestId":"` + id + `"}`)}
		c.mu.Lock()
		err := st.SendMsg(ack)
		c.mu.Unlock()
		if err != nil {
			return
		}
	}
}

// healthy sends HealthCheckRequest; like the Go SDK it counts a 3xx
// ErrorResponse (e.g. 301, unregistered) as healthy.
func (c *nacosClient) healthy(ctx context.Context, conn *grpc.ClientConn) bool {
	ctx, cancel := context.WithTimeout(ctx, 3*time.Second)
	defer cancel()
	resp := new(nacosgrpc.Payload)
	req := &nacosgrpc.Payload{Type: "HealthCheckRequest", Body: []byte(`{"requestId":"","module":"internal"}`)}
	if err := conn.Invoke(ctx, "/Request/request", req, resp); err != nil {
		return false
	}
	var a answerJSON
	if json.Unmarshal(resp.Body, &a) != nil {
		return false
	}
	return a.ResultCode == 200 || (a.ErrorCode >= 300 && a.ErrorCode < 400)
}

// requestIDOf finds a push's requestId without decoding the service in it.
func requestIDOf(body []byte) string {
	const key = `"requestId":"`
	i := bytes.LastIndex(body, []byte(key))
	if i < 0 {
		return ""
	}
	rest := body[i+len(key):]
	j := bytes.IndexByte(rest, '"')
	if j < 0 {
		return ""
	}
	return string(rest[:j])
}

// healthLoop health-checks every 5 s when no request succeeded for 5 s;
// a failed check closes the connection, and run connects again.
func (c *nacosClient) healthLoop(ctx context.Context, conn *grpc.ClientConn, ended <-chan struct{}) {
	t := time.NewTicker(5 * time.Second)
	defer t.Stop()
	for {
		select {
		case <-ended:
			return
		case <-ctx.Done():
			return
		case now := <-t.C:
			if now.UnixNano()-c.lastOK.Load() < int64(5*time.Second) {
				continue
			}
			if c.healthy(ctx, conn) {
				c.lastOK.Store(time.Now().UnixNano())
				continue
			}
			c.healthFail.Add(1)
			_ = conn.Close()
			return
		}
	}
}
