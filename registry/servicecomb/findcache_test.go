package servicecomb

import (
	"testing"

	"github.com/causeway-dev/causeway/registry"
)

// A cached find skips the name checks; a query whose cache key is that of
// a cached valid query (the key joins fields with NULs, which an
// environment or a forged name may hold) must still be checked and
// refused, every time.
func TestFindChecksNamesOfQueriesWithoutTheirOwnAnswer(t *testing.T) {
	r, _ := newTestRegistry(t)
	sid := create(t, r, "orders", "1.0.0")
	register(t, r, sid, "rest://10.0.0.1:80")
	valid := FindQuery{Project: "default", AppID: "default", ServiceName: "orders", Version: rule(t, "1.0.0"), Env: "latest\x00"}
	forged := FindQuery{Project: "default", AppID: "default", ServiceName: "orders\x001.0.0.0", Version: rule(t, "latest")}
	if valid.cacheKey() != forged.cacheKey() {
		t.Fatalf("the queries must share a cache key for this test: %q, %q", valid.cacheKey(), forged.cacheKey())
	}
	find(t, r, valid)
	for range 2 {
		_, err := r.Find(ctx, forged)
		wantKind(t, err, registry.KindInvalid)
	}
	bad := FindQuery{Project: "default", AppID: "default", ServiceName: "a b", Version: rule(t, "latest")}
	for range 2 {
		_, err := r.Find(ctx, bad)
		wantKind(t, err, registry.KindInvalid)
	}
	// The valid query is still answered from its cache entry.
	if a, b := find(t, r, valid), find(t, r, valid); a != b || len(a.Instances) != 0 {
		t.Fatalf("cached answer: %p %p %+v", a, b, a)
	}
}
