package dubbo

import (
	"context"
	"errors"
	"fmt"
	"net"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	hessian "github.com/apache/dubbo-go-hessian2"
)

// fakeProvider speaks just enough Dubbo 2 over loopback: it reads request
// frames and hands each to serve in a goroutine of its own, so answers can
// come in any order.
type fakeProvider struct {
	t     *testing.T
	ln    net.Listener
	serve func(c *fakeConn, f Frame)

	mu       sync.Mutex
	conns    []*fakeConn
	events   []Frame // event and response frames from the client
	accepted atomic.Int32
	requests atomic.Int32 // calls, not heartbeats
}

type fakeConn struct {
	nc  net.Conn
	wmu sync.Mutex
}

func (c *fakeConn) send(b []byte) {
	c.wmu.Lock()
	defer c.wmu.Unlock()
	_, _ = c.nc.Write(b)
}

func startFake(t *testing.T, serve func(c *fakeConn, f Frame)) *fakeProvider {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	p := &fakeProvider{t: t, ln: ln, serve: serve}
	go p.acceptLoop()
	t.Cleanup(p.stop)
	return p
}

func (p *fakeProvider) addr() string { return p.ln.Addr().String() }

func (p *fakeProvider) acceptLoop() {
	for {
		nc, err := p.ln.Accept()
		if err != nil {
			return
		}
		p.accepted.Add(1)
		c := &fakeConn{nc: nc}
		p.mu.Lock()
		p.conns = append(p.conns, c)
		p.mu.Unlock()
		go p.readLoop(c)
	}
}

func (p *fakeProvider) readLoop(c *fakeConn) {
	d := NewDecoder(c.nc, 0)
	for {
		f, err := d.Next()
		if err != nil {
			return
		}
		if f.Event || !f.Request {
			p.mu.Lock()
			p.events = append(p.events, f)
			p.mu.Unlock()
		}
		if f.Request && !f.Event {
			p.requests.Add(1)
		}
		if f.Request {
			go p.serve(c, f)
		}
	}
}

// dropConns closes every connection the provider has accepted.
func (p *fakeProvider) dropConns() {
	p.mu.Lock()
	defer p.mu.Unlock()
	for _, c := range p.conns {
		c.nc.Close()
	}
	p.conns = nil
}

func (p *fakeProvider) stop() {
	p.ln.Close()
	p.dropConns()
}

func (p *fakeProvider) eventFrames() []Frame {
	p.mu.Lock()
	defer p.mu.Unlock()
	return append([]Frame{}, p.events...)
}

// call is a request body's method and arguments ("" when unreadable).
func call(f Frame) (string, []hessian.Object) {
	d := hessian.NewDecoder(f.Body)
	var vs []any
	for i := 0; i < 8; i++ {
		v, err := d.Decode()
		if err != nil {
			return "", nil
		}
		vs = append(vs, v)
	}
	m, _ := vs[5].(string)
	args, _ := vs[7].([]hessian.Object)
	return m, args
}

// valueFrame answers request id with v, as a provider does.
func valueFrame(id int64, v any) []byte {
	e := hessian.NewEncoder()
	_ = e.Encode(int32(ResponseValueAttachments))
	_ = e.Encode(v)
	_ = e.Encode(map[string]string{"dubbo": DubboVersion})
	h := Header{Serialization: SerializationHessian2, Status: StatusOK, ID: id}
	return AppendFrame(nil, Frame{Header: h, Body: e.Buffer()})
}

// echo answers heartbeats, and each call with "<method>:<first arg>" after
// the first argument's milliseconds when it is an int32.
func echo(c *fakeConn, f Frame) {
	if f.Event {
		if f.TwoWay {
			c.send(AppendFrame(nil, Frame{Header: Header{Event: true, Serialization: 2, Status: StatusOK, ID: f.ID}, Body: []byte{'N'}}))
		}
		return
	}
	m, args := call(f)
	if len(args) > 0 {
		if ms, ok := args[0].(int32); ok {
			time.Sleep(time.Duration(ms) * time.Millisecond)
		}
	}
	var first any
	if len(args) > 0 {
		first = args[0]
	}
	c.send(valueFrame(f.ID, fmt.Sprintf("%s:%v", m, first)))
}

