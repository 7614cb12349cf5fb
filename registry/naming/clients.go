package naming

import (
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/causeway-dev/causeway/registry"
)

// Subscriber is a client that queried a service's instances and asked to be
// told of changes (Nacos 1 clients send their UDP push port).
type Subscriber struct {
	Service ServiceKey
	IP      string
	Port    int
	Agent   string
	App     string
	Cluster string
	// PushIP is where pushes go: the address the query came from, never an
	// address the client claims, so nobody can aim pushes at a third party.
	PushIP string
	// Conn is the connection id of a Nacos 2 gRPC subscriber, pushed over
	// its connection rather than over UDP; empty for HTTP clients.
	Conn string
}

// ClientID is the Nacos 2 id of the subscriber's client: its connection
// id, or ip:port#true for an HTTP client.
func (s Subscriber) ClientID() string {
	if s.Conn != "" {
		return s.Conn
	}
	return HTTPClientID(s.IP, s.Port, true)
}

type subKey struct {
	svc    ServiceKey
	client string
}

type subEntry struct {
	sub  Subscriber
	seen time.Time
}

// pinned: a connection's subscription lasts until it unsubscribes or
// disconnects, however long it stays quiet.
func (e *subEntry) pinned() bool { return e.sub.Conn != "" }

// subscribers keeps the subscriptions of HTTP clients, which expire when a
// client stops querying, and of connection clients. They are indexed by
// service and by client: every change asks for a service's subscribers,
// and a connection's leaving drops its subscriptions, each among tens of
// thousands.
type subscribers struct {
	now       func() time.Time
	ttl       time.Duration
	mu        sync.Mutex
	m         map[subKey]*subEntry
	byService map[ServiceKey]map[string]*subEntry
	byClient  map[string]map[ServiceKey]*subEntry
}

func newSubscribers(now func() time.Time, ttl time.Duration) *subscribers {
	return &subscribers{now: now, ttl: ttl, m: map[subKey]*subEntry{},
		byService: map[ServiceKey]map[string]*subEntry{}, byClient: map[string]map[ServiceKey]*subEntry{}}
}

func (s *subscribers) add(sub Subscriber) {
	k := subKey{sub.Service, sub.ClientID()}
	e := &subEntry{sub: sub, seen: s.now()}
	s.mu.Lock()
	s.m[k] = e
	if s.byService[k.svc] == nil {
		s.byService[k.svc] = map[string]*subEntry{}
	}
	s.byService[k.svc][k.client] = e
	if s.byClient[k.client] == nil {
		s.byClient[k.client] = map[ServiceKey]*subEntry{}
	}
	s.byClient[k.client][k.svc] = e
	s.mu.Unlock()
}

// unlink forgets one subscription; s.mu is held.
func (s *subscribers) unlink(k subKey) {
	delete(s.m, k)
	if byService := s.byService[k.svc]; byService != nil {
		delete(byService, k.client)
		if len(byService) == 0 {
			delete(s.byService, k.svc)
		}
	}
	if byClient := s.byClient[k.client]; byClient != nil {
		delete(byClient, k.svc)
		if len(byClient) == 0 {
			delete(s.byClient, k.client)
		}
	}
}

func (s *subscribers) expire() {
	cutoff := s.now().Add(-s.ttl)
	s.mu.Lock()
	for k, e := range s.m {
		if e.seen.Before(cutoff) && !e.pinned() {
			s.unlink(k)
		}
	}
	s.mu.Unlock()
}

// remove drops one client's subscription to a service.
func (s *subscribers) remove(k ServiceKey, client string) {
	s.mu.Lock()
	s.unlink(subKey{k, client})
	s.mu.Unlock()
}

// dropClient drops every subscription of a client.
func (s *subscribers) dropClient(client string) {
	s.mu.Lock()
	for svc := range s.byClient[client] {
		s.unlink(subKey{svc, client})
	}
	s.mu.Unlock()
}

// list answers the subscriptions that match, by client then service.
func (s *subscribers) list(match func(Subscriber) bool) []Subscriber {
	s.mu.Lock()
	var out []Subscriber
	for _, e := range s.m {
		if match(e.sub) {
			out = append(out, e.sub)
		}
	}
	s.mu.Unlock()
	return sortSubscribers(out)
}

