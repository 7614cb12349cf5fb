package xds

import (
	"fmt"
	"sort"

	"github.com/envoyproxy/go-control-plane/pkg/cache/types"
	cachev3 "github.com/envoyproxy/go-control-plane/pkg/cache/v3"
	resourcev3 "github.com/envoyproxy/go-control-plane/pkg/resource/v3"

	routev3 "github.com/envoyproxy/go-control-plane/envoy/config/route/v3"

	"github.com/causeway-dev/causeway/controlplane/index"
	"github.com/causeway-dev/causeway/controlplane/translate"
	"github.com/causeway-dev/causeway/registry/naming"
)

// sidecarState keeps each service's part of a sidecar scope, so that a
// change re-translates, validates and hashes only the services it touched.
// The route configuration, which holds every service's virtual hosts, is
// rebuilt only when some service's virtual hosts changed (new ports, a
// service appearing or leaving), not for endpoint changes.
type sidecarState struct {
	parts map[naming.ServiceKey]*translate.SidecarPart
	hosts map[naming.ServiceKey]string // hash of the part's virtual hosts
	// stale: the last route configuration was refused, so the caches hold
	// an older one; the next change rebuilds it whatever it touches.
	stale bool
}

// initSidecar translates the whole scope once.
func (s *scope) initSidecar(snap *index.Snapshot) error {
	s.side = &sidecarState{parts: map[naming.ServiceKey]*translate.SidecarPart{}, hosts: map[naming.ServiceKey]string{}}
	keys := make([]naming.ServiceKey, 0)
	for _, svc := range snap.Services(s.node.Namespace, s.node.App) {
		keys = append(keys, svc.Key)
	}
	_, err := s.applySidecar(snap, keys, true)
	return err
}

// applySidecar brings the scope up to date for the changed services and
// answers how many resources changed. A service whose part fails
// validation keeps its last part; the others go ahead.
func (s *scope) applySidecar(snap *index.Snapshot, changed []naming.ServiceKey, frame bool) (int, error) {
	d := newDelta()
	hostsChanged := frame || s.side.stale
	var errs []error
	for _, k := range changed {
		if !translate.InSidecarScope(k, s.node) {
			continue
		}
		var p *translate.SidecarPart
		if svc := snap.Service(k); svc != nil {
			var err error
			if p, err = translate.SidecarServiceFrom(snap, svc, s.node, s.side.parts[k]); err != nil {
				errs = append(errs, fmt.Errorf("service %s: %w", k, err))
				continue
			}
			if err := p.Validate(); err != nil {
				errs = append(errs, fmt.Errorf("service %s: %w", k, err))
				continue
			}
		}
		d.replace(s.side.parts[k], p)
		h, err := hostsHash(p)
		if err != nil {
			return 0, err
		}
		if h != s.side.hosts[k] {
			hostsChanged = true
		}
		s.side.set(k, p, h)
	}
	var frameErr error
	if hostsChanged {
		// Clusters and endpoints go out even if the frame is refused:
		// they are valid on their own and the old routes still use them.
		frameErr = s.frameSidecar(d)
		s.side.stale = frameErr != nil
	}
	n, err := s.applyDelta(d)
	if err == nil {
		err = frameErr
	}
	if err == nil && len(errs) > 0 {
		err = fmt.Errorf("%d services refused: %v", len(errs), errs)
	}
	return n, err
}

func (st *sidecarState) set(k naming.ServiceKey, p *translate.SidecarPart, hostsHash string) {
	if p == nil {
		delete(st.parts, k)
		delete(st.hosts, k)
		return
	}
	st.parts[k], st.hosts[k] = p, hostsHash
}

// frameSidecar rebuilds the listener and route configuration from every
// part's virtual hosts, in service order.
func (s *scope) frameSidecar(d *delta) error {
	keys := make([]naming.ServiceKey, 0, len(s.side.parts))
	for k := range s.side.parts {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool { return keys[i].String() < keys[j].String() })
	all := make([]*translate.SidecarPart, 0, len(keys))
	for _, k := range keys {
		all = append(all, s.side.parts[k])
	}
	l, rc, err := translate.SidecarFrame(s.node, hostsOf(all))
	if err != nil {
		return err
	}
	if err := rc.ValidateAll(); err != nil {
		return fmt.Errorf("route configuration %s: %w", rc.GetName(), err)
	}
	if err := l.ValidateAll(); err != nil {
		return fmt.Errorf("listener %s: %w", l.GetName(), err)
	}
	d.put(resourcev3.ListenerType, l)
	d.put(resourcev3.RouteType, rc)
	return nil
}

