package nacosgrpc

import (
	"bytes"
	"context"
	"encoding/json"
	"hash/maphash"
	"strconv"
	"sync"
	"time"

	"github.com/causeway-dev/causeway/registry"
	"github.com/causeway-dev/causeway/registry/feed"
	"github.com/causeway-dev/causeway/registry/naming"
)

// subscriptions are the connections' subscriptions to services, and the
// pushes that keep them current. Each subscription holds at most one push
// in flight: a change while one is unacknowledged marks it dirty, and the
// acknowledgement (or the retry after a failure) sends the service as it
// is then. So every subscriber ends up with the latest state, and a burst
// of changes costs one push per subscriber, not one per change.
type subscriptions struct {
	s *Server

	mu        sync.Mutex
	byService map[naming.ServiceKey]map[*Conn]*subscription
	byConn    map[*Conn]map[naming.ServiceKey]*subscription

	renders renderCache
}

type subscription struct {
	conn     *Conn
	key      naming.ServiceKey
	clusters string
	flight   // guarded by subscriptions.mu
	// seen is what the client holds: the content digest and lastRefTime
	// of the newest rendering it was answered or acknowledged (the SDKs
	// keep the answer with the newest lastRefTime). A push of the same
	// content is not sent.
	seen, seenRef uint64
}

func newSubscriptions(s *Server) *subscriptions {
	return &subscriptions{s: s, byService: map[naming.ServiceKey]map[*Conn]*subscription{},
		byConn: map[*Conn]map[naming.ServiceKey]*subscription{}, renders: renderCache{m: map[renderKey]*rendered{}}}
}

// subscribePushDelay is how long after a subscription the subscriber is
// pushed the service once (Nacos's pushTaskDelay).
const subscribePushDelay = 500 * time.Millisecond

// add records a subscription (the latest clusters win) and pushes the
// subscriber the service shortly after, as Nacos does on every subscribe
// (ServiceSubscribedEvent): the Java SDK re-subscribes after a reconnect
// without reading the answer, and learns what changed meanwhile only from
// this push.
func (ss *subscriptions) add(c *Conn, k naming.ServiceKey, clusters, app string) error {
	sub := &subscription{conn: c, key: k, clusters: clusters}
	ss.mu.Lock()
	old := ss.byConn[c][k]
	if old == nil && len(ss.byConn[c]) >= maxSubscriptions {
		ss.mu.Unlock()
		return registry.Errorf(registry.KindInvalid, "too many subscriptions on one connection: at most %d", maxSubscriptions)
	}
	if old != nil {
		old.gone = true
	}
	if ss.byService[k] == nil {
		ss.byService[k] = map[*Conn]*subscription{}
	}
	if ss.byConn[c] == nil {
		ss.byConn[c] = map[naming.ServiceKey]*subscription{}
	}
	ss.byService[k][c], ss.byConn[c][k] = sub, sub
	ss.mu.Unlock()
	if reg := ss.s.opts.Naming; reg != nil {
		version := ""
		if st := c.Setup(); st != nil {
			version = st.Version
		}
		reg.SubscribeConn(naming.Subscriber{Service: k, Conn: c.ID, IP: c.RemoteIP, Port: c.RemotePort,
			Cluster: clusters, App: app, Agent: version})
	}
	time.AfterFunc(subscribePushDelay, func() { ss.push(sub) })
	return nil
}

// remove drops a subscription.
func (ss *subscriptions) remove(c *Conn, k naming.ServiceKey) {
	ss.mu.Lock()
	ss.unlink(c, k)
	ss.mu.Unlock()
	if reg := ss.s.opts.Naming; reg != nil {
		reg.UnsubscribeConn(c.ID, k)
	}
}

