package governance

import (
	"encoding/json"
	"time"
)

// Policy specs as the API takes them. Pointers tell an absent field from a
// zero one; json.RawMessage fields take ServiceComb's alternatives (a
// duration as milliseconds or an ISO-8601 string, a status as a number or
// a string). Fields ServiceComb accepts but Envoy has no use for are
// accepted and ignored, so that specs written for ServiceComb SDKs load.

type retryInput struct {
	MaxAttempts           *int              `json:"maxAttempts"`
	RetryOnResponseStatus []json.RawMessage `json:"retryOnResponseStatus"`
	WaitDuration          json.RawMessage   `json:"waitDuration"`
	RetryStrategy         *string           `json:"retryStrategy"`
	InitialInterval       json.RawMessage   `json:"initialInterval"`
	Multiplier            *float64          `json:"multiplier"`
	RandomizationFactor   *float64          `json:"randomizationFactor"`
	FailAfterMaxAttempts  *bool             `json:"failAfterMaxAttempts"`
	RetryOnSame           *int              `json:"retryOnSame"`
}

// minWait is ServiceComb's floor for a retry's wait: shorter ones are
// raised to it.
const minWait = 10 * time.Millisecond

var defaultStatuses = []int{502, 503}

func parseRetry(raw json.RawMessage) (*RetrySpec, error) {
	var in retryInput
	if err := decodeStrict("spec", raw, &in); err != nil {
		return nil, err
	}
	s := &RetrySpec{RetryStrategy: "FixedInterval"}
	var err error
	// ServiceComb's maxAttempts counts retries, as Envoy's num_retries.
	if s.MaxAttempts, err = positive("spec.maxAttempts", in.MaxAttempts, 3, MaxRetries); err != nil {
		return nil, err
	}
	if s.RetryOnResponseStatus, err = statusCodes("spec.retryOnResponseStatus", in.RetryOnResponseStatus, defaultStatuses); err != nil {
		return nil, err
	}
	if s.WaitDuration, err = durationOf("spec.waitDuration", in.WaitDuration, minWait); err != nil {
		return nil, err
	}
	s.WaitDuration = max(s.WaitDuration, minWait)
	if in.RetryStrategy != nil {
		switch *in.RetryStrategy {
		case "FixedInterval", "RandomBackoff":
			s.RetryStrategy = *in.RetryStrategy
		default:
			return nil, invalid("spec.retryStrategy", "%q must be FixedInterval or RandomBackoff", *in.RetryStrategy)
		}
	}
	if s.InitialInterval, err = durationOf("spec.initialInterval", in.InitialInterval, time.Second); err != nil {
		return nil, err
	}
	if s.InitialInterval < time.Millisecond {
		// Envoy's back-off base interval must be at least 1ms.
		return nil, invalid("spec.initialInterval", "must be at least 1ms")
	}
	return s, nil
}

type rateLimitInput struct {
	Rate               *int            `json:"rate"`
	LimitRefreshPeriod json.RawMessage `json:"limitRefreshPeriod"`
	TimeoutDuration    json.RawMessage `json:"timeoutDuration"`
}

// minRefresh is Envoy's floor for a token bucket's fill interval: its
// local rate limit refuses shorter ones.
const minRefresh = 50 * time.Millisecond

func parseRateLimit(raw json.RawMessage) (*RateLimitSpec, error) {
	var in rateLimitInput
	if err := decodeStrict("spec", raw, &in); err != nil {
		return nil, err
	}
	s := &RateLimitSpec{}
	var err error
	if s.Rate, err = positive("spec.rate", in.Rate, 1000, maxCalls); err != nil {
		return nil, err
	}
	if s.LimitRefreshPeriod, err = durationOf("spec.limitRefreshPeriod", in.LimitRefreshPeriod, time.Second); err != nil {
		return nil, err
	}
	if s.LimitRefreshPeriod < minRefresh {
		return nil, invalid("spec.limitRefreshPeriod", "must be at least 50ms (Envoy's local rate limit refills at most every 50ms)")
	}
	// Envoy answers 429 at once instead of queueing: the timeout is
	// accepted for ServiceComb's sake and must only be well-formed.
	if _, err := durationOf("spec.timeoutDuration", in.TimeoutDuration, 0); err != nil {
		return nil, err
	}
	return s, nil
}

type loadBalanceInput struct {
	Rule *string `json:"rule"`
}

func parseLoadBalance(raw json.RawMessage) (*LoadBalanceSpec, error) {
	var in loadBalanceInput
	if err := decodeStrict("spec", raw, &in); err != nil {
		return nil, err
	}
	if in.Rule == nil || *in.Rule == "" {
		return nil, invalid("spec.rule", "is required (RoundRobin, Random, WeightedResponse or SessionStickiness)")
	}
	switch *in.Rule {
	case LBRoundRobin, LBRandom, LBWeightedResponse, LBSessionStickiness:
		return &LoadBalanceSpec{Rule: *in.Rule}, nil
	}
	return nil, invalid("spec.rule", "%q must be RoundRobin, Random, WeightedResponse or SessionStickiness", *in.Rule)
}

type bulkheadInput struct {
	MaxConcurrentCalls *int            `json:"maxConcurrentCalls"`
	MaxWaitDuration    json.RawMessage `json:"maxWaitDuration"`
}

func parseBulkhead(raw json.RawMessage) (*BulkheadSpec, error) {
	var in bulkheadInput
	if err := decodeStrict("spec", raw, &in); err != nil {
		return nil, err
	}
	s := &BulkheadSpec{}
	var err error
	if s.MaxConcurrentCalls, err = positive("spec.maxConcurrentCalls", in.MaxConcurrentCalls, 1000, maxCalls); err != nil {
		return nil, err
	}
	if s.MaxWaitDuration, err = durationOf("spec.maxWaitDuration", in.MaxWaitDuration, 0); err != nil {
		return nil, err
	}
	return s, nil
}
