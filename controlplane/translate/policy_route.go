package translate

import (
	"fmt"
	"math"

	corev3 "github.com/envoyproxy/go-control-plane/envoy/config/core/v3"
	routev3 "github.com/envoyproxy/go-control-plane/envoy/config/route/v3"
	commonfaultv3 "github.com/envoyproxy/go-control-plane/envoy/extensions/filters/common/fault/v3"
	faultv3 "github.com/envoyproxy/go-control-plane/envoy/extensions/filters/http/fault/v3"
	ratelimitv3 "github.com/envoyproxy/go-control-plane/envoy/extensions/filters/http/local_ratelimit/v3"
	typev3 "github.com/envoyproxy/go-control-plane/envoy/type/v3"
	"google.golang.org/protobuf/types/known/anypb"
	"google.golang.org/protobuf/types/known/durationpb"
	"google.golang.org/protobuf/types/known/wrapperspb"

	"github.com/causeway-dev/causeway/registry/governance"
)

// HTTP filters that request-level policies configure per route. Every
// connection manager carries them, doing nothing until a route says
// otherwise, so a policy change touches routes, never listeners.
const (
	filterFault     = "envoy.filters.http.fault"
	filterRateLimit = "envoy.filters.http.local_ratelimit"
	rateLimitStats  = "causeway_rate_limit"
)

// retryOn: ServiceComb retries on the listed statuses and on connection
// failures; these are Envoy's names for the latter.
const retryOn = "connect-failure,refused-stream,reset,retriable-status-codes"

// retryPolicy is a retry policy as Envoy's: MaxAttempts retries after the
// first try. FixedInterval waits WaitDuration (Envoy jitters it);
// RandomBackoff backs off from InitialInterval up to ten times it.
func retryPolicy(r *governance.RetrySpec) *routev3.RetryPolicy {
	base, limit := r.WaitDuration, r.WaitDuration
	if r.RetryStrategy == "RandomBackoff" {
		base, limit = r.InitialInterval, 10*r.InitialInterval
	}
	codes := make([]uint32, 0, len(r.RetryOnResponseStatus))
	for _, c := range r.RetryOnResponseStatus {
		codes = append(codes, uint32(c))
	}
	return &routev3.RetryPolicy{
		RetryOn: retryOn, NumRetries: wrapperspb.UInt32(uint32(r.MaxAttempts)), RetriableStatusCodes: codes,
		RetryBackOff: &routev3.RetryPolicy_RetryBackOff{BaseInterval: durationpb.New(base), MaxInterval: durationpb.New(limit)},
	}
}

// perFilterConfig answers the per-route configuration of a traffic
// definition's rate limit and fault. gRPC clients get the fault only:
// grpc-go has no local rate limit filter and refuses configuration for
// filters it does not know.
func perFilterConfig(tr governance.Traffic, grpc bool) (map[string]*anypb.Any, error) {
	out := map[string]*anypb.Any{}
	if tr.Fault != nil {
		a, err := anypb.New(faultConfig(tr.Fault))
		if err != nil {
			return nil, fmt.Errorf("fault: %w", err)
		}
		out[filterFault] = a
	}
	if tr.Rate != nil && !grpc {
		a, err := anypb.New(rateLimitConfig(tr.Rate))
		if err != nil {
			return nil, fmt.Errorf("rate limit: %w", err)
		}
		out[filterRateLimit] = a
	}
	if len(out) == 0 {
		return nil, nil
	}
	return out, nil
}

func faultConfig(f *governance.FaultSpec) *faultv3.HTTPFault {
	pct := &typev3.FractionalPercent{Numerator: uint32(f.Percentage), Denominator: typev3.FractionalPercent_HUNDRED}
	if f.Type == governance.FaultAbort {
		return &faultv3.HTTPFault{Abort: &faultv3.FaultAbort{
			ErrorType: &faultv3.FaultAbort_HttpStatus{HttpStatus: uint32(f.ErrorCode)}, Percentage: pct,
		}}
	}
	return &faultv3.HTTPFault{Delay: &commonfaultv3.FaultDelay{
		FaultDelaySecifier: &commonfaultv3.FaultDelay_FixedDelay{FixedDelay: durationpb.New(f.DelayTime)}, Percentage: pct,
	}}
}

// rateLimitConfig is a token bucket of Rate tokens refilled every
// LimitRefreshPeriod: at most Rate requests per period, the rest 429.
func rateLimitConfig(r *governance.RateLimitSpec) *ratelimitv3.LocalRateLimit {
	n := uint32(min(r.Rate, math.MaxUint32))
	always := func(key string) *corev3.RuntimeFractionalPercent {
		return &corev3.RuntimeFractionalPercent{RuntimeKey: key,
			DefaultValue: &typev3.FractionalPercent{Numerator: 100, Denominator: typev3.FractionalPercent_HUNDRED}}
	}
	return &ratelimitv3.LocalRateLimit{
		StatPrefix: rateLimitStats,
		TokenBucket: &typev3.TokenBucket{MaxTokens: n, TokensPerFill: wrapperspb.UInt32(n),
			FillInterval: durationpb.New(r.LimitRefreshPeriod)},
		FilterEnabled:  always(rateLimitStats + ".enabled"),
		FilterEnforced: always(rateLimitStats + ".enforced"),
	}
}

// stickyCookie keeps a client on one instance (SessionStickiness): Envoy
// hashes the cookie, and sets it as a session cookie when absent.
func stickyCookie() *routev3.RouteAction_HashPolicy {
	return &routev3.RouteAction_HashPolicy{PolicySpecifier: &routev3.RouteAction_HashPolicy_Cookie_{
		Cookie: &routev3.RouteAction_HashPolicy_Cookie{Name: "causeway-session", Ttl: durationpb.New(0), Path: "/"},
	}}
}
