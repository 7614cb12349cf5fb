package nacosgrpc

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/nacos-group/nacos-sdk-go/v2/common/remote/rpc/rpc_response"
	"google.golang.org/grpc"

	regauth "github.com/causeway-dev/causeway/registry/auth"
	"github.com/causeway-dev/causeway/registry/config"
	"github.com/causeway-dev/causeway/registry/naming"
	"github.com/causeway-dev/causeway/registry/store/badger"
)

// env is a Server over in-memory stores, driven without gRPC: requests go
// straight to the unary dispatcher and stream messages to the bi-stream
// handler, on connections made by hand.
type env struct {
	t      testing.TB
	srv    *Server
	naming *naming.Registry
	config *config.Service
	auth   *regauth.Service
	token  string // a valid access token when auth is on
	// panics counts the handler panics the dispatcher caught (it logs
	// them at error level).
	panics atomic.Int64
	port   atomic.Int64
	addr   string // the gRPC address, once listen was called
}

type envOptions struct {
	auth bool
	// tune adjusts the server's options (timeouts, mostly).
	tune func(*Options)
	// setupWait is Options.SetupWait (default 50 ms, to keep tests of
	// unregistered connections quick).
	setupWait time.Duration
}

func newEnv(t testing.TB, o envOptions) *env {
	t.Helper()
	st, err := badger.Open(badger.Options{InMemory: true, Logger: quietLog()})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	reg, err := naming.New(ctx, st, naming.Options{Logger: quietLog()})
	if err != nil {
		t.Fatal(err)
	}
	cfg, err := config.New(ctx, st, config.Options{Logger: quietLog()})
	if err != nil {
		t.Fatal(err)
	}
	e := &env{t: t, naming: reg, config: cfg}
	opts := Options{Logger: slog.New(panicCounter{&e.panics}), Naming: reg, Config: cfg,
		SetupWait: 50 * time.Millisecond, PushTimeout: 200 * time.Millisecond}
	if o.setupWait > 0 {
		opts.SetupWait = o.setupWait
	}
	if o.auth {
		e.auth = regauth.New(st, regauth.Options{Logger: quietLog(), PasswordCost: 4})
		if _, err := e.auth.Bootstrap(ctx, "Secret-pw-1"); err != nil {
			t.Fatal(err)
		}
		tok, err := e.auth.Login(ctx, "nacos", "Secret-pw-1")
		if err != nil {
			t.Fatal(err)
		}
		e.token = tok.AccessToken
		opts.Auth = e.auth
	}
	if o.tune != nil {
		o.tune(&opts)
	}
	e.srv = New(opts)
	done := make(chan struct{})
	go func() { defer close(done); e.srv.Run(ctx) }()
	t.Cleanup(func() {
		cancel()
		<-done
		cfg.Close()
		reg.Close()
		_ = st.Close()
	})
	return e
}

func quietLog() *slog.Logger { return slog.New(slog.NewTextHandler(io.Discard, nil)) }