func inv(method string, args ...any) *Invocation {
	types := make([]string, len(args))
	for i := range types {
		types[i] = "java.lang.Object"
	}
	return &Invocation{Interface: "com.example.Echo", Method: method, ParamTypes: types, Args: args}
}

// eventually polls cond for up to 2 s.
func eventually(t *testing.T, what string, cond func() bool) {
	t.Helper()
	for deadline := time.Now().Add(2 * time.Second); !cond(); time.Sleep(5 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatal("timed out waiting: " + what)
		}
	}
}

func ctxFor(t *testing.T, d time.Duration) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), d)
	t.Cleanup(cancel)
	return ctx
}

// TestClientMultiplexes: concurrent calls share one connection, and each
// gets its own answer though the answers come back in another order.
func TestClientMultiplexes(t *testing.T) {
	p := startFake(t, echo)
	c := NewClient(p.addr(), Options{})
	defer c.Close()
	var wg sync.WaitGroup
	errs := make(chan error, 20)
	for i := 0; i < 20; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			delay := int32((20 - i) * 5) // later calls are answered first
			got, err := c.Invoke(ctxFor(t, 5*time.Second), inv(fmt.Sprintf("m%d", i), delay))
			if want := fmt.Sprintf("m%d:%d", i, delay); err != nil || got != want {
				errs <- fmt.Errorf("call %d: %v %w, want %s", i, got, err, want)
			}
		}(i)
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	if n := p.accepted.Load(); n != 1 {
		t.Errorf("%d connections, want 1", n)
	}
}

