package translate

import (
	"fmt"

	endpointv3 "github.com/envoyproxy/go-control-plane/envoy/config/endpoint/v3"

	"github.com/causeway-dev/causeway/registry/naming"
)

// built records what a sidecar part's endpoint assignments were made of,
// so that the next translation of the service can take from it whatever
// the change did not touch (issue 16). Instances are immutable and the
// index shares unchanged ones between snapshots, so an instance pointer
// seen before stands for the same endpoint.
type built struct {
	// lb is the endpoint of each instance, shared by every assignment the
	// instance is in (the pool, its port, its subsets).
	lb map[*naming.Instance]*endpointv3.LbEndpoint
	// members and cla are each assignment's instances and the assignment
	// built of them, by assignment name.
	members map[string][]*naming.Instance
	cla     map[string]*endpointv3.ClusterLoadAssignment
}

// assigner builds a part's assignments, taking from prev (nil: nothing to
// take). It answers exactly what loadAssignment would: only the objects are
// shared.
type assigner struct {
	prev, next *built
	// fresh are the endpoints and reused the assignments, by name, of this
	// translation: what Validate has to check and what it need not.
	fresh  []*endpointv3.LbEndpoint
	reused map[string]bool
}

func newAssigner(prev *built) *assigner {
	return &assigner{prev: prev, reused: map[string]bool{}, next: &built{
		lb:      map[*naming.Instance]*endpointv3.LbEndpoint{},
		members: map[string][]*naming.Instance{},
		cla:     map[string]*endpointv3.ClusterLoadAssignment{},
	}}
}

// assignment answers the assignment name of members: the previous one when
// it was built of the very same instances, else one built of the
// instances' endpoints, reused where an instance is unchanged.
func (a *assigner) assignment(name string, members []*naming.Instance) *endpointv3.ClusterLoadAssignment {
	a.next.members[name] = members
	if a.prev != nil {
		if cla, ok := a.prev.cla[name]; ok && samePointers(a.prev.members[name], members) {
			a.reused[name] = true
			a.next.cla[name] = cla
			for _, in := range members {
				if lb, ok := a.prev.lb[in]; ok {
					a.next.lb[in] = lb
				}
			}
			return cla
		}
	}
	cla := buildAssignment(name, members, a.endpoint)
	a.next.cla[name] = cla
	return cla
}

// endpoint answers the endpoint of an instance: built once per translation
// and kept from the previous one while the instance stands.
func (a *assigner) endpoint(in *naming.Instance) *endpointv3.LbEndpoint {
	if lb, ok := a.next.lb[in]; ok {
		return lb
	}
	lb, ok := (*endpointv3.LbEndpoint)(nil), false
	if a.prev != nil {
		lb, ok = a.prev.lb[in]
	}
	if !ok {
		lb = lbEndpoint(in)
		a.fresh = append(a.fresh, lb)
	}
	a.next.lb[in] = lb
	return lb
}

func samePointers(a, b []*naming.Instance) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// validateAssignments checks the part's endpoint assignments, leaving out
// what an earlier translation checked: assignments taken whole, and
// endpoints taken from it. What is new is checked as Resources.Validate
// checks it.
func (p *SidecarPart) validateAssignments() error {
	for _, lb := range p.fresh {
		if err := lb.ValidateAll(); err != nil {
			return fmt.Errorf("endpoint %s: %w", lb.GetEndpoint().GetAddress(), err)
		}
	}
	for _, cla := range p.Endpoints {
		if p.reused[cla.GetClusterName()] {
			continue
		}
		if err := assignmentShell(cla).ValidateAll(); err != nil {
			return fmt.Errorf("endpoints %s: %w", cla.GetClusterName(), err)
		}
	}
	p.fresh = nil // checked: the next translation starts from here
	return nil
}

// assignmentShell answers cla without its endpoints (checked one by one),
// with every other field loadAssignment sets.
func assignmentShell(cla *endpointv3.ClusterLoadAssignment) *endpointv3.ClusterLoadAssignment {
	shell := &endpointv3.ClusterLoadAssignment{ClusterName: cla.GetClusterName(), Policy: cla.GetPolicy()}
	for _, loc := range cla.GetEndpoints() {
		shell.Endpoints = append(shell.Endpoints, &endpointv3.LocalityLbEndpoints{
			Locality: loc.GetLocality(), LoadBalancingWeight: loc.GetLoadBalancingWeight(), Priority: loc.GetPriority(),
		})
	}
	return shell
}
