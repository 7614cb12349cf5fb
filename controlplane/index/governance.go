package index

import (
	"github.com/causeway-dev/causeway/registry/feed"
	"github.com/causeway-dev/causeway/registry/governance"
	"github.com/causeway-dev/causeway/registry/naming"
)

// GovernanceSource is where traffic rules come from: *governance.Registry.
// Its feed names what changed; the index only needs to know that
// something did.
type GovernanceSource interface {
	Snapshot() *governance.Snapshot
	Listen() *feed.Listener[string]
}

// WithGovernance makes the index follow traffic rules too; without it
// snapshots hold none.
func WithGovernance(src GovernanceSource) Option { return func(x *Index) { x.gov = src } }

// Governance answers the traffic rules of the snapshot (nil-safe: a nil
// *governance.Snapshot governs nothing).
func (s *Snapshot) Governance() *governance.Snapshot { return s.governance }

// WithGovernance answers a copy of s that holds g (for tests and golden
// files; the Index builds its own).
func (s *Snapshot) WithGovernance(g *governance.Snapshot) *Snapshot {
	c := *s
	c.governance = g
	return &c
}

// Applied answers the rules that govern the traffic to svc, or nil.
func (s *Snapshot) Applied(svc *Service) *governance.Applied {
	return s.governance.For(governance.Target{Namespace: svc.Key.Namespace, Group: svc.Key.Group,
		Service: svc.Key.Name, Environment: svc.Metadata[EnvironmentKey]})
}

// EnvironmentKey is the service metadata that holds a service's
// environment (DESIGN.md: a service attribute that selectors match on).
const EnvironmentKey = "environment"

func (x *Index) currentGovernance() *governance.Snapshot {
	if x.gov == nil {
		return nil
	}
	return x.gov.Snapshot()
}

// allServiceKeys answers every service of the snapshot: a rule change may
// touch any of them, and rule changes are rare enough that finding out
// which costs more than translating them all.
func (s *Snapshot) allServiceKeys() []naming.ServiceKey {
	out := make([]naming.ServiceKey, 0, s.services.n)
	s.services.each(func(svc *Service) { out = append(out, svc.Key) })
	return out
}
