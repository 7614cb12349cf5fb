package index

import (
	"math"

	"github.com/causeway-dev/causeway/registry/naming"
)

// serviceMap is the immutable set of services of a snapshot, built so that
// a change copies in proportion to the change rather than to the registry
// (issue 16): a base shared between snapshots and an overlay of what
// changed since it (a nil service: removed). The overlay is copied on each
// change and folded into a new base once it outgrows √n, which keeps a
// change's cost at O(√n) map entries, amortized, where copying the whole
// map cost n (10,000 services: 1 MB allocated per instance change).
type serviceMap struct {
	base    map[naming.ServiceKey]*Service // never modified once shared
	overlay map[naming.ServiceKey]*Service // never modified once published
	n       int                            // services in the set
}

func newServiceMap(m map[naming.ServiceKey]*Service) *serviceMap {
	return &serviceMap{base: m, n: len(m)}
}

// get answers one service, or nil.
func (m *serviceMap) get(k naming.ServiceKey) *Service {
	if v, ok := m.overlay[k]; ok {
		return v
	}
	return m.base[k]
}

// each calls f with every service, in no order.
func (m *serviceMap) each(f func(*Service)) {
	for _, v := range m.overlay {
		if v != nil {
			f(v)
		}
	}
	for k, v := range m.base {
		if _, ok := m.overlay[k]; !ok {
			f(v)
		}
	}
}

// with answers the set with changes applied (a nil service: removed); m
// itself is left as it is.
func (m *serviceMap) with(changes map[naming.ServiceKey]*Service) *serviceMap {
	if len(changes) == 0 {
		return m
	}
	next := &serviceMap{base: m.base, n: m.n,
		overlay: make(map[naming.ServiceKey]*Service, len(m.overlay)+len(changes))}
	for k, v := range m.overlay {
		next.overlay[k] = v
	}
	for k, v := range changes {
		switch had := m.get(k) != nil; {
		case had && v == nil:
			next.n--
		case !had && v != nil:
			next.n++
		case !had && v == nil:
			continue // removed before it was seen: nothing to record
		}
		next.overlay[k] = v
	}
	if float64(len(next.overlay)) > max(64, math.Sqrt(float64(next.n))) {
		next.fold()
	}
	return next
}

// fold makes the overlay part of a new base.
func (m *serviceMap) fold() {
	base := make(map[naming.ServiceKey]*Service, m.n)
	m.each(func(s *Service) { base[s.Key] = s })
	m.base, m.overlay = base, nil
}
