package translate

import (
	"math"
	"time"

	clusterv3 "github.com/envoyproxy/go-control-plane/envoy/config/cluster/v3"
	"google.golang.org/protobuf/types/known/durationpb"
	"google.golang.org/protobuf/types/known/wrapperspb"

	"github.com/causeway-dev/causeway/registry/governance"
)

// applyClusterPolicies sets what Envoy applies per upstream cluster:
// load balancing, the bulkhead as circuit-breaker thresholds, and circuit
// breaking or instance isolation as outlier detection.
func applyClusterPolicies(c *clusterv3.Cluster, a *governance.Applied, grpc bool) {
	rule := ""
	if a != nil && a.LoadBalance != nil {
		rule = a.LoadBalance.Rule
	}
	c.LbPolicy = lbPolicy(rule, grpc)
	if a == nil {
		return
	}
	if b := a.Bulkhead; b != nil {
		n := wrapperspb.UInt32(uint32(min(b.MaxConcurrentCalls, math.MaxUint32)))
		c.CircuitBreakers = &clusterv3.CircuitBreakers{Thresholds: []*clusterv3.CircuitBreakers_Thresholds{{
			MaxConnections: n, MaxPendingRequests: n, MaxRequests: n,
		}}}
	}
	cb := a.Isolation
	if cb == nil {
		cb = a.CircuitBreaker
	}
	if cb != nil {
		c.OutlierDetection = outlierDetection(cb)
	}
}

// lbPolicy maps ServiceComb's rules ("" when no policy applies):
// WeightedResponse favours the hosts that answer fastest, which is what
// Envoy's least-request does; SessionStickiness is a ring hash over the
// route's cookie. Envoy's round robin honours endpoint weights, grpc-go's
// does not, and grpc-go refuses RANDOM: a gRPC client balances by a ring
// hash over the weighted endpoints instead, which for calls without a
// hash policy picks at random in proportion to the weights (Nacos weights
// hold), unless a policy asks for round robin by name.
func lbPolicy(rule string, grpc bool) clusterv3.Cluster_LbPolicy {
	switch rule {
	case governance.LBRoundRobin:
		return clusterv3.Cluster_ROUND_ROBIN
	case governance.LBWeightedResponse:
		return clusterv3.Cluster_LEAST_REQUEST
	case governance.LBSessionStickiness:
		return clusterv3.Cluster_RING_HASH
	case governance.LBRandom:
		if !grpc {
			return clusterv3.Cluster_RANDOM
		}
	}
	if grpc {
		return clusterv3.Cluster_RING_HASH
	}
	return clusterv3.Cluster_ROUND_ROBIN
}

// defaultEvaluation is how often outlier detection looks at a
// count-based window, which Envoy does not have.
const defaultEvaluation = 10 * time.Second

// outlierDetection ejects an instance whose failure rate over the window
// (5xx answers and connection failures) reaches the threshold, once it has
// had MinimumNumberOfCalls requests, for WaitDurationInOpenState. Every
// instance may be ejected: a service whose instances all fail is then
// answered 503 at once, as an open circuit would. Envoy's other detectors,
// on by default, are switched off: the policy alone decides.
func outlierDetection(cb *governance.CircuitBreakerSpec) *clusterv3.OutlierDetection {
	interval := defaultEvaluation
	if cb.SlidingWindowType != "COUNT_BASED" && cb.SlidingWindowSize > 0 {
		interval = time.Duration(cb.SlidingWindowSize) * time.Second
	}
	return &clusterv3.OutlierDetection{
		Interval:                       durationpb.New(interval),
		BaseEjectionTime:               durationpb.New(cb.WaitDurationInOpenState),
		MaxEjectionTime:                durationpb.New(max(cb.WaitDurationInOpenState, 300*time.Second)),
		MaxEjectionPercent:             wrapperspb.UInt32(100),
		FailurePercentageThreshold:     wrapperspb.UInt32(uint32(math.Round(cb.FailureRateThreshold))),
		EnforcingFailurePercentage:     wrapperspb.UInt32(100),
		FailurePercentageMinimumHosts:  wrapperspb.UInt32(1),
		FailurePercentageRequestVolume: wrapperspb.UInt32(uint32(min(cb.MinimumNumberOfCalls, math.MaxUint32))),
		EnforcingConsecutive_5Xx:       wrapperspb.UInt32(0),
		EnforcingSuccessRate:           wrapperspb.UInt32(0),
	}
}
