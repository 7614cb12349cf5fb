package dubbo

// A Dubbo 2 provider serves many calls over one TCP connection: each
// request carries an id, and responses come back in any order with the
// same id. A Client keeps one such connection to one provider, dialled
// when first needed and again after it breaks, and matches responses to
// the calls waiting for them. Heartbeats (event frames) keep an idle
// connection open through the provider's idle check and tell a dead one
// from a quiet one.

import (
	"context"
	"errors"
	"fmt"
	"net"
	"sync"
	"sync/atomic"
	"time"
)

// Options tune a Client; zero values are defaults.
type Options struct {
	// DialTimeout bounds a dial; 3 s.
	DialTimeout time.Duration
	// WriteTimeout bounds writing one frame; a write that does not finish
	// in time breaks the connection. 10 s.
	WriteTimeout time.Duration
	// HeartbeatInterval is how often an open connection sends a
	// heartbeat; one that has read nothing for three intervals is closed.
	// 30 s, as Dubbo's default.
	HeartbeatInterval time.Duration
	// MaxBody bounds request and response bodies; DefaultMaxBody.
	MaxBody int
	// Dial opens connections; net.Dialer's DialContext.
	Dial func(ctx context.Context, network, addr string) (net.Conn, error)
}

func (o Options) withDefaults() Options {
	if o.DialTimeout <= 0 {
		o.DialTimeout = 3 * time.Second
	}
	if o.WriteTimeout <= 0 {
		o.WriteTimeout = 10 * time.Second
	}
	if o.HeartbeatInterval <= 0 {
		o.HeartbeatInterval = 30 * time.Second
	}
	if o.MaxBody <= 0 {
		o.MaxBody = DefaultMaxBody
	}
	if o.Dial == nil {
		o.Dial = (&net.Dialer{}).DialContext
	}
	return o
}

// Client calls one provider. It is safe for concurrent use.
type Client struct {
	addr   string
	opts   Options
	nextID atomic.Int64

	mu      sync.Mutex
	cur     *conn    // the open connection, nil when there is none
	dialing *dialing // the dial under way, nil when there is none
	closed  bool
}

type dialing struct {
	done chan struct{}
	cn   *conn
	err  error
}

// NewClient answers a client of the provider at addr (host:port); it
// dials on the first call.
func NewClient(addr string, opts Options) *Client {
	return &Client{addr: addr, opts: opts.withDefaults()}
}

// Addr is the provider's address.
func (c *Client) Addr() string { return c.addr }

// Invoke makes a generic call and answers its result as the hessian2
// library decodes it. The result can share parts, or contain itself
// (hessian2 references): turn it into JSON with ToJSON, never print it
// with fmt. ctx bounds the call: past its deadline the call is
// ErrTimeout and its late answer is dropped. Errors: *RemoteError (the
// provider threw, or refused the call), ErrTimeout, ErrUnavailable,
// ErrBadResponse, ErrInvocation, ErrClosed; HTTPStatus maps them.
func (c *Client) Invoke(ctx context.Context, inv *Invocation) (any, error) {
	if ctx.Err() != nil {
		return nil, ctxErr(ctx, "before the call was sent")
	}
	timeout := time.Duration(0)
	if dl, ok := ctx.Deadline(); ok {
		timeout = max(time.Until(dl), time.Millisecond)
	}
	id := c.nextID.Add(1)
	frame, err := EncodeRequest(id, inv, timeout, c.opts.MaxBody)
	if err != nil {
		return nil, err
	}
	f, err := c.send(ctx, id, frame)
	if err == nil {
		var resp *Response
		if resp, err = DecodeResponse(f); err == nil {
			return resp.Value, nil
		}
	}
	return nil, fmt.Errorf("%s.%s at %s: %w", inv.Interface, inv.Method, c.addr, err)
}

// send sends a request frame and waits for its response. A connection
// retired (replaced and closed) between connect and the send is tried
// once more: the request never left.
func (c *Client) send(ctx context.Context, id int64, frame []byte) (Frame, error) {
	for retried := false; ; retried = true {
		cn, err := c.connect(ctx)
		if err != nil {
			return Frame{}, err
		}
		f, err := cn.call(ctx, id, frame)
		if !errors.Is(err, errRetired) || retried {
			return f, err
		}
	}
}

// connect answers the open connection, dialling one if there is none;
// concurrent callers share one dial, each waiting no longer than its ctx.
func (c *Client) connect(ctx context.Context) (*conn, error) {
	c.mu.Lock()
	if c.closed {
		c.mu.Unlock()
		return nil, ErrClosed
	}
	if c.cur != nil && c.cur.usable() {
		cn := c.cur
		c.mu.Unlock()
		return cn, nil
	}
	d := c.dialing
	if d == nil {
		d = &dialing{done: make(chan struct{})}
		c.dialing = d
		go c.dial(d)
	}
	c.mu.Unlock()
	select {
	case <-d.done:
		return d.cn, d.err
	case <-ctx.Done():
		return nil, ctxErr(ctx, "connecting to "+c.addr)
	}
}

// dial opens a connection for d, not bound to any one caller's ctx.
func (c *Client) dial(d *dialing) {
	ctx, cancel := context.WithTimeout(context.Background(), c.opts.DialTimeout)
	defer cancel()
	nc, err := c.opts.Dial(ctx, "tcp", c.addr)
	c.mu.Lock()
	defer c.mu.Unlock()
	c.dialing = nil
	switch {
	case err != nil:
		d.err = fmt.Errorf("%w: dial %s: %w", ErrUnavailable, c.addr, err)
	case c.closed:
		nc.Close()
		d.err = ErrClosed
	default:
		d.cn = newConn(nc, c)
		if c.cur != nil { // readonly: it closes once its calls are answered
			c.cur.retire()
		}
		c.cur = d.cn
	}
	close(d.done)
}

// Close closes the connection; calls waiting on it fail with ErrClosed,
// and later calls too.
func (c *Client) Close() error {
	c.mu.Lock()
	c.closed = true
	cn := c.cur
	c.cur = nil
	c.mu.Unlock()
	if cn != nil {
		cn.fail(ErrClosed)
	}
	return nil
}
