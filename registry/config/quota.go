package config

import "github.com/causeway-dev/causeway/registry"

// Limiter answers how many configs a namespace may hold, false when it
// has no limit, and the namespaces whose configs count together against
// it (every namespace of one tenant; empty: the asked one alone). Tenants
// (CSE engines, registry/tenancy) limit theirs; the check is here, in the
// one publish path every config dialect uses.
type Limiter interface {
	ConfigLimit(namespace string) (limit int, shared []string, ok bool)
}

// SetLimiter installs the namespace limits (the tenancy is built after
// the config centre); nil removes them.
func (s *Service) SetLimiter(l Limiter) {
	if l == nil {
		s.limiter.Store(nil)
		return
	}
	s.limiter.Store(&l)
}

// admit refuses a new config in a namespace that holds its limit. It reads
// the view: publishers racing each other may overshoot by the writes in
// flight.
func (s *Service) admit(tenant string) error {
	p := s.limiter.Load()
	if p == nil {
		return nil
	}
	tenant = NormalizeTenant(tenant)
	limit, shared, ok := (*p).ConfigLimit(tenant)
	if !ok || limit <= 0 {
		return nil
	}
	n := s.view.count(tenant)
	if len(shared) > 0 {
		n = 0
		for _, ns := range shared {
			n += s.view.count(ns)
		}
	}
	if n >= limit {
		return registry.FieldErrorf(registry.KindQuota, "config",
			"namespace %s: config quota used up (%d of %d)", tenant, n, limit)
	}
	return nil
}
