package translate

import (
	"math"

	corev3 "github.com/envoyproxy/go-control-plane/envoy/config/core/v3"
	endpointv3 "github.com/envoyproxy/go-control-plane/envoy/config/endpoint/v3"
	"google.golang.org/protobuf/types/known/structpb"
	"google.golang.org/protobuf/types/known/wrapperspb"

	"github.com/causeway-dev/causeway/registry/naming"
)

// weightScale keeps two decimals of a Nacos weight (0-10000, a double) in
// Envoy's integer endpoint weight.
const weightScale = 100

// loadAssignment answers the endpoints of instances, each at its own
// ip:port, one locality per Nacos cluster (its zone). Only healthy, enabled
// instances are HEALTHY; instances of weight 0 get no traffic in Nacos and
// are left out.
func loadAssignment(name string, instances []*naming.Instance) *endpointv3.ClusterLoadAssignment {
	cla := &endpointv3.ClusterLoadAssignment{ClusterName: name}
	byZone := map[string]*endpointv3.LocalityLbEndpoints{}
	for _, in := range instances { // sorted by cluster, so localities come sorted
		if in.Weight <= 0 {
			continue
		}
		loc := byZone[in.Cluster]
		if loc == nil {
			loc = locality(in.Cluster)
			byZone[in.Cluster] = loc
			cla.Endpoints = append(cla.Endpoints, loc)
		}
		loc.LbEndpoints = append(loc.LbEndpoints, lbEndpoint(in))
	}
	return cla
}

// locality answers an empty locality of a Nacos cluster (its zone).
func locality(zone string) *endpointv3.LocalityLbEndpoints {
	// gRPC refuses localities without an id or a weight; Envoy ignores the
	// weight unless locality-weighted balancing is on.
	return &endpointv3.LocalityLbEndpoints{Locality: &corev3.Locality{Zone: zone}, LoadBalancingWeight: wrapperspb.UInt32(1)}
}

func lbEndpoint(in *naming.Instance) *endpointv3.LbEndpoint {
	status := corev3.HealthStatus_UNHEALTHY
	if in.Healthy && in.Enabled {
		status = corev3.HealthStatus_HEALTHY
	}
	return &endpointv3.LbEndpoint{
		HostIdentifier: &endpointv3.LbEndpoint_Endpoint{Endpoint: &endpointv3.Endpoint{
			Address: socketAddress(in.IP, uint32(in.Port)),
		}},
		HealthStatus:        status,
		LoadBalancingWeight: wrapperspb.UInt32(endpointWeight(in.Weight)),
		Metadata:            endpointMetadata(in),
	}
}

func endpointWeight(w float64) uint32 {
	scaled := math.Round(w * weightScale)
	return uint32(max(1, min(scaled, math.MaxUint32/1024))) // Envoy caps the sum, not each
}

// endpointMetadata carries the instance's metadata (with its version) under
// envoy.lb, where subset load balancing looks for it.
func endpointMetadata(in *naming.Instance) *corev3.Metadata {
	if len(in.Metadata) == 0 {
		return nil
	}
	fields := make(map[string]*structpb.Value, len(in.Metadata))
	for k, v := range in.Metadata {
		fields[k] = structpb.NewStringValue(v)
	}
	return &corev3.Metadata{FilterMetadata: map[string]*structpb.Struct{"envoy.lb": {Fields: fields}}}
}
