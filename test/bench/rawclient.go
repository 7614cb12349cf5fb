package main

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"net"
	"strconv"
	"sync"
	"time"
)

// rawConn is a minimal HTTP/1.1 keep-alive client for loopback load: it
// writes a request line and reads a Content-Length answer. net/http's client
// costs as much CPU as the server it measures, and on a 2-core machine that
// halves what the server can show.
type rawConn struct {
	conn net.Conn
	r    *bufio.Reader
	buf  []byte
}

func dialRaw(addr string) (*rawConn, error) {
	c, err := net.DialTimeout("tcp", addr, 5*time.Second)
	if err != nil {
		return nil, err
	}
	return &rawConn{conn: c, r: bufio.NewReaderSize(c, 64<<10)}, nil
}

// doBody sends one request with a JSON body (none when body is nil) and
// answers its status.
func (c *rawConn) doBody(method, path, host string, body []byte) (int, error) {
	c.buf = append(c.buf[:0], method...)
	c.buf = append(c.buf, ' ')
	c.buf = append(c.buf, path...)
	c.buf = append(c.buf, " HTTP/1.1\r\nHost: "...)
	c.buf = append(c.buf, host...)
	if body != nil {
		c.buf = append(c.buf, "\r\nContent-Type: application/json"...)
	}
	c.buf = append(c.buf, "\r\nContent-Length: "...)
	c.buf = strconv.AppendInt(c.buf, int64(len(body)), 10)
	c.buf = append(c.buf, "\r\n\r\n"...)
	c.buf = append(c.buf, body...)
	_ = c.conn.SetDeadline(time.Now().Add(10 * time.Second))
	if _, err := c.conn.Write(c.buf); err != nil {
		return 0, err
	}
	return c.readResponse()
}

func (c *rawConn) readResponse() (int, error) {
	line, err := c.r.ReadSlice('\n')
	if err != nil {
		return 0, err
	}
	if len(line) < 12 || !bytes.HasPrefix(line, []byte("HTTP/1.1 ")) {
		return 0, fmt.Errorf("bad status line %q", line)
	}
	status, err := strconv.Atoi(string(line[9:12]))
	if err != nil {
		return 0, err
	}
	length, chunked := -1, false
	for {
		h, err := c.r.ReadSlice('\n')
		if err != nil {
			return 0, err
		}
		if len(h) <= 2 {
			break
		}
		if v, ok := headerValue(h, "content-length"); ok {
			if length, err = strconv.Atoi(v); err != nil {
				return 0, err
			}
		}
		if v, ok := headerValue(h, "transfer-encoding"); ok && v == "chunked" {
			chunked = true
		}
	}
	switch {
	case chunked:
		return status, c.discardChunks()
	case length < 0:
		return 0, errors.New("answer without Content-Length")
	}
	_, err = c.r.Discard(length)
	return status, err
}

func (c *rawConn) discardChunks() error {
	for {
		line, err := c.r.ReadSlice('\n')
		if err != nil {
			return err
		}
		size, err := strconv.ParseInt(string(bytes.TrimSpace(line)), 16, 64)
		if err != nil {
			return fmt.Errorf("bad chunk size %q", line)
		}
		if _, err := c.r.Discard(int(size) + 2); err != nil { // data and CRLF
			return err
		}
		if size == 0 {
			return nil
		}
	}
}

func headerValue(h []byte, name string) (string, bool) {
	i := bytes.IndexByte(h, ':')
	if i < 0 || !bytes.EqualFold(bytes.TrimSpace(h[:i]), []byte(name)) {
		return "", false
	}
	return string(bytes.TrimSpace(h[i+1:])), true
}

// rawPool hands each worker its own connection.
type rawPool struct {
	addr string
	mu   sync.Mutex
	free []*rawConn
}

func (p *rawPool) get() (*rawConn, error) {
	p.mu.Lock()
	if n := len(p.free); n > 0 {
		c := p.free[n-1]
		p.free = p.free[:n-1]
		p.mu.Unlock()
		return c, nil
	}
	p.mu.Unlock()
	return dialRaw(p.addr)
}

func (p *rawPool) put(c *rawConn) {
	p.mu.Lock()
	p.free = append(p.free, c)
	p.mu.Unlock()
}

func (p *rawPool) do(method, path string) error { return p.doBody(method, path, nil) }

// doBody sends a request with a JSON body and wants 200.
func (p *rawPool) doBody(method, path string, body []byte) error {
	c, err := p.get()
	if err != nil {
		return err
	}
	status, err := c.doBody(method, path, p.addr, body)
	if err != nil {
		_ = c.conn.Close()
		if errors.Is(err, io.EOF) {
			return fmt.Errorf("%s %s: connection closed", method, path)
		}
		return err
	}
	p.put(c)
	if status != 200 {
		return fmt.Errorf("%s %s: status %d", method, path, status)
	}
	return nil
}