// TestClientTimeout: a call past its deadline is ErrTimeout at once, its
// late answer is dropped, and the connection serves the next call.
func TestClientTimeout(t *testing.T) {
	p := startFake(t, echo)
	c := NewClient(p.addr(), Options{})
	defer c.Close()
	start := time.Now()
	_, err := c.Invoke(ctxFor(t, 50*time.Millisecond), inv("slow", int32(600)))
	if !errors.Is(err, ErrTimeout) || !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("slow call: %v, want ErrTimeout", err)
	}
	if took := time.Since(start); took > 400*time.Millisecond {
		t.Fatalf("the timeout took %v", took)
	}
	time.Sleep(700 * time.Millisecond) // the late answer arrives and is dropped
	if got, err := c.Invoke(ctxFor(t, time.Second), inv("fast", "x")); err != nil || got != "fast:x" {
		t.Fatalf("next call: %v %v", got, err)
	}
	if n := p.accepted.Load(); n != 1 {
		t.Errorf("%d connections, want the one", n)
	}
	c.cur.mu.Lock()
	if n := len(c.cur.pending); n != 0 {
		t.Errorf("%d calls still pending", n)
	}
	c.cur.mu.Unlock()
	if _, err := c.Invoke(ctxFor(t, 0), inv("late")); !errors.Is(err, ErrTimeout) {
		t.Errorf("a call whose deadline has passed: %v", err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := c.Invoke(ctx, inv("canceled")); !errors.Is(err, context.Canceled) || errors.Is(err, ErrTimeout) {
		t.Errorf("a canceled call: %v, want context.Canceled and no timeout", err)
	}
}

// TestClientRedials: a connection the provider drops fails the calls on
// it at once, and the next call dials a new one.
func TestClientRedials(t *testing.T) {
	var hang atomic.Bool
	p := startFake(t, func(c *fakeConn, f Frame) {
		if hang.Load() && !f.Event {
			return // never answers
		}
		echo(c, f)
	})
	c := NewClient(p.addr(), Options{})
	defer c.Close()
	if _, err := c.Invoke(ctxFor(t, time.Second), inv("one")); err != nil {
		t.Fatal(err)
	}
	hang.Store(true)
	done := make(chan error, 1)
	go func() {
		_, err := c.Invoke(ctxFor(t, 5*time.Second), inv("hanging"))
		done <- err
	}()
	eventually(t, "the hanging call to reach the provider", func() bool { return p.requests.Load() == 2 })
	p.dropConns()
	select {
	case err := <-done:
		if !errors.Is(err, ErrUnavailable) {
			t.Fatalf("call on a dropped connection: %v, want ErrUnavailable", err)
		}
	case <-time.After(time.Second):
		t.Fatal("a call on a dropped connection waited for its deadline")
	}
	hang.Store(false)
	if got, err := c.Invoke(ctxFor(t, time.Second), inv("two")); err != nil || got != "two:<nil>" {
		t.Fatalf("after the drop: %v %v", got, err)
	}
	if n := p.accepted.Load(); n != 2 {
		t.Errorf("%d connections, want 2", n)
	}
}

func TestClientUnreachable(t *testing.T) {
	ln, _ := net.Listen("tcp", "127.0.0.1:0")
	addr := ln.Addr().String()
	ln.Close() // nothing listens there now
	c := NewClient(addr, Options{})
	defer c.Close()
	start := time.Now()
	_, err := c.Invoke(ctxFor(t, 5*time.Second), inv("m"))
	if !errors.Is(err, ErrUnavailable) || time.Since(start) > time.Second {
		t.Fatalf("%v after %v, want ErrUnavailable at once", err, time.Since(start))
	}
}

// TestClientHeartbeats: the client sends heartbeats (two-way events with a
// null body) and answers the provider's.
func TestClientHeartbeats(t *testing.T) {
	p := startFake(t, echo)
	c := NewClient(p.addr(), Options{HeartbeatInterval: 20 * time.Millisecond})
	defer c.Close()
	if _, err := c.Invoke(ctxFor(t, time.Second), inv("m")); err != nil {
		t.Fatal(err)
	}
	eventually(t, "two heartbeats", func() bool { return len(p.eventFrames()) >= 2 })
	evs := p.eventFrames()
	if f := evs[0]; !f.Request || !f.TwoWay || string(f.Body) != "N" || f.Serialization != SerializationHessian2 {
		t.Fatalf("heartbeat %+v %q", f.Header, f.Body)
	}
	// The provider's heartbeat is answered with its id.
	p.mu.Lock()
	pc := p.conns[0]
	p.mu.Unlock()
	pc.send(AppendFrame(nil, Frame{Header: Header{Request: true, TwoWay: true, Event: true, Serialization: 2, ID: 777}, Body: []byte{'N'}}))
	eventually(t, "the answer to the provider's heartbeat", func() bool { return hasEventResponse(p.eventFrames(), 777) })
}

func hasEventResponse(evs []Frame, id int64) bool {
	for _, f := range evs {
		if !f.Request && f.ID == id && f.Status == StatusOK && string(f.Body) == "N" {
			return true
		}
	}
	return false
}

// TestClientDeadConnection: a provider that answers nothing, not even
// heartbeats, loses the connection after three intervals.
func TestClientDeadConnection(t *testing.T) {
	var mute atomic.Bool
	p := startFake(t, func(c *fakeConn, f Frame) {
		if !mute.Load() {
			echo(c, f)
		}
	})
	c := NewClient(p.addr(), Options{HeartbeatInterval: 20 * time.Millisecond})
	defer c.Close()
	if _, err := c.Invoke(ctxFor(t, time.Second), inv("m")); err != nil {
		t.Fatal(err)
	}
	mute.Store(true)
	c.mu.Lock()
	cn := c.cur
	c.mu.Unlock()
	eventually(t, "the silent connection to be given up", func() bool { return !cn.usable() })
	mute.Store(false)
	if _, err := c.Invoke(ctxFor(t, time.Second), inv("m")); err != nil {
		t.Fatal(err)
	}
	if n := p.accepted.Load(); n != 2 {
		t.Errorf("%d connections, want the dead one replaced", n)
	}
}

// TestClientReadonlyEvent: once the provider says it is shutting down,
// new calls go over a new connection; the old one finishes its calls and
// is closed.
func TestClientReadonlyEvent(t *testing.T) {
	p := startFake(t, echo)
	c := NewClient(p.addr(), Options{})
	defer c.Close()
	slow := make(chan error, 1)
	go func() {
		got, err := c.Invoke(ctxFor(t, 5*time.Second), inv("slow", int32(300)))
		if err == nil && got != "slow:300" {
			err = fmt.Errorf("got %v", got)
		}
		slow <- err
	}()
	eventually(t, "the slow call to reach the provider", func() bool { return p.requests.Load() == 1 })
	p.mu.Lock()
	pc := p.conns[0]
	p.mu.Unlock()
	pc.send(AppendFrame(nil, Frame{Header: Header{Request: true, Event: true, Serialization: 2, ID: 5}, Body: readonlyEvent}))
	c.mu.Lock()
	old := c.cur
	c.mu.Unlock()
	eventually(t, "the readonly event to be seen", func() bool { return old.readonly.Load() })
	if _, err := c.Invoke(ctxFor(t, time.Second), inv("m")); err != nil {
		t.Fatal(err)
	}
	if n := p.accepted.Load(); n != 2 {
		t.Errorf("%d connections, want a new one after the readonly event", n)
	}
	if err := <-slow; err != nil {
		t.Fatalf("the call on the old connection: %v", err)
	}
	eventually(t, "the drained connection to close", func() bool {
		select {
		case <-old.done:
			return true
		default:
			return false
		}
	})
	if !errors.Is(old.err, errRetired) {
		t.Errorf("the old connection ended with %v", old.err)
	}
}

// TestClientRefusesCallbacks: a request from the provider is answered
// with status 40, not left hanging.
func TestClientRefusesCallbacks(t *testing.T) {
	p := startFake(t, echo)
	c := NewClient(p.addr(), Options{})
	defer c.Close()
	if _, err := c.Invoke(ctxFor(t, time.Second), inv("m")); err != nil {
		t.Fatal(err)
	}
	p.mu.Lock()
	pc := p.conns[0]
	p.mu.Unlock()
	frame, _ := EncodeRequest(99, inv("callback"), 0, 0)
	pc.send(frame)
	eventually(t, "status 40 for the provider's call", func() bool {
		for _, f := range p.eventFrames() {
			if f.ID == 99 && f.Status == StatusBadRequest {
				return true
			}
		}
		return false
	})
}

// TestClientClose: calls waiting fail with ErrClosed, and so do later ones.
func TestClientClose(t *testing.T) {
	p := startFake(t, echo)
	c := NewClient(p.addr(), Options{})
	done := make(chan error, 1)
	go func() {
		_, err := c.Invoke(ctxFor(t, 5*time.Second), inv("slow", int32(2000)))
		done <- err
	}()
	eventually(t, "the slow call to reach the provider", func() bool { return p.requests.Load() == 1 })
	c.Close()
	if err := <-done; !errors.Is(err, ErrClosed) {
		t.Fatalf("waiting call: %v, want ErrClosed", err)
	}
	if _, err := c.Invoke(ctxFor(t, time.Second), inv("m")); !errors.Is(err, ErrClosed) {
		t.Fatalf("later call: %v, want ErrClosed", err)
	}
}

func TestPool(t *testing.T) {
	a, b := startFake(t, echo), startFake(t, echo)
	pool := NewPool(Options{})
	if first, again := pool.Get(a.addr()), pool.Get(a.addr()); first != again {
		t.Fatal("two clients for one address")
	}
	for _, p := range []*fakeProvider{a, b} {
		if got, err := pool.Invoke(ctxFor(t, time.Second), p.addr(), inv("m", "x")); err != nil || got != "m:x" {
			t.Fatalf("%s: %v %v", p.addr(), got, err)
		}
	}
	ca := pool.Get(a.addr())
	pool.Retain([]string{b.addr()})
	if _, err := ca.Invoke(ctxFor(t, time.Second), inv("m")); !errors.Is(err, ErrClosed) {
		t.Fatalf("client of a retired provider: %v, want ErrClosed", err)
	}
	if addrs := pool.Addrs(); len(addrs) != 1 || addrs[0] != b.addr() {
		t.Fatalf("addrs %v", addrs)
	}
	if _, err := pool.Invoke(ctxFor(t, time.Second), a.addr(), inv("m")); err != nil {
		t.Fatalf("a provider back in the registry: %v", err)
	}
	pool.Remove(a.addr())
	if len(pool.Addrs()) != 1 {
		t.Fatalf("addrs after Remove: %v", pool.Addrs())
	}
	pool.Close()
	if _, err := pool.Invoke(ctxFor(t, time.Second), b.addr(), inv("m")); !errors.Is(err, ErrClosed) {
		t.Fatalf("after Close: %v, want ErrClosed", err)
	}
}
