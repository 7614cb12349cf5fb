package nacosgrpc

import (
	"context"
	"errors"
	"fmt"
	"net"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"google.golang.org/grpc"
)

// Conn is one client connection: a gRPC transport (TCP connection), which
// becomes a Nacos connection once its client sent ConnectionSetupRequest on
// the bi-stream. Its id is Nacos's: <ms>_<ip>_<port>.
type Conn struct {
	ID         string
	RemoteIP   string
	RemotePort int

	ready      chan struct{} // closed once set up
	readyOnce  sync.Once
	lastActive atomic.Int64 // unix ms of the last request or ack
	probing    atomic.Bool  // a ClientDetectionRequest awaits its answer

	mu      sync.Mutex
	setup   *connSetup
	stream  grpc.ServerStream // the bi-stream; nil without one
	netConn net.Conn          // its transport's, closed with the connection
	queue   []*Payload        // what waits to be written on it
	writing bool              // a writer goroutine drains queue
	pending map[string]func(ack, error)
	closed  bool
}

// connSetup is what a client says of itself when it sets its connection
// up.
type connSetup struct {
	ClientIP string
	Version  string
	Tenant   string
	Labels   map[string]string
}

// module is the connection's Nacos module label: naming or config.
func (s *connSetup) module() string { return s.Labels["module"] }

func newConn(addr net.Addr, now time.Time) *Conn {
	ip, port := "", 0
	if tcp, ok := addr.(*net.TCPAddr); ok {
		ip, port = tcp.IP.String(), tcp.Port
	} else if addr != nil {
		host, p, _ := net.SplitHostPort(addr.String())
		ip = host
		port, _ = strconv.Atoi(p)
	}
	c := &Conn{ID: fmt.Sprintf("%d_%s_%d", now.UnixMilli(), ip, port), RemoteIP: ip, RemotePort: port,
		ready: make(chan struct{}), pending: map[string]func(ack, error){}}
	c.lastActive.Store(now.UnixMilli())
	return c
}

type connKey struct{}

// connOf answers the connection of a request's context.
func connOf(ctx context.Context) *Conn {
	c, _ := ctx.Value(connKey{}).(*Conn)
	return c
}

func (c *Conn) touch(now time.Time) { c.lastActive.Store(now.UnixMilli()) }

// markReady records the setup; it answers false when the connection was
// set up already.
func (c *Conn) markReady(s *connSetup) bool {
	first := false
	c.readyOnce.Do(func() {
		c.mu.Lock()
		c.setup = s
		c.mu.Unlock()
		close(c.ready)
		first = true
	})
	return first
}

// waitReady waits up to d for the setup: the Go SDK sends its first
// requests 100 ms after its setup, with no answer to wait for, and the
// setup may not have been read yet.
func (c *Conn) waitReady(ctx context.Context, d time.Duration) bool {
	select {
	case <-c.ready:
		return true
	default:
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-c.ready:
		return true
	case <-t.C:
	case <-ctx.Done():
	}
	return false
}

// clientIP is the IP the client says it has (its setup's clientIp, which
// Nacos matches beta IPs and listener queries against), else its remote
// address.
func (c *Conn) clientIP() string {
	if st := c.Setup(); st != nil && st.ClientIP != "" {
		return st.ClientIP
	}
	return c.RemoteIP
}

// Setup answers what the client said of itself, nil before it did.
func (c *Conn) Setup() *connSetup {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.setup
}

// attachStream makes st the connection's bi-stream, which pushes are
// written to; false when it has one already (a second bi-stream on the
// same transport) or is closed.
func (c *Conn) attachStream(st grpc.ServerStream) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.stream != nil || c.closed {
		return false
	}
	c.stream = st
	c.netConn = netConnOf(st.Context())
	return true
}

// detachStream ends the writes to the bi-stream, whose handler is
// returning: what is queued is dropped; a write under way fails with the
// stream's end.
func (c *Conn) detachStream() {
	c.mu.Lock()
	c.stream, c.queue = nil, nil
	c.mu.Unlock()
}

// enqueue queues a payload for the bi-stream and makes sure a writer
// drains the queue. The writer is a goroutine that lives only while there
// is something to write: an idle connection (nearly all of them, nearly
// always) holds no goroutine and no buffer for its pushes. c.mu is held.
func (c *Conn) enqueue(p *Payload) error {
	switch {
	case c.closed:
		return errClosed
	case c.stream == nil:
		return errNoStream
	case len(c.queue) >= pushQueue:
		return errQueueFull
	}
	c.queue = append(c.queue, p)
	if !c.writing {
		c.writing = true
		go c.write()
	}
	return nil
}

// write sends the queue in order until it is empty or the stream fails.
func (c *Conn) write() {
	for {
		c.mu.Lock()
		st := c.stream
		if st == nil || len(c.queue) == 0 {
			c.writing = false
			c.queue = nil
			c.mu.Unlock()
			return
		}
		p := c.queue[0]
		c.queue[0] = nil
		c.queue = c.queue[1:]
		c.mu.Unlock()
		if err := st.SendMsg(p); err != nil {
			c.mu.Lock()
			c.writing = false
			c.queue = nil
			c.mu.Unlock()
			return
		}
	}
}

var (
	errNoStream  = errors.New("the connection has no bi-stream")
	errQueueFull = errors.New("the connection's push queue is full")
	errClosed    = errors.New("the connection closed")
	errTimeout   = errors.New("no acknowledgement in time")
)

// push sends a server request (whose request id is id) over the
// bi-stream and calls done (once, on another goroutine or this one) with
// the client's acknowledgement, or an error when it cannot be sent, times
// out or the connection closes.
func (c *Conn) push(p *Payload, id string, timeout time.Duration, done func(ack, error)) {
	c.mu.Lock()
	if err := c.enqueue(p); err != nil {
		c.mu.Unlock()
		done(ack{}, err)
		return
	}
	var once sync.Once
	finish := func(a ack, err error) { once.Do(func() { done(a, err) }) }
	t := time.AfterFunc(timeout, func() { c.forget(id); finish(ack{}, errTimeout) })
	c.pending[id] = func(a ack, err error) { t.Stop(); finish(a, err) }
	c.mu.Unlock()
}

// send queues a server request that wants no acknowledgement.
func (c *Conn) send(p *Payload) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.enqueue(p)
}

func (c *Conn) forget(id string) {
	c.mu.Lock()
	delete(c.pending, id)
	c.mu.Unlock()
}

// acked hands a client's response to the push it answers.
func (c *Conn) acked(a ack) {
	c.mu.Lock()
	f := c.pending[a.RequestID]
	delete(c.pending, a.RequestID)
	c.mu.Unlock()
	if f != nil {
		f(a, nil)
	}
}

// close fails every push still waiting, closes the transport (which ends
// the bi-stream) and answers whether this closed the connection.
func (c *Conn) close() bool {
	c.mu.Lock()
	if c.closed {
		c.mu.Unlock()
		return false
	}
	c.closed = true
	pending, nc := c.pending, c.netConn
	c.pending = map[string]func(ack, error){}
	c.mu.Unlock()
	for _, f := range pending {
		f(ack{}, errClosed)
	}
	if nc != nil {
		_ = nc.Close()
	}
	return true
}

// isClosed reports whether the connection is gone.
func (c *Conn) isClosed() bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.closed
}
