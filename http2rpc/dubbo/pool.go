package dubbo

// The bridge calls whichever providers the registry lists at the moment,
// so it keeps one Client per provider address and drops the clients of
// providers that leave (Retain with the current list, or Remove).

import (
	"context"
	"sync"
)

// Pool holds one Client per provider address. It is safe for concurrent
// use.
type Pool struct {
	opts    Options
	mu      sync.Mutex
	clients map[string]*Client
	closed  bool
}

// NewPool answers an empty pool whose clients use opts.
func NewPool(opts Options) *Pool {
	return &Pool{opts: opts.withDefaults(), clients: map[string]*Client{}}
}

// Get answers the client of addr, made on first use (it dials on its
// first call). After Close it answers a closed client.
func (p *Pool) Get(addr string) *Client {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.closed {
		c := NewClient(addr, p.opts)
		_ = c.Close()
		return c
	}
	c, ok := p.clients[addr]
	if !ok {
		c = NewClient(addr, p.opts)
		p.clients[addr] = c
	}
	return c
}

// Invoke calls the provider at addr; see Client.Invoke.
func (p *Pool) Invoke(ctx context.Context, addr string, inv *Invocation) (any, error) {
	return p.Get(addr).Invoke(ctx, inv)
}

// Remove closes and forgets the client of addr, if any; its calls under
// way fail with ErrClosed.
func (p *Pool) Remove(addr string) {
	p.mu.Lock()
	c := p.clients[addr]
	delete(p.clients, addr)
	p.mu.Unlock()
	if c != nil {
		_ = c.Close()
	}
}

// Retain closes and forgets the clients of every address not in addrs.
func (p *Pool) Retain(addrs []string) {
	keep := make(map[string]bool, len(addrs))
	for _, a := range addrs {
		keep[a] = true
	}
	var gone []*Client
	p.mu.Lock()
	for a, c := range p.clients {
		if !keep[a] {
			gone = append(gone, c)
			delete(p.clients, a)
		}
	}
	p.mu.Unlock()
	for _, c := range gone {
		_ = c.Close()
	}
}

// Addrs answers the addresses the pool has clients for.
func (p *Pool) Addrs() []string {
	p.mu.Lock()
	defer p.mu.Unlock()
	out := make([]string, 0, len(p.clients))
	for a := range p.clients {
		out = append(out, a)
	}
	return out
}

// Close closes every client; later calls fail with ErrClosed.
func (p *Pool) Close() error {
	p.mu.Lock()
	p.closed = true
	p.mu.Unlock()
	p.Retain(nil)
	return nil
}