// listen serves the env's server on a loopback gRPC port (once) and
// answers its address.
func (e *env) listen(t testing.TB) string {
	t.Helper()
	if e.addr != "" {
		return e.addr
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	g := grpc.NewServer(e.srv.ServerOptions()...)
	e.srv.Register(g)
	go func() { _ = g.Serve(ln) }()
	t.Cleanup(g.Stop)
	e.addr = ln.Addr().String()
	return e.addr
}

// succeeded reads an answer's success flag (absent: false).
func succeeded(a answer) bool { return a.Success != nil && *a.Success }

// panicCounter is a log handler that counts the dispatcher's "handler
// panicked" records.
type panicCounter struct{ n *atomic.Int64 }

func (h panicCounter) Enabled(context.Context, slog.Level) bool { return true }
func (h panicCounter) Handle(_ context.Context, r slog.Record) error {
	if strings.Contains(r.Message, "panicked") {
		h.n.Add(1)
	}
	return nil
}
func (h panicCounter) WithAttrs([]slog.Attr) slog.Handler { return h }
func (h panicCounter) WithGroup(string) slog.Handler      { return h }

// testConn is a connection made by hand: its bi-stream's send queue is out.
type testConn struct {
	*Conn
	out chan *Payload
	ctx context.Context
}

// chanStream is a bi-stream whose pushes go to a channel.
type chanStream struct {
	grpc.ServerStream // not called
	ctx               context.Context
	out               chan *Payload
}

func (s chanStream) Context() context.Context { return s.ctx }

// SendMsg sends the payload's wire form, as gRPC would.
func (s chanStream) SendMsg(m any) error {
	var p Payload
	if err := p.Unmarshal(m.(*Payload).Marshal()); err != nil {
		return err
	}
	select {
	case s.out <- &p:
		return nil
	default:
		return errQueueFull
	}
}

// conn opens a transport; setupBody, when not "", is sent as its
// ConnectionSetupRequest.
func (e *env) conn(setupBody string) *testConn {
	port := int(e.port.Add(1))%60000 + 1024
	c := newConn(&net.TCPAddr{IP: net.IPv4(127, 0, 0, 1), Port: port}, time.Now())
	e.srv.mu.Lock()
	e.srv.conns[c.ID] = c
	e.srv.mu.Unlock()
	tc := &testConn{Conn: c, out: make(chan *Payload, pushQueue), ctx: context.WithValue(context.Background(), connKey{}, c)}
	if !c.attachStream(chanStream{ctx: tc.ctx, out: tc.out}) {
		e.t.Fatal("attach stream")
	}
	if setupBody != "" {
		e.srv.fromStream(c, &Payload{Type: "ConnectionSetupRequest", ClientIP: "10.9.9.9", Body: []byte(setupBody)})
	}
	return tc
}

// namingConn and configConn are set up as the Go SDK sets its
// connections up.
func (e *env) namingConn() *testConn {
	return e.conn(`{"requestId":"","module":"internal","clientVersion":"Nacos-Go-Client:v2.2.7","tenant":"","labels":{"source":"sdk","module":"naming"},"clientAbilities":{}}`)
}

func (e *env) configConn() *testConn {
	return e.conn(`{"requestId":"","module":"internal","clientVersion":"Nacos-Go-Client:v2.2.7","tenant":"","labels":{"source":"sdk","module":"config","AppName":"","taskId":"0"},"clientAbilities":{}}`)
}

func (e *env) close(c *testConn) { e.srv.drop(c.Conn) }

// headers are what the SDK sends with business requests, with the token
// when auth is on.
func (e *env) headers() map[string]string {
	h := map[string]string{"app": "test"}
	if e.token != "" {
		h["accessToken"] = e.token
	}
	return h
}

// call sends one unary request of type typ with a JSON body (a string or
// a value to marshal) and the env's headers.
func (e *env) call(c *testConn, typ string, body any) *Payload {
	e.t.Helper()
	return e.callWith(c, typ, body, e.headers())
}

func (e *env) callWith(c *testConn, typ string, body any, headers map[string]string) *Payload {
	e.t.Helper()
	var b []byte
	switch v := body.(type) {
	case string:
		b = []byte(v)
	case []byte:
		b = v
	default:
		var err error
		if b, err = json.Marshal(v); err != nil {
			e.t.Fatal(err)
		}
	}
	// The payload goes through its wire form, as it would over gRPC.
	var p Payload
	if err := p.Unmarshal((&Payload{Type: typ, ClientIP: "10.9.9.9", Headers: headers, Body: b}).Marshal()); err != nil {
		e.t.Fatal(err)
	}
	resp := e.srv.request(c.ctx, &p)
	if resp == nil {
		e.t.Fatalf("%s: no answer", typ)
	}
	// So does the answer, which may be in pieces.
	var answer Payload
	if err := answer.Unmarshal(resp.Marshal()); err != nil {
		e.t.Fatal(err)
	}
	return &answer
}

// answer is the common part of a response.
type answer struct {
	Type       string
	ResultCode int    `json:"resultCode"`
	ErrorCode  int    `json:"errorCode"`
	Message    string `json:"message"`
	Success    *bool  `json:"success"`
}

func decodeAnswer(t testing.TB, p *Payload) answer {
	t.Helper()
	var a answer
	if err := json.Unmarshal(p.Body, &a); err != nil {
		t.Fatalf("%s answer %q: %v", p.Type, p.Body, err)
	}
	a.Type = p.Type
	return a
}

// sdkDecodes checks that the Go SDK understands an answer: it maps the
// type to its response struct (ServerCheckResponse excepted: the SDK reads
// its body whatever the type) and unmarshals the body into it.
func sdkDecodes(t testing.TB, p *Payload) {
	t.Helper()
	if p.Type == "ServerCheckResponse" {
		return
	}
	mk, ok := rpc_response.ClientResponseMapping[p.Type]
	if !ok {
		t.Fatalf("the Go SDK has no response type %q", p.Type)
	}
	if _, err := rpc_response.InnerResponseJsonUnmarshal(p.Body, mk); err != nil {
		t.Fatalf("the Go SDK cannot read the %s %s: %v", p.Type, p.Body, err)
	}
}

// stored counts what the stores hold: services and instances of the
// registry, configs of the namespaces the tests use; a bad request must
// not change it.
func (e *env) stored() [3]int {
	services, instances := e.naming.Counts()
	return [3]int{services, instances, e.config.Count("") + e.config.Count("dev")}
}