// unlink forgets a subscription; ss.mu is held.
func (ss *subscriptions) unlink(c *Conn, k naming.ServiceKey) {
	if sub := ss.byConn[c][k]; sub != nil {
		sub.gone = true
	}
	delete(ss.byConn[c], k)
	if len(ss.byConn[c]) == 0 {
		delete(ss.byConn, c)
	}
	delete(ss.byService[k], c)
	if len(ss.byService[k]) == 0 {
		delete(ss.byService, k)
	}
}

// dropConn forgets every subscription of a closed connection (the
// registry forgets them in RemoveClient).
func (ss *subscriptions) dropConn(c *Conn) {
	ss.mu.Lock()
	defer ss.mu.Unlock()
	for k := range ss.byConn[c] {
		ss.unlink(c, k)
	}
}

// run pushes every change of a subscribed service until ctx ends.
func (ss *subscriptions) run(ctx context.Context) {
	reg := ss.s.opts.Naming
	if reg == nil {
		return
	}
	feed.Each(ctx, reg.Listen(), ss.changed)
}

// changed pushes service k to each of its subscribers.
func (ss *subscriptions) changed(k naming.ServiceKey) {
	ss.mu.Lock()
	subs := make([]*subscription, 0, len(ss.byService[k]))
	for _, sub := range ss.byService[k] {
		subs = append(subs, sub)
	}
	ss.mu.Unlock()
	for _, sub := range subs {
		ss.push(sub)
	}
}

// push sends the subscription its service as it is now, unless a push is
// in flight (then the acknowledgement sends it) or the client holds that
// content already: a write that changes nothing a subscriber sees (an
// instance taken over by its client's new connection after a restart, a
// redo) is not pushed to anybody.
func (ss *subscriptions) push(sub *subscription) {
	ss.mu.Lock()
	start := sub.begin()
	ss.mu.Unlock()
	if !start {
		return
	}
	r, err := ss.render(sub.key, sub.clusters, false)
	if err != nil {
		ss.s.log.Warn("nacos grpc: render a push", "service", sub.key.String(), "err", err)
		ss.settle(sub, nil, false)
		return
	}
	ss.mu.Lock()
	same := r.digest == sub.seen && sub.seenRef != 0
	ss.mu.Unlock()
	if same {
		ss.settle(sub, nil, true)
		return
	}
	id := ss.s.nextID()
	sub.conn.push(notifyPayload(r.raw, id), id, ss.s.opts.PushTimeout, func(a ack, err error) {
		ss.settle(sub, r, ss.s.counted(err == nil && a.ok()))
	})
}

// pushRetry is how long a failed push waits before it is sent again
// (Nacos's pushTaskRetryDelay).
const pushRetry = time.Second

// settle ends a push: on success the subscription is sent again if it
// changed meanwhile; on failure it is sent again after pushRetry, while
// the subscription and its connection last.
func (ss *subscriptions) settle(sub *subscription, r *rendered, delivered bool) {
	ss.mu.Lock()
	sub.inflight = false
	if delivered && r != nil && r.ref > sub.seenRef {
		sub.seen, sub.seenRef = r.digest, r.ref
	}
	again := sub.dirty && !sub.gone
	if !delivered && !sub.gone && !sub.conn.isClosed() {
		sub.dirty = true
		ss.mu.Unlock()
		time.AfterFunc(pushRetry, func() { ss.push(sub) })
		return
	}
	ss.mu.Unlock()
	if again {
		ss.push(sub)
	}
}

// notifyPayload is a NotifySubscriberRequest around an already rendered
// ServiceInfo. The rendering is shared, not copied: a push to a thousand
// subscribers renders the service once and each push adds its own few
// bytes (see serverCodec).
func notifyPayload(info json.RawMessage, id string) *Payload {
	tail := make([]byte, 0, len(notifyTail)+len(id)+len(notifyEnd)+2)
	tail = append(tail, notifyTail...)
	tail = strconv.AppendQuote(tail, id)
	tail = append(tail, notifyEnd...)
	return &Payload{Type: "NotifySubscriberRequest", parts: [][]byte{notifyHead, info, tail}}
}

