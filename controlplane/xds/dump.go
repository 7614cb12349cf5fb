package xds

import (
	"encoding/json"
	"fmt"
	"sort"

	resourcev3 "github.com/envoyproxy/go-control-plane/pkg/resource/v3"
	"google.golang.org/protobuf/encoding/protojson"
)

// dumpTypes are the resource types a config dump shows, in xDS order.
var dumpTypes = []string{resourcev3.ListenerType, resourcev3.RouteType, resourcev3.ClusterType, resourcev3.EndpointType}

// TypeDump is one resource type of a node's configuration.
type TypeDump struct {
	TypeURL   string            `json:"typeUrl"`
	Version   string            `json:"version"`
	Resources []json.RawMessage `json:"resources"`
}

// ConfigDump answers what the node was given, as JSON per type; false when
// no such node is connected.
func (s *Server) ConfigDump(nodeID string) ([]TypeDump, bool, error) {
	snap, err := s.cache.GetSnapshot(nodeID)
	if err != nil {
		return nil, false, nil
	}
	out := make([]TypeDump, 0, len(dumpTypes))
	for _, typ := range dumpTypes {
		d := TypeDump{TypeURL: typ, Version: snap.GetVersion(typ), Resources: []json.RawMessage{}}
		byName := snap.GetResources(typ)
		names := make([]string, 0, len(byName))
		for n := range byName {
			names = append(names, n)
		}
		sort.Strings(names)
		for _, n := range names {
			b, err := protojson.Marshal(byName[n])
			if err != nil {
				return nil, true, fmt.Errorf("dump %s %s: %w", typ, n, err)
			}
			d.Resources = append(d.Resources, b)
		}
		out = append(out, d)
	}
	return out, true, nil
}
