package governance

import (
	"encoding/json"
	"time"
)

// Kind is a rule kind of the API path /govern/governance/{kind}.
type Kind string

// Kinds. A policy of any kind but KindMatchGroup binds to the match group
// of the same name.
const (
	KindMatchGroup        Kind = "match-group"
	KindRetry             Kind = "retry"
	KindRateLimiting      Kind = "rate-limiting"
	KindLoadBalance       Kind = "loadbalance"
	KindCircuitBreaker    Kind = "circuit-breaker"
	KindInstanceIsolation Kind = "instance-isolation"
	KindFaultInjection    Kind = "fault-injection"
	KindBulkhead          Kind = "bulkhead"
)

// Kinds lists every kind, match group first.
var Kinds = []Kind{KindMatchGroup, KindRetry, KindRateLimiting, KindLoadBalance, KindCircuitBreaker,
	KindInstanceIsolation, KindFaultInjection, KindBulkhead}

// Status values of a rule.
const (
	StatusEnabled  = "enabled"
	StatusDisabled = "disabled"
)

// Selector scopes a rule: the environment, app and (optionally) service of
// the services whose traffic it governs.
type Selector struct {
	Environment string `json:"environment"`
	App         string `json:"app"`
	Service     string `json:"service,omitempty"`
}

// Policy is a match group or a policy. Values handed out are shared: never
// modify them.
type Policy struct {
	ID       string          `json:"id"`
	Kind     Kind            `json:"kind"`
	Name     string          `json:"name"`
	Status   string          `json:"status"`
	Selector Selector        `json:"selector"`
	Spec     json.RawMessage `json:"spec"` // as given, echoed back

	Project string `json:"-"`
	// Revision is the store revision of the last change; Created the one
	// that created the rule, which orders rules by creation.
	Revision int64 `json:"-"`
	Created  int64 `json:"-"`

	// Parsed is the typed spec: *MatchGroupSpec, *RetrySpec,
	// *RateLimitSpec, *LoadBalanceSpec, *CircuitBreakerSpec (also for
	// instance isolation), *FaultSpec or *BulkheadSpec by Kind.
	Parsed any `json:"-"`
}

// Enabled reports whether the rule is in force.
func (p *Policy) Enabled() bool { return p.Status != StatusDisabled }

// MatchGroupSpec is a traffic definition: a request belongs to it when any
// of its matches holds.
type MatchGroupSpec struct {
	Alias   string
	Matches []Match
}

// Match is one condition set of a traffic definition; all its conditions
// must hold.
type Match struct {
	Name string
	// APIPath is the path condition (nil: any path).
	APIPath *StringMatch
	// Headers and Queries are conditions on named headers and query
	// parameters, sorted by name; one name may carry several conditions,
	// all of which must hold.
	Headers []NamedMatch
	Queries []NamedMatch
	// Methods lists the HTTP methods (any when empty).
	Methods []string
	// ServiceName narrows the match to traffic to that service.
	ServiceName string
}

// StringMatch is one ServiceComb operator on a value.
type StringMatch struct {
	Op              string // OpExact, OpPrefix, OpSuffix, OpContains or OpRegex
	Value           string
	CaseInsensitive bool
}

// Operators of a StringMatch. OpRegex is used by route rules only.
const (
	OpExact    = "exact"
	OpPrefix   = "prefix"
	OpSuffix   = "suffix"
	OpContains = "contains"
	OpRegex    = "regex"
)

// NamedMatch is a condition on a header or query parameter.
type NamedMatch struct {
	Name string
	StringMatch
}

// RetrySpec is a retry policy (ServiceComb RetryPolicy).
type RetrySpec struct {
	MaxAttempts           int           // default 3
	RetryOnResponseStatus []int         // default [502, 503]
	WaitDuration          time.Duration // default 10ms
	RetryStrategy         string        // FixedInterval (default) or RandomBackoff
	InitialInterval       time.Duration // RandomBackoff: default 1s
}

// RateLimitSpec is a rate-limiting policy: Rate requests per
// LimitRefreshPeriod (defaults 1000 per 1s).
type RateLimitSpec struct {
	Rate               int
	LimitRefreshPeriod time.Duration
}

// Load-balancing rules.
const (
	LBRoundRobin        = "RoundRobin"
	LBRandom            = "Random"
	LBWeightedResponse  = "WeightedResponse"
	LBSessionStickiness = "SessionStickiness"
)

// LoadBalanceSpec is a load-balancing policy.
type LoadBalanceSpec struct {
	Rule string
}

// CircuitBreakerSpec is a circuit-breaker or instance-isolation policy
// (ServiceComb CircuitBreakerPolicy).
type CircuitBreakerSpec struct {
	FailureRateThreshold                  float64       // percent, default 50
	SlowCallRateThreshold                 float64       // percent, default 100
	SlowCallDurationThreshold             time.Duration // default 60s
	WaitDurationInOpenState               time.Duration // default 60s
	PermittedNumberOfCallsInHalfOpenState int           // default 10
	MinimumNumberOfCalls                  int           // default 100
	SlidingWindowType                     string        // TIME_BASED (default) or COUNT_BASED
	SlidingWindowSize                     int           // seconds or calls, default 100
	RecordFailureStatus                   []int         // default [502, 503]
}

// Fault types.
const (
	FaultAbort = "abort"
	FaultDelay = "delay"
)

// FaultSpec is a fault-injection policy.
type FaultSpec struct {
	Type       string        // abort or delay (default)
	Percentage int           // 0-100
	DelayTime  time.Duration // delay
	ErrorCode  int           // abort: 200-600
}

// BulkheadSpec is a bulkhead policy.
type BulkheadSpec struct {
	MaxConcurrentCalls int           // default 1000
	MaxWaitDuration    time.Duration // default 0
}

// RouteRuleKey names the route rules of one service.
type RouteRuleKey struct {
	Project     string
	Environment string
	App         string
	Service     string
}

// RouteRule is the gray-release rules of one service. Values handed out
// are shared: never modify them.
type RouteRule struct {
	Key   RouteRuleKey    `json:"-"`
	Raw   json.RawMessage `json:"rules"` // as given, echoed back
	Rules []Rule          `json:"-"`     // parsed, highest precedence first

	Revision int64 `json:"-"`
}

// Rule sends the requests it matches to weighted groups of instances.
type Rule struct {
	Precedence int
	// Headers are the conditions (all must hold); none matches every
	// request.
	Headers []NamedMatch
	Routes  []RouteTarget
}

// RouteTarget is a group of instances, those carrying every tag, and the
// share of the rule's traffic (percent) it gets. Shares summing under 100
// send the rest to the instances that carry none of the listed tag sets.
type RouteTarget struct {
	Name   string
	Weight int
	Tags   map[string]string
}