var (
	notifyHead = []byte(`{"serviceInfo":`)
	notifyTail = `,"module":"naming","requestId":`
	notifyEnd  = `,"headers":{}}`
)

// refTime answers a lastRefTime for service k: the time in ms, and always
// more than the last one answered for k.
func (ss *subscriptions) refTime(k naming.ServiceKey) int64 {
	return ss.renders.refTime(k, ss.s.opts.Now().UnixMilli())
}

// render answers service k as a client subscribed to clusters sees it, as
// ServiceInfo JSON, rendered once per version of the service.
func (ss *subscriptions) render(k naming.ServiceKey, clusters string, healthyOnly bool) (*rendered, error) {
	rk := renderKey{k, clusters, healthyOnly}
	version := ss.s.opts.Naming.ServiceVersion(k)
	if r := ss.renders.get(rk, version); r != nil {
		return r, nil
	}
	info, err := ss.s.serviceInfo(k, clusters, healthyOnly)
	if err != nil {
		return nil, err
	}
	raw, err := json.Marshal(info)
	if err != nil {
		return nil, err
	}
	r := &rendered{version: version, raw: raw, digest: contentDigest(raw), ref: uint64(info.LastRefTime)}
	ss.renders.put(rk, r)
	return r, nil
}

type renderKey struct {
	key         naming.ServiceKey
	clusters    string
	healthyOnly bool
}

// rendered is one rendering of a service: its JSON, the service version
// it shows, its lastRefTime and a digest of everything else in it.
type rendered struct {
	version int64
	raw     json.RawMessage
	digest  uint64
	ref     uint64
}

// contentDigest hashes a rendered ServiceInfo but its lastRefTime, which
// differs in every rendering even when nothing else does.
func contentDigest(raw []byte) uint64 {
	var h maphash.Hash
	h.SetSeed(digestSeed)
	i := bytes.LastIndex(raw, lastRefTimeField)
	if i < 0 {
		h.Write(raw)
		return h.Sum64()
	}
	j := i + len(lastRefTimeField)
	for j < len(raw) && raw[j] >= '0' && raw[j] <= '9' {
		j++
	}
	h.Write(raw[:i])
	h.Write(raw[j:])
	return h.Sum64()
}

var (
	digestSeed       = maphash.MakeSeed()
	lastRefTimeField = []byte(`,"lastRefTime":`)
)

// renderCache keeps the last rendering of each (service, clusters) and
// the last lastRefTime of each service.
type renderCache struct {
	mu   sync.Mutex
	m    map[renderKey]*rendered
	refs map[naming.ServiceKey]int64
}

// maxRenders bounds the cache; past it, it starts over.
const maxRenders = 100_000

func (c *renderCache) get(k renderKey, version int64) *rendered {
	c.mu.Lock()
	defer c.mu.Unlock()
	if r := c.m[k]; r != nil && r.version == version && version != 0 {
		return r
	}
	return nil
}

func (c *renderCache) put(k renderKey, r *rendered) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if len(c.m) >= maxRenders {
		clear(c.m)
	}
	c.m[k] = r
}

func (c *renderCache) refTime(k naming.ServiceKey, now int64) int64 {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.refs == nil {
		c.refs = map[naming.ServiceKey]int64{}
	}
	if len(c.refs) >= maxRenders {
		clear(c.refs)
	}
	t := max(now, c.refs[k]+1)
	c.refs[k] = t
	return t
}

// flight is the state of what a connection is pushed one at a time (a
// subscription's service, a listened config): at most one push in flight,
// changes while it is unacknowledged folded into the next.
type flight struct {
	inflight, dirty, gone bool
}

// begin answers whether a push may start now. With one in flight it marks
// that another must follow; once gone, nothing starts. The owner's lock
// is held.
func (f *flight) begin() bool {
	switch {
	case f.gone:
		return false
	case f.inflight:
		f.dirty = true
		return false
	}
	f.inflight, f.dirty = true, false
	return true
}
