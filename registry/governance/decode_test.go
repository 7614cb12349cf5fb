package governance

import (
	"encoding/json"
	"reflect"
	"testing"
	"time"
)

func TestParseSpecDefaults(t *testing.T) {
	cases := []struct {
		kind Kind
		spec string
		want any
	}{
		{KindRetry, `{}`, &RetrySpec{MaxAttempts: 3, RetryOnResponseStatus: []int{502, 503}, WaitDuration: 10 * time.Millisecond,
			RetryStrategy: "FixedInterval", InitialInterval: time.Second}},
		{KindRetry, `{"maxAttempts":2,"retryOnResponseStatus":[500,"503",503],"waitDuration":5,"retryStrategy":"RandomBackoff",
			"initialInterval":"PT0.1S","multiplier":2,"randomizationFactor":0.5,"failAfterMaxAttempts":true,"retryOnSame":1}`,
			&RetrySpec{MaxAttempts: 2, RetryOnResponseStatus: []int{500, 503}, WaitDuration: 10 * time.Millisecond,
				RetryStrategy: "RandomBackoff", InitialInterval: 100 * time.Millisecond}},
		{KindRetry, `{"retryOnResponseStatus":[],"waitDuration":"1S"}`, &RetrySpec{MaxAttempts: 3, RetryOnResponseStatus: []int{502, 503},
			WaitDuration: time.Second, RetryStrategy: "FixedInterval", InitialInterval: time.Second}},
		{KindRateLimiting, `{}`, &RateLimitSpec{Rate: 1000, LimitRefreshPeriod: time.Second}},
		{KindRateLimiting, `{"rate":5,"limitRefreshPeriod":"PT2S","timeoutDuration":0}`, &RateLimitSpec{Rate: 5, LimitRefreshPeriod: 2 * time.Second}},
		{KindLoadBalance, `{"rule":"SessionStickiness"}`, &LoadBalanceSpec{Rule: LBSessionStickiness}},
		{KindCircuitBreaker, `{}`, &CircuitBreakerSpec{FailureRateThreshold: 50, SlowCallRateThreshold: 100,
			SlowCallDurationThreshold: time.Minute, WaitDurationInOpenState: time.Minute, PermittedNumberOfCallsInHalfOpenState: 10,
			MinimumNumberOfCalls: 100, SlidingWindowType: "TIME_BASED", SlidingWindowSize: 100, RecordFailureStatus: []int{502, 503}}},
		{KindInstanceIsolation, `{"failureRateThreshold":30.5,"minimumNumberOfCalls":20,"waitDurationInOpenState":"PT10S",
			"slidingWindowSize":"1M","slidingWindowType":"COUNT_BASED","recordFailureStatus":["500"],"forceClosed":false,"forceOpen":false,
			"slowCallDurationThreshold":3000,"slowCallRateThreshold":80,"permittedNumberOfCallsInHalfOpenState":3}`,
			&CircuitBreakerSpec{FailureRateThreshold: 30.5, SlowCallRateThreshold: 80, SlowCallDurationThreshold: 3 * time.Second,
				WaitDurationInOpenState: 10 * time.Second, PermittedNumberOfCallsInHalfOpenState: 3, MinimumNumberOfCalls: 20,
				SlidingWindowType: "COUNT_BASED", SlidingWindowSize: 60, RecordFailureStatus: []int{500}}},
		{KindFaultInjection, `{"percentage":50,"delayTime":1500}`, &FaultSpec{Type: FaultDelay, Percentage: 50, DelayTime: 1500 * time.Millisecond}},
		{KindFaultInjection, `{"type":"abort","percentage":0,"errorCode":503,"forceClosed":true}`, &FaultSpec{Type: FaultAbort, ErrorCode: 503}},
		{KindBulkhead, `{}`, &BulkheadSpec{MaxConcurrentCalls: 1000}},
		{KindBulkhead, `{"maxConcurrentCalls":7,"maxWaitDuration":"PT0.5S"}`, &BulkheadSpec{MaxConcurrentCalls: 7, MaxWaitDuration: 500 * time.Millisecond}},
		{KindMatchGroup, `{"alias":"payments","matches":[{"name":"vip","apiPath":{"exact":"/api/pay"},"method":["post","POST"],
			"headers":{"X-User":{"prefix":"vip","suffix":"x","caseInsensitive":true}},"queries":{"debug":{"exact":"1"}},"serviceName":"orders"}]}`,
			&MatchGroupSpec{Alias: "payments", Matches: []Match{{Name: "vip", APIPath: &StringMatch{Op: OpExact, Value: "/api/pay"},
				Headers: []NamedMatch{{Name: "x-user", StringMatch: StringMatch{Op: OpPrefix, Value: "vip", CaseInsensitive: true}},
					{Name: "x-user", StringMatch: StringMatch{Op: OpSuffix, Value: "x", CaseInsensitive: true}}},
				Queries: []NamedMatch{{Name: "debug", StringMatch: StringMatch{Op: OpExact, Value: "1"}}},
				Methods: []string{"POST"}, ServiceName: "orders"}}}},
		{KindMatchGroup, `{"matches":[{}]}`, &MatchGroupSpec{Matches: []Match{{}}}},
	}
	for _, c := range cases {
		got, err := ParseSpec(c.kind, json.RawMessage(c.spec))
		if err != nil {
			t.Errorf("%s %s: %v", c.kind, c.spec, err)
			continue
		}
		if !reflect.DeepEqual(got, c.want) {
			t.Errorf("%s %s:\n got %+v\nwant %+v", c.kind, c.spec, got, c.want)
		}
	}
}

