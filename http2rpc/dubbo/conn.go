package dubbo

// One open connection of a Client: writers share it frame by frame, one
// reader goroutine hands each response to the call waiting for its id,
// and a heartbeat goroutine keeps it alive or declares it dead. A
// connection that breaks fails its waiting calls at once and is never
// reused; the Client dials a new one for the next call.

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"net"
	"sync"
	"sync/atomic"
	"time"

	hessian "github.com/apache/dubbo-go-hessian2"
)

type conn struct {
	nc       net.Conn
	client   *Client
	wmu      sync.Mutex // one frame at a time
	lastRead atomic.Int64
	readonly atomic.Bool // the provider is shutting down: no new calls

	mu      sync.Mutex
	pending map[int64]chan Frame // calls waiting, by request id
	retired bool                 // replaced: close when pending is empty
	err     error                // why it broke; nil while open
	done    chan struct{}        // closed when it breaks
}

// errRetired ends a connection that was replaced and has no calls left.
var errRetired = fmt.Errorf("%w: connection replaced", ErrUnavailable)

func newConn(nc net.Conn, c *Client) *conn {
	cn := &conn{nc: nc, client: c, pending: map[int64]chan Frame{}, done: make(chan struct{})}
	cn.lastRead.Store(time.Now().UnixNano())
	go cn.readLoop()
	go cn.heartbeat()
	return cn
}

func (cn *conn) usable() bool {
	select {
	case <-cn.done:
		return false
	default:
		return !cn.readonly.Load()
	}
}

// call sends a request frame and waits for its response, the connection
// breaking, or ctx, after which the request is forgotten and a late
// response dropped.
func (cn *conn) call(ctx context.Context, id int64, frame []byte) (Frame, error) {
	ch := make(chan Frame, 1)
	cn.mu.Lock()
	if cn.err != nil {
		cn.mu.Unlock()
		return Frame{}, cn.err
	}
	cn.pending[id] = ch
	cn.mu.Unlock()
	if err := cn.write(frame); err != nil {
		cn.forget(id)
		return Frame{}, err
	}
	select {
	case f := <-ch:
		return f, nil
	case <-cn.done:
		select { // the response may have come just before
		case f := <-ch:
			return f, nil
		default:
			return Frame{}, cn.err
		}
	case <-ctx.Done():
		cn.forget(id)
		return Frame{}, ctxErr(ctx, fmt.Sprintf("waiting for response %d", id))
	}
}

func (cn *conn) forget(id int64) {
	cn.mu.Lock()
	delete(cn.pending, id)
	idle := cn.retired && len(cn.pending) == 0
	cn.mu.Unlock()
	if idle {
		cn.fail(errRetired)
	}
}

// retire closes the connection once its waiting calls are answered.
func (cn *conn) retire() {
	cn.mu.Lock()
	cn.retired = true
	idle := len(cn.pending) == 0
	cn.mu.Unlock()
	if idle {
		cn.fail(errRetired)
	}
}

// write sends one frame; a write that fails breaks the connection (part
// of a frame may be on the wire).
func (cn *conn) write(frame []byte) error {
	cn.wmu.Lock()
	defer cn.wmu.Unlock()
	_ = cn.nc.SetWriteDeadline(time.Now().Add(cn.client.opts.WriteTimeout))
	if _, err := cn.nc.Write(frame); err != nil {
		err = fmt.Errorf("%w: write to %s: %w", ErrUnavailable, cn.client.addr, err)
		cn.fail(err)
		return err
	}
	return nil
}

// fail breaks the connection for err: it is closed, and every waiting
// call answers err.
func (cn *conn) fail(err error) {
	cn.mu.Lock()
	defer cn.mu.Unlock()
	if cn.err != nil {
		return
	}
	cn.err = err
	cn.pending = nil
	close(cn.done)
	_ = cn.nc.Close()
}

func (cn *conn) readLoop() {
	d := NewDecoder(bufio.NewReader(cn.nc), cn.client.opts.MaxBody)
	for {
		f, err := d.Next()
		if err != nil {
			cn.fail(fmt.Errorf("%w: connection to %s lost: %w", ErrUnavailable, cn.client.addr, err))
			return
		}
		cn.lastRead.Store(time.Now().UnixNano())
		cn.handle(f)
	}
}

func (cn *conn) handle(f Frame) {
	switch {
	case f.Request && f.Event:
		cn.event(f)
	case f.Request: // a call from the provider (a callback): not served
		if f.TwoWay {
			_ = cn.write(errorFrame(f.ID, StatusBadRequest, "causeway: the bridge serves no calls from providers"))
		}
	case f.Event: // a heartbeat's answer: reading it was the point
	default:
		cn.deliver(f)
	}
}

func (cn *conn) deliver(f Frame) {
	cn.mu.Lock()
	ch, ok := cn.pending[f.ID]
	delete(cn.pending, f.ID)
	idle := cn.retired && len(cn.pending) == 0
	cn.mu.Unlock()
	if ok {
		ch <- f // buffered; each id is answered once
	}
	if idle {
		cn.fail(errRetired)
	}
}

// readonlyEvent is the body of the event a Java provider sends when it
// starts shutting down: the string "R".
var readonlyEvent = []byte{0x01, 'R'}

// event answers the provider's heartbeat, and notes its readonly event.
func (cn *conn) event(f Frame) {
	if bytes.Equal(f.Body, readonlyEvent) {
		cn.readonly.Store(true)
	}
	if f.TwoWay {
		h := Header{Event: true, Serialization: SerializationHessian2, Status: StatusOK, ID: f.ID}
		_ = cn.write(AppendFrame(nil, Frame{Header: h, Body: []byte{'N'}}))
	}
}

// heartbeat sends a heartbeat every interval, and breaks the connection
// when nothing, not even a heartbeat's answer, came for three.
func (cn *conn) heartbeat() {
	iv := cn.client.opts.HeartbeatInterval
	t := time.NewTicker(iv)
	defer t.Stop()
	for {
		select {
		case <-cn.done:
			return
		case <-t.C:
		}
		if quiet := time.Since(time.Unix(0, cn.lastRead.Load())); quiet > 3*iv {
			cn.fail(fmt.Errorf("%w: nothing from %s for %v", ErrUnavailable, cn.client.addr, quiet.Round(time.Millisecond)))
			return
		}
		h := Header{Request: true, TwoWay: true, Event: true, Serialization: SerializationHessian2, ID: cn.client.nextID.Add(1)}
		_ = cn.write(AppendFrame(nil, Frame{Header: h, Body: []byte{'N'}}))
	}
}

// errorFrame answers request id with a failed status and its message,
// as a provider answers a call it cannot serve.
func errorFrame(id int64, status byte, msg string) []byte {
	e := hessian.NewEncoder()
	_ = e.Encode(msg)
	h := Header{Serialization: SerializationHessian2, Status: status, ID: id}
	return AppendFrame(nil, Frame{Header: h, Body: e.Buffer()})
}

// ctxErr is the error of a call whose ctx ended: ErrTimeout past its
// deadline, the cancellation otherwise.
func ctxErr(ctx context.Context, what string) error {
	if errors.Is(ctx.Err(), context.DeadlineExceeded) {
		return fmt.Errorf("%w %s: %w", ErrTimeout, what, ctx.Err())
	}
	return fmt.Errorf("dubbo: call canceled %s: %w", what, ctx.Err())
}