// ofService answers the subscriptions to service k that match.
func (s *subscribers) ofService(k ServiceKey, match func(Subscriber) bool) []Subscriber {
	s.mu.Lock()
	var out []Subscriber
	for _, e := range s.byService[k] {
		if match(e.sub) {
			out = append(out, e.sub)
		}
	}
	s.mu.Unlock()
	return sortSubscribers(out)
}

// ofClient answers a client's subscriptions.
func (s *subscribers) ofClient(client string) []Subscriber {
	s.mu.Lock()
	var out []Subscriber
	for _, e := range s.byClient[client] {
		out = append(out, e.sub)
	}
	s.mu.Unlock()
	return sortSubscribers(out)
}

func sortSubscribers(out []Subscriber) []Subscriber {
	sort.Slice(out, func(i, j int) bool {
		if out[i].ClientID() != out[j].ClientID() {
			return out[i].ClientID() < out[j].ClientID()
		}
		return out[i].Service.String() < out[j].Service.String()
	})
	return out
}

// Subscribe records (or refreshes) a subscription.
func (r *Registry) Subscribe(sub Subscriber) { r.subs.add(sub) }

// ClientInfo describes one client as Nacos's client APIs show it.
type ClientInfo struct {
	ID          string
	Ephemeral   bool
	LastUpdated int64 // unix ms
	Type        string
	IP          string
	Port        int
}

// ClientIDs answers every client that publishes or subscribes, sorted.
func (r *Registry) ClientIDs() []string {
	ids := map[string]bool{}
	for _, id := range r.idx.clientIDs() {
		ids[id] = true
	}
	for _, s := range r.subs.list(func(Subscriber) bool { return true }) {
		ids[s.ClientID()] = true
	}
	for _, c := range r.conns.list() {
		ids[c.ID] = true
	}
	out := make([]string, 0, len(ids))
	for id := range ids {
		out = append(out, id)
	}
	sort.Strings(out)
	return out
}

// Client answers one client; KindNotFound when it publishes and subscribes
// nothing.
func (r *Registry) Client(id string) (*ClientInfo, error) {
	if c, ok := r.conns.get(id); ok {
		return c.info(r.Published(id)), nil
	}
	pub := r.Published(id)
	subs := r.Subscribed(id)
	if len(pub) == 0 && len(subs) == 0 {
		return nil, registry.Errorf(registry.KindNotFound, "Client with id %s does not exist", id)
	}
	info := &ClientInfo{ID: id, Type: "ipPort"}
	addr, eph, _ := strings.Cut(id, "#")
	info.Ephemeral = eph != "false"
	if i := strings.LastIndex(addr, ":"); i >= 0 {
		info.IP = addr[:i]
		info.Port, _ = strconv.Atoi(addr[i+1:])
	}
	for _, in := range pub {
		info.LastUpdated = max(info.LastUpdated, in.ModifiedAt)
	}
	if len(subs) > 0 && info.LastUpdated == 0 {
		info.LastUpdated = r.nowMillis()
	}
	return info, nil
}

// Published answers the instances a client registered.
func (r *Registry) Published(clientID string) []*Instance {
	owned := r.idx.clientInstances(clientID)
	out := make([]*Instance, 0, len(owned))
	for _, in := range owned {
		out = append(out, in)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ID() < out[j].ID() })
	return out
}

// Subscribed answers the subscriptions of a client.
func (r *Registry) Subscribed(clientID string) []Subscriber {
	return r.subs.ofClient(clientID)
}

// ClientFilter narrows the publishers or subscribers of a service.
type ClientFilter struct {
	Ephemeral *bool
	IP        string // empty: any
	Port      int    // 0: any
}

func (f ClientFilter) match(ip string, port int, ephemeral bool) bool {
	return (f.Ephemeral == nil || *f.Ephemeral == ephemeral) &&
		(f.IP == "" || f.IP == ip) && (f.Port == 0 || f.Port == port)
}

// Publishers answers the instances of a service that pass the filter.
func (r *Registry) Publishers(k ServiceKey, f ClientFilter) []*Instance {
	_, all, _ := r.idx.snapshot(k)
	var out []*Instance
	for _, in := range all {
		if f.match(in.IP, in.Port, in.Ephemeral) {
			out = append(out, in)
		}
	}
	return out
}

// Subscribers answers the subscribers of a service that pass the filter.
func (r *Registry) Subscribers(k ServiceKey, f ClientFilter) []Subscriber {
	return r.subs.ofService(k, func(s Subscriber) bool { return f.match(s.IP, s.Port, true) })
}
