package xds

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"sort"

	"github.com/envoyproxy/go-control-plane/pkg/cache/types"
	cachev3 "github.com/envoyproxy/go-control-plane/pkg/cache/v3"
	resourcev3 "github.com/envoyproxy/go-control-plane/pkg/resource/v3"
	"google.golang.org/protobuf/proto"

	"github.com/causeway-dev/causeway/controlplane/index"
	"github.com/causeway-dev/causeway/controlplane/translate"
	"github.com/causeway-dev/causeway/registry/naming"
)

// applyOrder is the order in which a change reaches the caches: what others
// refer to first (endpoints before the clusters that use them, clusters
// before the routes, routes and extension configs (ECDS: the gateway's
// plugin filters) before the listeners), so a client never holds a
// reference to something it cannot get.
var applyOrder = []string{resourcev3.EndpointType, resourcev3.ClusterType, resourcev3.ExtensionConfigType,
	resourcev3.RouteType, resourcev3.ListenerType}

// scope is the configuration shared by every node that sees the same
// things (same role, namespace, app, ports): one linear cache per resource
// type. A change updates only the resources whose content changed, each is
// marshalled once for every node, and only the watchers of a changed
// resource hear of it.
type scope struct {
	node   translate.Node // ID empty
	caches map[string]*cachev3.LinearCache
	hashes map[string]map[string]string // type -> name -> content hash
	// last is what each hash was taken of: the translator hands out the
	// same immutable resource while its inputs stand (a plugin's config
	// with its inline module is megabytes), and the same resource needs no
	// second marshal to be known unchanged.
	last map[string]map[string]types.Resource
	refs int
	// side is set for sidecar scopes, which are updated service by service;
	// other roles are translated whole on every change.
	side *sidecarState
}

func newScope(key translate.Node) *scope {
	s := &scope{node: key, caches: map[string]*cachev3.LinearCache{}, hashes: map[string]map[string]string{},
		last: map[string]map[string]types.Resource{}}
	for _, typ := range applyOrder {
		s.caches[typ] = cachev3.NewLinearCache(typ, cachev3.WithLogger(silent{}))
		s.hashes[typ] = map[string]string{}
	}
	return s
}

// apply makes the caches hold res, touching only what changed; it answers
// how many resources changed.
func (s *scope) apply(res *translate.Resources) (int, error) {
	byType := map[string][]types.Resource{
		resourcev3.ListenerType: toResources(res.Listeners),
		resourcev3.RouteType:    toResources(res.Routes),
		resourcev3.ClusterType:  toResources(res.Clusters),
		resourcev3.EndpointType: toResources(res.Endpoints),

		resourcev3.ExtensionConfigType: toResources(res.Extensions),
	}
	changed := 0
	for _, typ := range applyOrder {
		n, err := s.applyType(typ, byType[typ])
		if err != nil {
			return changed, err
		}
		changed += n
	}
	return changed, nil
}

func (s *scope) applyType(typ string, items []types.Resource) (int, error) {
	next := make(map[string]string, len(items))
	seen := make(map[string]types.Resource, len(items))
	update := map[string]types.Resource{}
	for _, it := range items {
		name := cachev3.GetResourceName(it)
		h, err := s.hash(typ, name, it)
		if err != nil {
			return 0, fmt.Errorf("hash %s %s: %w", typ, name, err)
		}
		next[name], seen[name] = h, it
		if s.hashes[typ][name] != h {
			update[name] = it
		}
	}
	var remove []string
	for name := range s.hashes[typ] {
		if _, ok := next[name]; !ok {
			remove = append(remove, name)
		}
	}
	s.hashes[typ], s.last[typ] = next, seen
	if len(update) == 0 && len(remove) == 0 {
		return 0, nil
	}
	sort.Strings(remove)
	if err := s.caches[typ].UpdateResources(update, remove); err != nil {
		return 0, fmt.Errorf("update %s: %w", typ, err)
	}
	return len(update) + len(remove), nil
}

// hash answers the content hash of a resource: the last one when it is the
// very resource hashed last time.
func (s *scope) hash(typ, name string, it types.Resource) (string, error) {
	if prev, ok := s.last[typ][name]; ok && prev == it {
		return s.hashes[typ][name], nil
	}
	return contentHash(it)
}

func toResources[T types.Resource](items []T) []types.Resource {
	out := make([]types.Resource, len(items))
	for i, it := range items {
		out[i] = it
	}
	return out
}

func contentHash(m proto.Message) (string, error) {
	b, err := proto.MarshalOptions{Deterministic: true}.Marshal(m)
	if err != nil {
		return "", err
	}
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:8]), nil
}

// silent drops go-control-plane's cache logging; the server logs what
// matters itself.
type silent struct{}

func (silent) Debugf(string, ...any) {}
func (silent) Infof(string, ...any)  {}
func (silent) Warnf(string, ...any)  {}
func (silent) Errorf(string, ...any) {}

// fill translates a new scope whole.
func (s *scope) fill(snap *index.Snapshot) error {
	if s.node.Role == translate.RoleSidecar {
		return s.initSidecar(snap)
	}
	res, err := translate.ForNode(snap, s.node)
	if err != nil {
		return err
	}
	_, err = s.apply(res)
	return err
}

// update brings the scope up to date with snap, in which the services keys
// changed, and answers how many resources changed.
func (s *scope) update(snap *index.Snapshot, keys []naming.ServiceKey) (int, error) {
	if s.side != nil {
		return s.applySidecar(snap, keys, false)
	}
	res, err := translate.ForNode(snap, s.node)
	if err != nil {
		return 0, err
	}
	return s.apply(res)
}
