package translate

import (
	"errors"
	"fmt"
	"slices"

	endpointv3 "github.com/envoyproxy/go-control-plane/envoy/config/endpoint/v3"
	"google.golang.org/protobuf/encoding/protowire"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/reflect/protoreflect"

	"github.com/causeway-dev/causeway/registry/naming"
)

// built records what a sidecar part's endpoint assignments were made of,
// so that the next translation of the service takes from it whatever the
// change did not touch (issue 16). Instances are immutable and the index
// shares unchanged ones between snapshots, so an instance pointer seen
// before stands for the same endpoint.
type built struct {
	// enc is each instance's endpoint in wire form: built, checked and
	// marshalled once while the instance stands, and shared by every
	// assignment the instance is in (the pool, its port, its subsets).
	enc map[*naming.Instance]string
	// members and cla are each assignment's instances and the assignment
	// built of them, by assignment name.
	members map[string][]*naming.Instance
	cla     map[string]*endpointv3.ClusterLoadAssignment
}

// assigner builds a part's assignments in wire form, taking from prev (nil:
// nothing to take). An assignment is a ClusterLoadAssignment holding its
// name and, as unknown fields, its localities and endpoints already
// encoded: it marshals, byte for byte, to what loadAssignment's would
// marshal to, for the price of a copy, and holds no Envoy proto per
// endpoint (an endpoint's proto tree is ~1 KB; its wire form ~65 B).
type assigner struct {
	prev, next *built
	// invalid are what failed the checks an endpoint or assignment gets
	// when it is built (Validate reports them).
	invalid []error
}

func newAssigner(prev *built) *assigner {
	return &assigner{prev: prev, next: &built{
		enc:     map[*naming.Instance]string{},
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
		if cla, ok := a.prev.cla[name]; ok && slices.Equal(a.prev.members[name], members) {
			a.next.cla[name] = cla
			for _, in := range members {
				if enc, ok := a.prev.enc[in]; ok {
					a.next.enc[in] = enc
				}
			}
			return cla
		}
	}
	cla := a.encodeAssignment(name, members)
	a.next.cla[name] = cla
	return cla
}

// encodeAssignment is loadAssignment in wire form: the same localities in
// the same order, each with the same endpoints.
func (a *assigner) encodeAssignment(name string, members []*naming.Instance) *endpointv3.ClusterLoadAssignment {
	cla := &endpointv3.ClusterLoadAssignment{ClusterName: name}
	if err := cla.ValidateAll(); err != nil {
		a.invalid = append(a.invalid, fmt.Errorf("endpoints %s: %w", name, err))
	}
	var zones []string
	byZone := map[string][]string{}
	for _, in := range members {
		if in.Weight <= 0 {
			continue
		}
		if _, ok := byZone[in.Cluster]; !ok {
			zones = append(zones, in.Cluster)
		}
		byZone[in.Cluster] = append(byZone[in.Cluster], a.endpoint(in))
	}
	var raw []byte
	for _, zone := range zones {
		raw = protowire.AppendTag(raw, 2, protowire.BytesType) // endpoints
		raw = protowire.AppendBytes(raw, a.encodeLocality(name, zone, byZone[zone]))
	}
	cla.ProtoReflect().SetUnknown(protoreflect.RawFields(raw))
	return cla
}

// encodeLocality answers the wire form of a locality holding endpoints.
func (a *assigner) encodeLocality(name, zone string, endpoints []string) []byte {
	shell := locality(zone)
	if err := shell.ValidateAll(); err != nil {
		a.invalid = append(a.invalid, fmt.Errorf("endpoints %s: locality %q: %w", name, zone, err))
	}
	head, err := proto.MarshalOptions{Deterministic: true}.Marshal(shell)
	if err != nil {
		a.invalid = append(a.invalid, fmt.Errorf("endpoints %s: locality %q: %w", name, zone, err))
	}
	size := len(head)
	for _, e := range endpoints {
		size += protowire.SizeTag(2) + protowire.SizeBytes(len(e))
	}
	out := make([]byte, 0, size)
	out = append(out, head...)
	for _, e := range endpoints {
		out = protowire.AppendTag(out, 2, protowire.BytesType) // lb_endpoints
		out = protowire.AppendString(out, e)
	}
	return out
}

// endpoint answers the wire form of an instance's endpoint: built and
// checked once per translation and kept from the previous one while the
// instance stands.
func (a *assigner) endpoint(in *naming.Instance) string {
	if enc, ok := a.next.enc[in]; ok {
		return enc
	}
	enc, ok := "", false
	if a.prev != nil {
		enc, ok = a.prev.enc[in]
	}
	if !ok {
		lb := lbEndpoint(in)
		if err := lb.ValidateAll(); err != nil {
			a.invalid = append(a.invalid, fmt.Errorf("endpoint %s:%d: %w", in.IP, in.Port, err))
		}
		b, err := proto.MarshalOptions{Deterministic: true}.Marshal(lb)
		if err != nil {
			a.invalid = append(a.invalid, fmt.Errorf("endpoint %s:%d: %w", in.IP, in.Port, err))
		}
		enc = string(b)
	}
	a.next.enc[in] = enc
	return enc
}

// validateAssignments checks the part's endpoint assignments: those built
// in wire form were checked as they were built (an assignment taken from
// the previous part was checked then), the others are checked whole.
func (p *SidecarPart) validateAssignments() error {
	if p.built != nil {
		return errors.Join(p.invalid...)
	}
	for _, cla := range p.Endpoints {
		if err := cla.ValidateAll(); err != nil {
			return fmt.Errorf("endpoints %s: %w", cla.GetClusterName(), err)
		}
	}
	return nil
}