func TestParseSpecRefuses(t *testing.T) {
	cases := []struct {
		kind         Kind
		spec         string
		field, words string
	}{
		{KindRetry, ``, "spec", "is required"},
		{KindRetry, `null`, "spec", "is required"},
		{KindRetry, `[]`, "spec", "must be an object"},
		{KindRetry, `{"maxAtempts":3}`, "spec.maxAtempts", "is not a known field"},
		{KindRetry, `{"maxAttempts":"3"}`, "spec.maxAttempts", "must be an integer, not a JSON string"},
		{KindRetry, `{"maxAttempts":1.5}`, "spec.maxAttempts", "must be an integer"},
		{KindRetry, `{"maxAttempts":0}`, "spec.maxAttempts", "must be 1-100"},
		{KindRetry, `{"retryOnResponseStatus":[99]}`, "spec.retryOnResponseStatus[0]", "is not an HTTP status"},
		{KindRetry, `{"retryOnResponseStatus":[502,"abc"]}`, "spec.retryOnResponseStatus[1]", "is not an HTTP status"},
		{KindRetry, `{"retryOnResponseStatus":502}`, "spec.retryOnResponseStatus", "must be an array"},
		{KindRetry, `{"waitDuration":-5}`, "spec.waitDuration", "must not be negative"},
		{KindRetry, `{"waitDuration":"100MS"}`, "spec.waitDuration", "is not a duration"},
		{KindRetry, `{"waitDuration":true}`, "spec.waitDuration", "must be a duration string or a whole number"},
		{KindRetry, `{"retryStrategy":"Exponential"}`, "spec.retryStrategy", "must be FixedInterval or RandomBackoff"},
		{KindRetry, `{"initialInterval":0}`, "spec.initialInterval", "at least 1ms"},
		{KindRetry, `{"retryOnSame":"x"}`, "spec.retryOnSame", "must be an integer"},
		{KindRateLimiting, `{"rate":-1}`, "spec.rate", "must be 1-"},
		{KindRateLimiting, `{"rate":0}`, "spec.rate", "must be 1-"},
		{KindRateLimiting, `{"limitRefreshPeriod":0}`, "spec.limitRefreshPeriod", "at least 50ms"},
		{KindRateLimiting, `{"limitRefreshPeriod":"PT-1S"}`, "spec.limitRefreshPeriod", "must not be negative"},
		{KindRateLimiting, `{"timeoutDuration":"soon"}`, "spec.timeoutDuration", "is not a duration"},
		{KindLoadBalance, `{}`, "spec.rule", "is required"},
		{KindLoadBalance, `{"rule":"roundrobin"}`, "spec.rule", "must be RoundRobin"},
		{KindLoadBalance, `{"rule":"Random","choiceCount":2}`, "spec.choiceCount", "is not a known field"},
		{KindCircuitBreaker, `{"failureRateThreshold":0}`, "spec.failureRateThreshold", "above 0 and at most 100"},
		{KindCircuitBreaker, `{"failureRateThreshold":101}`, "spec.failureRateThreshold", "above 0 and at most 100"},
		{KindCircuitBreaker, `{"slowCallRateThreshold":-1}`, "spec.slowCallRateThreshold", "above 0"},
		{KindCircuitBreaker, `{"waitDurationInOpenState":0}`, "spec.waitDurationInOpenState", "must be above 0"},
		{KindCircuitBreaker, `{"minimumNumberOfCalls":0}`, "spec.minimumNumberOfCalls", "must be 1-"},
		{KindCircuitBreaker, `{"permittedNumberOfCallsInHalfOpenState":-3}`, "spec.permittedNumberOfCallsInHalfOpenState", "must be 1-"},
		{KindCircuitBreaker, `{"slidingWindowType":"SIZE"}`, "spec.slidingWindowType", "TIME_BASED or COUNT_BASED"},
		{KindCircuitBreaker, `{"slidingWindowSize":0}`, "spec.slidingWindowSize", "must be 1-"},
		{KindCircuitBreaker, `{"slidingWindowSize":"PT0.5S"}`, "spec.slidingWindowSize", "whole seconds"},
		{KindCircuitBreaker, `{"slidingWindowSize":1.5}`, "spec.slidingWindowSize", "whole number"},
		{KindCircuitBreaker, `{"recordFailureStatus":[600]}`, "spec.recordFailureStatus[0]", "is not an HTTP status"},
		{KindCircuitBreaker, `{"forceOpen":"yes"}`, "spec.forceOpen", "must be a boolean"},
		{KindInstanceIsolation, `{"failureRateThreshold":"50"}`, "spec.failureRateThreshold", "must be a number"},
		{KindFaultInjection, `{"delayTime":100}`, "spec.percentage", "is required"},
		{KindFaultInjection, `{"percentage":-1,"delayTime":100}`, "spec.percentage", "must be 0-100"},
		{KindFaultInjection, `{"percentage":101,"delayTime":100}`, "spec.percentage", "must be 0-100"},
		{KindFaultInjection, `{"percentage":10}`, "spec.delayTime", "is required above 0"},
		{KindFaultInjection, `{"type":"abort","percentage":10}`, "spec.errorCode", "is required for an abort"},
		{KindFaultInjection, `{"type":"abort","percentage":10,"errorCode":600}`, "spec.errorCode", "200-599"},
		{KindFaultInjection, `{"type":"drop","percentage":10}`, "spec.type", "must be abort or delay"},
		{KindBulkhead, `{"maxConcurrentCalls":0}`, "spec.maxConcurrentCalls", "must be 1-"},
		{KindBulkhead, `{"maxWaitDuration":-1}`, "spec.maxWaitDuration", "must not be negative"},
		{KindMatchGroup, `{}`, "spec.matches", "at least one match"},
		{KindMatchGroup, `{"alias":1,"matches":[{}]}`, "spec.alias", "must be a string"},
		{KindMatchGroup, `{"matches":[{"path":"/"}]}`, "spec.matches[0].path", "is not a known field"},
		{KindMatchGroup, `{"matches":[{"apiPath":{"compare":">1"}}]}`, "spec.matches[0].apiPath.compare", "compare is not supported"},
		{KindMatchGroup, `{"matches":[{"apiPath":{"exact":"/a","prefix":"/b"}}]}`, "spec.matches[0].apiPath", "exactly one"},
		{KindMatchGroup, `{"matches":[{"apiPath":{"regex":"/a.*"}}]}`, "spec.matches[0].apiPath.regex", "regex is not supported"},
		{KindMatchGroup, `{"matches":[{"apiPath":{"exact":""}}]}`, "spec.matches[0].apiPath.exact", "must not be empty"},
		{KindMatchGroup, `{"matches":[{"apiPath":{"exact":1}}]}`, "spec.matches[0].apiPath.exact", "must be a string"},
		{KindMatchGroup, `{"matches":[{"apiPath":{"like":"/a"}}]}`, "spec.matches[0].apiPath.like", "is not an operator"},
		{KindMatchGroup, `{"matches":[{"headers":{"x y":{"exact":"a"}}}]}`, "spec.matches[0].headers.x y", "is not an HTTP header name"},
		{KindMatchGroup, `{"matches":[{"headers":{"x":{}}}]}`, "spec.matches[0].headers.x", "at least one of"},
		{KindMatchGroup, `{"matches":[{"headers":{"x":"a"}}]}`, "spec.matches[0].headers.x", "must be an object"},
		{KindMatchGroup, `{"matches":[{"headers":{"x":{"caseInsensitive":"no","exact":"a"}}}]}`, "spec.matches[0].headers.x.caseInsensitive", "must be a boolean"},
		{KindMatchGroup, `{"matches":[{"queries":{"q":{"prefix":""}}}]}`, "spec.matches[0].queries.q.prefix", "must not be empty"},
		{KindMatchGroup, `{"matches":[{"method":["FETCH"]}]}`, "spec.matches[0].method[0]", "is not GET"},
		{KindMatchGroup, `{"matches":[{"method":"GET"}]}`, "spec.matches[0].method", "must be an array"},
		{KindMatchGroup, `{"matches":[null]}`, "spec.matches[0]", "must be an object"},
		{KindMatchGroup, `{"matches":[{}]} {}`, "spec", "unexpected data"},
		{"quota", `{}`, "kind", "is not a governance kind"},
	}
	for _, c := range cases {
		_, err := ParseSpec(c.kind, json.RawMessage(c.spec))
		t.Run(string(c.kind)+" "+c.spec, func(t *testing.T) { wantInvalid(t, err, c.field, c.words) })
	}
}

// Every kind's parser runs on arbitrary input without panicking, and what
// it accepts parses the same again (the view parses stored specs anew).
func FuzzDecodeSpec(f *testing.F) {
	for _, s := range []string{`{}`, `{"maxAttempts":2}`, `{"rate":1,"limitRefreshPeriod":"PT1S"}`, `{"rule":"Random"}`,
		`{"slidingWindowSize":"1M"}`, `{"percentage":5,"delayTime":"PT0.2S"}`, `{"matches":[{"apiPath":{"prefix":"/"}}]}`,
		`{"matches":[{"headers":{"x":{"exact":"a","caseInsensitive":true}},"method":["get"]}]}`, `null`, `[1]`, `{"a":`} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, spec string) {
		for _, kind := range Kinds {
			first, err := ParseSpec(kind, json.RawMessage(spec))
			if err != nil {
				continue
			}
			again, err := ParseSpec(kind, json.RawMessage(spec))
			if err != nil || !reflect.DeepEqual(first, again) {
				t.Fatalf("%s %q parsed twice differently: %v", kind, spec, err)
			}
		}
		_, _ = ParseRules(json.RawMessage(spec))
	})
}
