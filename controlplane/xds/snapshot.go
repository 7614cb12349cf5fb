package xds

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"

	"github.com/envoyproxy/go-control-plane/pkg/cache/types"
	cachev3 "github.com/envoyproxy/go-control-plane/pkg/cache/v3"
	resourcev3 "github.com/envoyproxy/go-control-plane/pkg/resource/v3"
	"google.golang.org/protobuf/proto"

	"github.com/causeway-dev/causeway/controlplane/translate"
)

// snapshotOf packs resources into a cache snapshot whose version per type is
// a hash of that type's content: an unchanged type keeps its version and is
// not sent again.
func snapshotOf(r *translate.Resources) (*cachev3.Snapshot, error) {
	byType := map[string][]types.Resource{
		resourcev3.ListenerType: toResources(r.Listeners),
		resourcev3.RouteType:    toResources(r.Routes),
		resourcev3.ClusterType:  toResources(r.Clusters),
		resourcev3.EndpointType: toResources(r.Endpoints),
	}
	snap := &cachev3.Snapshot{}
	for typ, items := range byType {
		version, err := contentVersion(items)
		if err != nil {
			return nil, fmt.Errorf("version %s: %w", typ, err)
		}
		snap.Resources[cachev3.GetResponseType(typ)] = cachev3.NewResources(version, items)
	}
	// Consistency was checked by Resources.Validate: go-control-plane's own
	// check does not follow gRPC's API listeners to their routes.
	return snap, nil
}

func toResources[T types.Resource](items []T) []types.Resource {
	out := make([]types.Resource, len(items))
	for i, it := range items {
		out[i] = it
	}
	return out
}

// contentVersion hashes the deterministic encoding of items, in order.
func contentVersion(items []types.Resource) (string, error) {
	h := sha256.New()
	opts := proto.MarshalOptions{Deterministic: true}
	for _, it := range items {
		b, err := opts.Marshal(it)
		if err != nil {
			return "", err
		}
		fmt.Fprintf(h, "%d:", len(b))
		h.Write(b)
	}
	return hex.EncodeToString(h.Sum(nil)[:8]), nil
}
