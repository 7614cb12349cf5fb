package index

import (
	"context"

	"github.com/causeway-dev/causeway/registry/ai/catalog"
	"github.com/causeway-dev/causeway/registry/feed"
	"github.com/causeway-dev/causeway/registry/gateway"
)

// A2ASource is where the A2A agents that gateway routes name come from:
// *catalog.A2A. Its feed names the agents whose cards changed.
type A2ASource interface {
	Get(ns, name, version string) (*catalog.AgentVersion, error)
	Listen() *feed.Listener[catalog.Key]
}

// WithA2A makes the index resolve gateway routes to A2A agents' cards and
// follow the agents as they change.
func WithA2A(src A2ASource) Option { return func(x *Index) { x.a2a = src } }

// a2aCards resolves the A2A routes of a gateway to their agents' cards,
// by route id; a route whose agent is not registered is left out. The
// cards are the registry's: never change them.
func (x *Index) a2aCards(routes []*gateway.Route) map[string]*catalog.AgentCard {
	if x.a2a == nil {
		return nil
	}
	var out map[string]*catalog.AgentCard
	for _, r := range routes {
		a := r.Destination.A2A
		if a == nil {
			continue
		}
		v, err := x.a2a.Get(a.Namespace, a.Name, a.Version)
		if err != nil {
			continue
		}
		if out == nil {
			out = map[string]*catalog.AgentCard{}
		}
		out[r.ID] = v.Card
	}
	return out
}

// a2aNames answers the agent an A2A route names.
func a2aNames(r *gateway.Route) (catalog.Key, bool) {
	if a := r.Destination.A2A; a != nil {
		return catalog.Key{Namespace: a.Namespace, Name: a.Name}, true
	}
	return catalog.Key{}, false
}

// forwardCatalog publishes on dst the gateways with a route that names
// (as names says) a resource src says changed, until ctx ends. It reads
// the routes of the current snapshot: a route added meanwhile is read,
// with its resource as it is then, when its gateway's own change is.
func (x *Index) forwardCatalog(ctx context.Context, src *feed.Listener[catalog.Key], dst *feed.Feed[gateway.Key],
	names func(*gateway.Route) (catalog.Key, bool)) {
	feed.Each(ctx, src, func(k catalog.Key) {
		set := map[gateway.Key]struct{}{}
		for _, g := range x.Current().Gateways() {
			for _, r := range g.Routes {
				if named, ok := names(r); ok && named == k {
					set[g.Gateway.Key()] = struct{}{}
				}
			}
		}
		dst.Publish(set)
	})
}
