package governance

import (
	"sort"

	"github.com/causeway-dev/causeway/registry"
)

// Target names a service whose traffic rules govern, as the registry knows
// it: Nacos namespace and group, service name and environment.
type Target struct {
	Namespace   string
	Group       string
	Service     string
	Environment string
}

// Traffic is a traffic definition that governs a target, narrowed to the
// matches that apply to it, with the request-level policies bound to it.
type Traffic struct {
	Group   *Policy // the match group
	Matches []Match
	Retry   *RetrySpec
	Rate    *RateLimitSpec
	Fault   *FaultSpec
}

// Applied is every rule that governs the traffic to one target.
type Applied struct {
	// Route is the target's gray-release rules (nil: none).
	Route *RouteRule
	// Traffic lists the traffic definitions with at least one bound
	// request-level policy, in creation order.
	Traffic []Traffic
	// Cluster-level policies: Envoy applies them per upstream cluster, so
	// the first (in creation order) of each kind bound to any traffic
	// definition of the target applies to all its traffic.
	LoadBalance    *LoadBalanceSpec
	CircuitBreaker *CircuitBreakerSpec
	Isolation      *CircuitBreakerSpec
	Bulkhead       *BulkheadSpec
}

// Empty reports whether nothing governs the target.
func (a *Applied) Empty() bool {
	return a == nil || (a.Route == nil && len(a.Traffic) == 0 && a.LoadBalance == nil &&
		a.CircuitBreaker == nil && a.Isolation == nil && a.Bulkhead == nil)
}

// Snapshot is every rule at one moment. It is never modified once built.
type Snapshot struct {
	projects map[string]*projectRules
	routes   map[RouteRuleKey]*RouteRule
}

// projectRules are one project's match groups, by the service their
// selector names ("" for any), and by name the policies that bind to them,
// each in creation order: For looks up what may concern a service instead
// of scanning every rule of the project.
type projectRules struct {
	groups map[string][]*Policy
	byName map[string][]*Policy
}

// groupsFor answers the match groups whose selector takes service or any
// service, in creation order.
func (pr *projectRules) groupsFor(service string) []*Policy {
	shared, own := pr.groups[""], pr.groups[service]
	if service == "" || len(own) == 0 {
		return shared
	}
	if len(shared) == 0 {
		return own
	}
	out := make([]*Policy, 0, len(shared)+len(own))
	i, j := 0, 0
	for i < len(shared) || j < len(own) {
		if j == len(own) || (i < len(shared) && createdBefore(shared[i], own[j])) {
			out, i = append(out, shared[i]), i+1
		} else {
			out, j = append(out, own[j]), j+1
		}
	}
	return out
}

func createdBefore(a, b *Policy) bool {
	if a.Created != b.Created {
		return a.Created < b.Created
	}
	return a.ID < b.ID
}

// NewSnapshot builds a snapshot (the view does; tests and golden files
// too). Policies are ordered by creation, then id.
func NewSnapshot(policies []*Policy, routes []*RouteRule) *Snapshot {
	s := &Snapshot{projects: map[string]*projectRules{}, routes: map[RouteRuleKey]*RouteRule{}}
	ordered := append([]*Policy(nil), policies...)
	sort.SliceStable(ordered, func(i, j int) bool { return createdBefore(ordered[i], ordered[j]) })
	for _, p := range ordered {
		pr := s.projects[p.Project]
		if pr == nil {
			pr = &projectRules{groups: map[string][]*Policy{}, byName: map[string][]*Policy{}}
			s.projects[p.Project] = pr
		}
		if p.Kind == KindMatchGroup {
			pr.groups[p.Selector.Service] = append(pr.groups[p.Selector.Service], p)
		} else {
			pr.byName[p.Name] = append(pr.byName[p.Name], p)
		}
	}
	for _, r := range routes {
		s.routes[r.Key] = r
	}
	return s
}

// For answers the rules that govern the traffic to t; nil when none.
func (s *Snapshot) For(t Target) *Applied {
	if s == nil {
		return nil
	}
	project, app := registry.ProjectOfNamespace(t.Namespace), registry.AppOfGroup(t.Group)
	a := &Applied{Route: s.routes[RouteRuleKey{Project: project, Environment: t.Environment, App: app, Service: t.Service}]}
	pr := s.projects[project]
	if pr == nil {
		pr = &projectRules{}
	}
	for _, g := range pr.groupsFor(t.Service) {
		if !g.Enabled() || !g.Selector.covers(t.Environment, app, t.Service) {
			continue
		}
		matches := matchesFor(g.Parsed.(*MatchGroupSpec), t.Service)
		if len(matches) == 0 {
			continue
		}
		tr := Traffic{Group: g, Matches: matches}
		for _, p := range pr.byName[g.Name] {
			if !p.Enabled() || !p.Selector.covers(t.Environment, app, t.Service) {
				continue
			}
			a.bind(&tr, p)
		}
		if tr.Retry != nil || tr.Rate != nil || tr.Fault != nil {
			a.Traffic = append(a.Traffic, tr)
		}
	}
	if a.Empty() {
		return nil
	}
	return a
}

// bind records policy p, bound to traffic tr: request-level kinds on tr
// (the first of each kind wins), cluster-level ones on a.
func (a *Applied) bind(tr *Traffic, p *Policy) {
	switch spec := p.Parsed.(type) {
	case *RetrySpec:
		tr.Retry = firstOf(tr.Retry, spec)
	case *RateLimitSpec:
		tr.Rate = firstOf(tr.Rate, spec)
	case *FaultSpec:
		tr.Fault = firstOf(tr.Fault, spec)
	case *LoadBalanceSpec:
		a.LoadBalance = firstOf(a.LoadBalance, spec)
	case *BulkheadSpec:
		a.Bulkhead = firstOf(a.Bulkhead, spec)
	case *CircuitBreakerSpec:
		if p.Kind == KindInstanceIsolation {
			a.Isolation = firstOf(a.Isolation, spec)
		} else {
			a.CircuitBreaker = firstOf(a.CircuitBreaker, spec)
		}
	}
}

func firstOf[T any](cur, next *T) *T {
	if cur != nil {
		return cur
	}
	return next
}

// covers reports whether the selector takes in a service of environment,
// app and name. The environment must be the same (the empty environment is
// one of them, as in ServiceComb); an empty app or service takes any.
func (sel Selector) covers(env, app, service string) bool {
	return sel.Environment == env &&
		(sel.App == "" || sel.App == app) &&
		(sel.Service == "" || sel.Service == service)
}

// matchesFor answers the matches of g that concern traffic to service.
func matchesFor(g *MatchGroupSpec, service string) []Match {
	var out []Match
	for _, m := range g.Matches {
		if m.ServiceName == "" || m.ServiceName == service {
			out = append(out, m)
		}
	}
	return out
}
