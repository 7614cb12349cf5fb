package xds

import (
	"encoding/json"
	"fmt"
	"sort"

	resourcev3 "github.com/envoyproxy/go-control-plane/pkg/resource/v3"
	"google.golang.org/protobuf/encoding/protojson"
	"google.golang.org/protobuf/proto"
)

// dumpTypes are the resource types a config dump shows, in xDS order.
var dumpTypes = []string{resourcev3.ListenerType, resourcev3.RouteType, resourcev3.ClusterType, resourcev3.EndpointType}

// TypeDump is one resource type of a node's configuration.
type TypeDump struct {
	TypeURL   string            `json:"typeUrl"`
	Resources []json.RawMessage `json:"resources"`
}

// ConfigDump answers what the node is given, as JSON per type; false when
// no such node is connected.
func (s *Server) ConfigDump(nodeID string) ([]TypeDump, bool, error) {
	n, ok := s.nodes.node(nodeID)
	if !ok {
		return nil, false, nil
	}
	sc := s.cache.find(n)
	if sc == nil {
		return nil, false, nil
	}
	out := make([]TypeDump, 0, len(dumpTypes))
	for _, typ := range dumpTypes {
		d := TypeDump{TypeURL: typ, Resources: []json.RawMessage{}}
		byName := sc.caches[typ].GetResources()
		names := make([]string, 0, len(byName))
		for name := range byName {
			names = append(names, name)
		}
		sort.Strings(names)
		for _, name := range names {
			m, err := decoded(byName[name])
			if err != nil {
				return nil, true, fmt.Errorf("dump %s %s: %w", typ, name, err)
			}
			b, err := protojson.Marshal(m)
			if err != nil {
				return nil, true, fmt.Errorf("dump %s %s: %w", typ, name, err)
			}
			d.Resources = append(d.Resources, b)
		}
		out = append(out, d)
	}
	return out, true, nil
}

// decoded answers m as a client decodes it: sidecar endpoint assignments
// hold their endpoints in wire form (unknown fields to protojson).
func decoded(m proto.Message) (proto.Message, error) {
	if len(m.ProtoReflect().GetUnknown()) == 0 {
		return m, nil
	}
	b, err := proto.MarshalOptions{Deterministic: true}.Marshal(m)
	if err != nil {
		return nil, err
	}
	out := m.ProtoReflect().New().Interface()
	return out, proto.Unmarshal(b, out)
}
