package nacosgrpc

import (
	"context"
	"sync"
	"time"

	"github.com/causeway-dev/causeway/registry"
	"github.com/causeway-dev/causeway/registry/config"
	"github.com/causeway-dev/causeway/registry/feed"
)

// listeners are the configs each connection listens to, and the change
// notifications that keep them current: ConfigChangeNotifyRequest names
// the config (as the client wrote it) and the client asks for its
// content. As for subscriptions, one notification per listen is in flight
// at a time. A client that does not acknowledge is told again, with a
// growing delay, a bounded number of times: the Go SDK never acknowledges
// a config it stopped listening to (and never says it stopped), and both
// SDKs re-check every listened config every few minutes anyway.
type listeners struct {
	s *Server

	mu     sync.Mutex
	byKey  map[config.Key]map[*listen]struct{}
	byConn map[*Conn]map[changedConfig]*listen
}

type listen struct {
	conn *Conn
	sent changedConfig // as the client wrote it
	md5  string        // the md5 the client holds, as its last listen said; guarded by listeners.mu
	// guarded by listeners.mu
	flight
	tries int
}

// maxNotifyTries bounds the notifications of one change a client does not
// acknowledge.
const maxNotifyTries = 6

func newListeners(s *Server) *listeners {
	return &listeners{s: s, byKey: map[config.Key]map[*listen]struct{}{}, byConn: map[*Conn]map[changedConfig]*listen{}}
}

func keyOf(sent changedConfig) config.Key { return config.NewKey(sent.Tenant, sent.Group, sent.DataID) }

// maxListens bounds the configs one connection listens to.
const maxListens = 50_000

func (ls *listeners) add(c *Conn, sent changedConfig, md5 string) error {
	ls.mu.Lock()
	defer ls.mu.Unlock()
	if l := ls.byConn[c][sent]; l != nil {
		l.md5 = md5
		return nil
	}
	if len(ls.byConn[c]) >= maxListens {
		return registry.Errorf(registry.KindInvalid, "too many configs listened to on one connection: at most %d", maxListens)
	}
	l := &listen{conn: c, sent: sent, md5: md5}
	if ls.byConn[c] == nil {
		ls.byConn[c] = map[changedConfig]*listen{}
	}
	k := keyOf(sent)
	if ls.byKey[k] == nil {
		ls.byKey[k] = map[*listen]struct{}{}
	}
	ls.byConn[c][sent] = l
	ls.byKey[k][l] = struct{}{}
	return nil
}

func (ls *listeners) remove(c *Conn, sent changedConfig) {
	ls.mu.Lock()
	defer ls.mu.Unlock()
	ls.unlink(c, sent)
}

// unlink forgets a listen; ls.mu is held.
func (ls *listeners) unlink(c *Conn, sent changedConfig) {
	l := ls.byConn[c][sent]
	if l == nil {
		return
	}
	l.gone = true
	delete(ls.byConn[c], sent)
	if len(ls.byConn[c]) == 0 {
		delete(ls.byConn, c)
	}
	k := keyOf(sent)
	delete(ls.byKey[k], l)
	if len(ls.byKey[k]) == 0 {
		delete(ls.byKey, k)
	}
}

func (ls *listeners) dropConn(c *Conn) {
	ls.mu.Lock()
	defer ls.mu.Unlock()
	for sent := range ls.byConn[c] {
		ls.unlink(c, sent)
	}
}

// subscribers reports every listen as a config subscriber (the admin
// API's listener queries), under the client's own IP.
func (ls *listeners) subscribers(yield func(config.Subscriber) bool) {
	ls.mu.Lock()
	subs := make([]config.Subscriber, 0, len(ls.byKey))
	for k, set := range ls.byKey {
		for l := range set {
			subs = append(subs, config.Subscriber{IP: l.conn.clientIP(), Key: k, MD5: l.md5})
		}
	}
	ls.mu.Unlock()
	for _, sub := range subs {
		if !yield(sub) {
			return
		}
	}
}

// count answers how many configs a connection listens to.
func (ls *listeners) count(c *Conn) int {
	ls.mu.Lock()
	defer ls.mu.Unlock()
	return len(ls.byConn[c])
}

// run notifies the listeners of every changed config until ctx ends.
func (ls *listeners) run(ctx context.Context) {
	if ls.s.opts.Config == nil {
		return
	}
	feed.Each(ctx, ls.s.opts.Config.Changes().Listen(), ls.changed)
}

func (ls *listeners) changed(k config.Key) {
	ls.mu.Lock()
	todo := make([]*listen, 0, len(ls.byKey[k]))
	for l := range ls.byKey[k] {
		l.tries = 0 // a new change: a client that missed the last gets its tries again
		todo = append(todo, l)
	}
	ls.mu.Unlock()
	for _, l := range todo {
		ls.notify(l)
	}
}

type configChangeNotify struct {
	serverRequest
	DataID string `json:"dataId"`
	Group  string `json:"group"`
	Tenant string `json:"tenant"`
}

// notify tells a listener its config changed, unless a notification is in
// flight: then the acknowledgement sends another.
func (ls *listeners) notify(l *listen) {
	ls.mu.Lock()
	start := l.begin()
	if start {
		l.tries++
	}
	ls.mu.Unlock()
	if !start {
		return
	}
	id := ls.s.nextID()
	body := configChangeNotify{serverRequest: serverRequest{RequestID: id, Module: "config", Headers: map[string]string{}},
		DataID: l.sent.DataID, Group: l.sent.Group, Tenant: l.sent.Tenant}
	l.conn.push(mustEncode("ConfigChangeNotifyRequest", body), id, ls.s.opts.PushTimeout, func(a ack, err error) {
		ls.settle(l, ls.s.counted(err == nil && a.ok()))
	})
}

// settle ends a notification: acknowledged, another follows if the config
// changed meanwhile; not, it is sent again after 2 s, 4 s, ... up to
// maxNotifyTries.
func (ls *listeners) settle(l *listen, delivered bool) {
	ls.mu.Lock()
	l.inflight = false
	if delivered {
		l.tries = 0
	}
	retry := !delivered && !l.gone && l.tries < maxNotifyTries && !l.conn.isClosed()
	again := (delivered && l.dirty) || retry
	tries := l.tries
	ls.mu.Unlock()
	switch {
	case retry:
		time.AfterFunc(time.Duration(2*tries)*time.Second, func() { ls.notify(l) })
	case again:
		ls.notify(l)
	}
}
