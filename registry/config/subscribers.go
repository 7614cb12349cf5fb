package config

import (
	"sort"
	"sync"
)

// Subscriber is one client listening to one config, with the md5 it
// holds, as Nacos's listener queries report them.
type Subscriber struct {
	IP  string
	Key Key
	MD5 string
}

// SubscriberSource reports the subscribers a dialect tracks (such as the
// gRPC connections' listens); yield answers false to stop.
type SubscriberSource func(yield func(Subscriber) bool)

type subscriberSources struct {
	mu   sync.Mutex
	list []SubscriberSource
}

// AddSubscriberSource makes src's subscribers part of Subscribers and
// SubscriptionsOf. The long polls waiting in WaitFor are always part.
func (s *Service) AddSubscriberSource(src SubscriberSource) {
	s.sources.mu.Lock()
	defer s.sources.mu.Unlock()
	s.sources.list = append(s.sources.list, src)
}

// eachSubscriber calls fn with every subscriber known now: the held long
// polls first, then every source's.
func (s *Service) eachSubscriber(fn func(Subscriber) bool) {
	var held []Subscriber
	s.waiters.mu.Lock()
	for k, set := range s.waiters.byKey {
		for w := range set {
			for _, l := range w.listens {
				if l.Key == k {
					held = append(held, Subscriber{IP: w.ip, Key: k, MD5: l.MD5})
				}
			}
		}
	}
	s.waiters.mu.Unlock()
	for _, sub := range held {
		if !fn(sub) {
			return
		}
	}
	s.sources.mu.Lock()
	srcs := append([]SubscriberSource(nil), s.sources.list...)
	s.sources.mu.Unlock()
	for _, src := range srcs {
		stop := false
		src(func(sub Subscriber) bool {
			if !fn(sub) {
				stop = true
			}
			return !stop
		})
		if stop {
			return
		}
	}
}

// Subscribers answers the clients listening to a config: client IP → the
// md5 it holds (one of them when several clients share an IP).
func (s *Service) Subscribers(tenant, group, dataID string) (map[string]string, error) {
	if err := ValidateKey(tenant, group, dataID); err != nil {
		return nil, err
	}
	k := NewKey(tenant, group, dataID)
	out := map[string]string{}
	s.eachSubscriber(func(sub Subscriber) bool {
		if sub.Key == k && sub.IP != "" {
			out[sub.IP] = sub.MD5
		}
		return true
	})
	return out, nil
}

// SubscriptionsOf answers the configs the clients at ip listen to, in
// tenant (every tenant when ""), each with the md5 its client holds.
func (s *Service) SubscriptionsOf(ip, tenant string) []Subscriber {
	var out []Subscriber
	s.eachSubscriber(func(sub Subscriber) bool {
		if sub.IP == ip && (tenant == "" || sub.Key.Tenant == NormalizeTenant(tenant)) {
			out = append(out, sub)
		}
		return true
	})
	sort.Slice(out, func(i, j int) bool {
		a, b := out[i].Key, out[j].Key
		if a.Tenant != b.Tenant {
			return a.Tenant < b.Tenant
		}
		if a.Group != b.Group {
			return a.Group < b.Group
		}
		return a.DataID < b.DataID
	})
	return out
}