func hostsHash(p *translate.SidecarPart) (string, error) {
	if p == nil {
		return "", nil
	}
	h := ""
	for _, vh := range p.Hosts {
		one, err := contentHash(vh)
		if err != nil {
			return "", err
		}
		h += one
	}
	return h, nil
}

// delta is a set of resources to put and names to remove, by type.
type delta struct {
	puts   map[string]map[string]types.Resource
	remove map[string][]string
}

func newDelta() *delta {
	return &delta{puts: map[string]map[string]types.Resource{}, remove: map[string][]string{}}
}

func (d *delta) put(typ string, r types.Resource) {
	if d.puts[typ] == nil {
		d.puts[typ] = map[string]types.Resource{}
	}
	d.puts[typ][cachev3.GetResourceName(r)] = r
}

// replace records the change from one part to the next (either may be
// nil): everything of next is put, what only old had is removed. Endpoint
// assignments have names of their own (a changed cluster names a new one).
func (d *delta) replace(old, next *translate.SidecarPart) {
	keep := map[string]bool{}
	if next != nil {
		for _, c := range next.Clusters {
			d.put(resourcev3.ClusterType, c)
			keep[c.GetName()] = true
		}
		for _, e := range next.Endpoints {
			d.put(resourcev3.EndpointType, e)
			keep[e.GetClusterName()] = true
		}
	}
	if old == nil {
		return
	}
	for _, c := range old.Clusters {
		if !keep[c.GetName()] {
			d.remove[resourcev3.ClusterType] = append(d.remove[resourcev3.ClusterType], c.GetName())
		}
	}
	for _, e := range old.Endpoints {
		if !keep[e.GetClusterName()] {
			d.remove[resourcev3.EndpointType] = append(d.remove[resourcev3.EndpointType], e.GetClusterName())
		}
	}
}

func hostsOf(parts []*translate.SidecarPart) []*routev3.VirtualHost {
	var out []*routev3.VirtualHost
	for _, p := range parts {
		out = append(out, p.Hosts...)
	}
	return out
}

// applyDelta updates the caches with what changed content, in applyOrder.
// A resource the translator handed out last time unchanged (the very
// object) is skipped without a look; an endpoint assignment it built anew
// has new content (it takes the old one whole while its instances stand),
// so it is not marshalled to be hashed: with thousands of endpoints that
// marshal cost more than the cache's own, once for every client.
func (s *scope) applyDelta(d *delta) (int, error) {
	changed := 0
	for _, typ := range applyOrder {
		update := map[string]types.Resource{}
		for name, r := range d.puts[typ] {
			if prev, ok := s.last[typ][name]; ok && prev == r {
				continue
			}
			h, err := s.versionOf(typ, r)
			if err != nil {
				return changed, fmt.Errorf("hash %s %s: %w", typ, name, err)
			}
			s.remember(typ, name, r)
			if h == "" || s.hashes[typ][name] != h {
				s.hashes[typ][name] = h
				update[name] = r
			}
		}
		remove := d.remove[typ]
		for _, name := range remove {
			delete(s.hashes[typ], name)
			delete(s.last[typ], name)
		}
		if len(update) == 0 && len(remove) == 0 {
			continue
		}
		if err := s.caches[typ].UpdateResources(update, remove); err != nil {
			return changed, fmt.Errorf("update %s: %w", typ, err)
		}
		changed += len(update) + len(remove)
	}
	return changed, nil
}

// versionOf answers a resource's content hash, or "" for an endpoint
// assignment: one the translator built anew is always a change.
func (s *scope) versionOf(typ string, r types.Resource) (string, error) {
	if typ == resourcev3.EndpointType {
		return "", nil
	}
	return contentHash(r)
}

func (s *scope) remember(typ, name string, r types.Resource) {
	if s.last[typ] == nil {
		s.last[typ] = map[string]types.Resource{}
	}
	s.last[typ][name] = r
}
