package governance

import (
	"encoding/json"
	"math"
	"strconv"
	"time"
)

type circuitBreakerInput struct {
	FailureRateThreshold                  *float64          `json:"failureRateThreshold"`
	SlowCallRateThreshold                 *float64          `json:"slowCallRateThreshold"`
	SlowCallDurationThreshold             json.RawMessage   `json:"slowCallDurationThreshold"`
	WaitDurationInOpenState               json.RawMessage   `json:"waitDurationInOpenState"`
	PermittedNumberOfCallsInHalfOpenState *int              `json:"permittedNumberOfCallsInHalfOpenState"`
	MinimumNumberOfCalls                  *int              `json:"minimumNumberOfCalls"`
	SlidingWindowType                     *string           `json:"slidingWindowType"`
	SlidingWindowSize                     json.RawMessage   `json:"slidingWindowSize"`
	RecordFailureStatus                   []json.RawMessage `json:"recordFailureStatus"`
	ForceClosed                           *bool             `json:"forceClosed"`
	ForceOpen                             *bool             `json:"forceOpen"`
}

const maxCalls = math.MaxInt32

// parseCircuitBreaker parses a circuit-breaker or instance-isolation spec
// (ServiceComb's CircuitBreakerPolicy, defaults included).
func parseCircuitBreaker(raw json.RawMessage) (*CircuitBreakerSpec, error) {
	var in circuitBreakerInput
	if err := decodeStrict("spec", raw, &in); err != nil {
		return nil, err
	}
	s := &CircuitBreakerSpec{SlidingWindowType: "TIME_BASED"}
	var err error
	if s.FailureRateThreshold, err = percent("spec.failureRateThreshold", in.FailureRateThreshold, 50); err != nil {
		return nil, err
	}
	if s.SlowCallRateThreshold, err = percent("spec.slowCallRateThreshold", in.SlowCallRateThreshold, 100); err != nil {
		return nil, err
	}
	if s.SlowCallDurationThreshold, err = positiveDuration("spec.slowCallDurationThreshold", in.SlowCallDurationThreshold, time.Minute); err != nil {
		return nil, err
	}
	if s.WaitDurationInOpenState, err = positiveDuration("spec.waitDurationInOpenState", in.WaitDurationInOpenState, time.Minute); err != nil {
		return nil, err
	}
	if s.PermittedNumberOfCallsInHalfOpenState, err = positive("spec.permittedNumberOfCallsInHalfOpenState",
		in.PermittedNumberOfCallsInHalfOpenState, 10, maxCalls); err != nil {
		return nil, err
	}
	if s.MinimumNumberOfCalls, err = positive("spec.minimumNumberOfCalls", in.MinimumNumberOfCalls, 100, maxCalls); err != nil {
		return nil, err
	}
	if in.SlidingWindowType != nil {
		switch *in.SlidingWindowType {
		case "TIME_BASED", "COUNT_BASED":
			s.SlidingWindowType = *in.SlidingWindowType
		default:
			return nil, invalid("spec.slidingWindowType", "%q must be TIME_BASED or COUNT_BASED", *in.SlidingWindowType)
		}
	}
	if s.SlidingWindowSize, err = windowSize(in.SlidingWindowSize); err != nil {
		return nil, err
	}
	if s.RecordFailureStatus, err = statusCodes("spec.recordFailureStatus", in.RecordFailureStatus, defaultStatuses); err != nil {
		return nil, err
	}
	return s, nil
}

// percent checks an optional percentage above 0 and at most 100.
func percent(field string, p *float64, def float64) (float64, error) {
	v := def
	if p != nil {
		v = *p
	}
	if v <= 0 || v > 100 {
		return 0, invalid(field, "must be above 0 and at most 100")
	}
	return v, nil
}

func positiveDuration(field string, raw json.RawMessage, def time.Duration) (time.Duration, error) {
	d, err := durationOf(field, raw, def)
	if err != nil {
		return 0, err
	}
	if d <= 0 {
		return 0, invalid(field, "must be above 0")
	}
	return d, nil
}

// windowSize reads slidingWindowSize as ServiceComb does: digits (a number
// or a numeric string) are calls or seconds by the window type; anything
// else is a duration, counted in whole seconds.
func windowSize(raw json.RawMessage) (int, error) {
	const field = "spec.slidingWindowSize"
	if isAbsent(raw) {
		return 100, nil
	}
	s := string(raw)
	if raw[0] == '"' {
		if err := json.Unmarshal(raw, &s); err != nil {
			return 0, invalid(field, "must be a number or a duration")
		}
	}
	if isDigits(s) {
		n, err := strconv.Atoi(s)
		if err != nil || n <= 0 || n > maxCalls {
			return 0, invalid(field, "must be 1-%d", maxCalls)
		}
		return n, nil
	}
	if raw[0] != '"' {
		return 0, invalid(field, "must be a whole number above 0 or a duration, not %s", s)
	}
	d, err := ParseDuration(s)
	if err != nil {
		return 0, invalid(field, "%q %v", s, err)
	}
	if d < time.Second || d%time.Second != 0 {
		return 0, invalid(field, "%q must be whole seconds, at least 1", s)
	}
	return int(d / time.Second), nil
}

type faultInput struct {
	Type        *string         `json:"type"`
	Percentage  *int            `json:"percentage"`
	DelayTime   json.RawMessage `json:"delayTime"`
	ErrorCode   *int            `json:"errorCode"`
	ForceClosed *bool           `json:"forceClosed"`
}

// parseFault parses a fault-injection spec. ServiceComb's percentage
// defaults to -1, which its SDK refuses: here it is simply required.
func parseFault(raw json.RawMessage) (*FaultSpec, error) {
	var in faultInput
	if err := decodeStrict("spec", raw, &in); err != nil {
		return nil, err
	}
	s := &FaultSpec{Type: FaultDelay}
	if in.Type != nil {
		switch *in.Type {
		case FaultAbort, FaultDelay:
			s.Type = *in.Type
		default:
			return nil, invalid("spec.type", "%q must be abort or delay", *in.Type)
		}
	}
	if in.Percentage == nil {
		return nil, invalid("spec.percentage", "is required (0-100)")
	}
	if *in.Percentage < 0 || *in.Percentage > 100 {
		return nil, invalid("spec.percentage", "must be 0-100")
	}
	s.Percentage = *in.Percentage
	d, err := durationOf("spec.delayTime", in.DelayTime, 0)
	if err != nil {
		return nil, err
	}
	if s.Type == FaultDelay {
		if d <= 0 {
			return nil, invalid("spec.delayTime", "is required above 0 for a delay")
		}
		s.DelayTime = d
		return s, nil
	}
	// Envoy's abort status must be 200-599.
	if in.ErrorCode == nil || *in.ErrorCode < 200 || *in.ErrorCode > 599 {
		return nil, invalid("spec.errorCode", "is required for an abort: an HTTP status 200-599")
	}
	s.ErrorCode = *in.ErrorCode
	return s, nil
}
