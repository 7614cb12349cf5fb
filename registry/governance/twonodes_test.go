package governance

import (
	"context"
	"encoding/json"
	"testing"
	"time"

	"github.com/causeway-dev/causeway/registry/store/twonodes"
)

// Every read of node B (the API's and the Snapshot xDS translates) shows
// what node A wrote, B's feed wakes for it, and A reads its own writes.
func TestTwoNodesReadsFollowTheOtherNodesWrites(t *testing.T) {
	ctx := context.Background()
	st := twonodes.Store(t)
	a, b := newRegistry(t, st), newRegistry(t, st)
	rk := RouteRuleKey{Project: "default", App: "default", Service: "orders"}
	var id string
	cases := []struct {
		name  string
		write func(t *testing.T)
		seen  func(r *Registry) bool
	}{
		{"create policy", func(t *testing.T) { id = mustCreate(t, a, KindRetry, input("pay", `{}`)).ID },
			func(r *Registry) bool {
				_, err := r.GetPolicy("default", KindRetry, id)
				return err == nil && len(r.ListPolicies("default", KindRetry, "", "")) == 1
			}},
		{"update policy", func(t *testing.T) {
			if _, err := a.UpdatePolicy(ctx, "default", KindRetry, id, PolicyInput{Name: "pay2"}); err != nil {
				t.Fatal(err)
			}
		}, func(r *Registry) bool {
			p, err := r.GetPolicy("default", KindRetry, id)
			return err == nil && p.Name == "pay2"
		}},
		{"delete policy", func(t *testing.T) {
			if err := a.DeletePolicy(ctx, "default", KindRetry, id); err != nil {
				t.Fatal(err)
			}
		}, func(r *Registry) bool { _, err := r.GetPolicy("default", KindRetry, id); return err != nil }},
		{"put route rule", func(t *testing.T) {
			raw := `[ {"precedence": 1, "route": [ {"name": "a", "tags": {"version": "1.0.0"}} ]} ]`
			if _, err := a.PutRouteRule(ctx, rk, json.RawMessage(raw)); err != nil {
				t.Fatal(err)
			}
		}, func(r *Registry) bool {
			_, err := r.GetRouteRule(rk)
			return err == nil && !r.Snapshot().For(Target{Namespace: "public", Group: "DEFAULT_GROUP", Service: "orders"}).Empty()
		}},
		{"delete route rule", func(t *testing.T) {
			if err := a.DeleteRouteRule(ctx, rk); err != nil {
				t.Fatal(err)
			}
		}, func(r *Registry) bool { _, err := r.GetRouteRule(rk); return err != nil }},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			l := b.Listen()
			defer l.Close()
			tc.write(t)
			if !tc.seen(a) {
				t.Fatal("the writer does not read its own write")
			}
			select {
			case <-l.Wake():
			case <-time.After(twonodes.Settle):
				t.Fatal("B's feed (xDS) never heard of A's write")
			}
			twonodes.Eventually(t, tc.name, func() bool { return tc.seen(b) })
		})
	}
}
