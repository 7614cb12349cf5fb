package xds

import (
	"context"
	"errors"
	"fmt"
	"sync"

	cachev3 "github.com/envoyproxy/go-control-plane/pkg/cache/v3"

	"github.com/causeway-dev/causeway/controlplane/translate"
)

// scopedCache is the cache the go-control-plane servers read: it hands
// every watch to the linear cache of the node's scope and type.
type scopedCache struct {
	defaults translate.NodeDefaults

	mu     sync.Mutex
	scopes map[translate.Node]*scope
}

var _ cachev3.Cache = (*scopedCache)(nil)

func newScopedCache(d translate.NodeDefaults) *scopedCache {
	return &scopedCache{defaults: d, scopes: map[translate.Node]*scope{}}
}

func scopeKey(n translate.Node) translate.Node {
	n.ID = ""
	return n
}

// acquire answers the node's scope, filling it with fill when it is the
// first node of that scope.
func (c *scopedCache) acquire(n translate.Node, fill func(*scope) error) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	key := scopeKey(n)
	if s, ok := c.scopes[key]; ok {
		s.refs++
		return nil
	}
	s := newScope(key)
	if err := fill(s); err != nil {
		return err
	}
	s.refs = 1
	c.scopes[key] = s
	return nil
}

// release drops a node; the last node of a scope takes it along.
func (c *scopedCache) release(n translate.Node) {
	c.mu.Lock()
	defer c.mu.Unlock()
	key := scopeKey(n)
	if s, ok := c.scopes[key]; ok {
		if s.refs--; s.refs <= 0 {
			delete(c.scopes, key)
		}
	}
}

// all answers the current scopes. They are updated outside the lock: an
// update notifies watches, whose streams may be waiting for the lock.
func (c *scopedCache) all() []*scope {
	c.mu.Lock()
	defer c.mu.Unlock()
	out := make([]*scope, 0, len(c.scopes))
	for _, s := range c.scopes {
		out = append(out, s)
	}
	return out
}

// find answers the scope of a node, or nil.
func (c *scopedCache) find(n translate.Node) *scope {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.scopes[scopeKey(n)]
}

func (c *scopedCache) lookup(n translate.Node, typeURL string) (*cachev3.LinearCache, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	s, ok := c.scopes[scopeKey(n)]
	if !ok {
		return nil, fmt.Errorf("node %s has no configuration yet", n.ID)
	}
	lc, ok := s.caches[typeURL]
	if !ok {
		return nil, fmt.Errorf("resource type %s is not served", typeURL)
	}
	return lc, nil
}

// CreateWatch hands a state-of-the-world watch to the node's cache.
func (c *scopedCache) CreateWatch(req *cachev3.Request, sub cachev3.Subscription, ch chan cachev3.Response) (func(), error) {
	n, err := translate.ParseNode(req.GetNode(), c.defaults)
	if err != nil {
		return nil, err
	}
	lc, err := c.lookup(n, req.GetTypeUrl())
	if err != nil {
		return nil, err
	}
	return lc.CreateWatch(req, sub, ch)
}

// CreateDeltaWatch hands a delta watch to the node's cache.
func (c *scopedCache) CreateDeltaWatch(req *cachev3.DeltaRequest, sub cachev3.Subscription, ch chan cachev3.DeltaResponse) (func(), error) {
	n, err := translate.ParseNode(req.GetNode(), c.defaults)
	if err != nil {
		return nil, err
	}
	lc, err := c.lookup(n, req.GetTypeUrl())
	if err != nil {
		return nil, err
	}
	return lc.CreateDeltaWatch(req, sub, ch)
}

// Fetch (REST xDS) is not served.
func (c *scopedCache) Fetch(context.Context, *cachev3.Request) (cachev3.Response, error) {
	return nil, errors.New("REST xDS is not served; use ADS over gRPC")
}
