package tenancy

import (
	"testing"

	"github.com/causeway-dev/causeway/registry/store"
)

// XDSStreamLimit names an engine's namespace's engine and its flavor's
// xDS connections; another namespace is not limited.
func TestXDSStreamLimit(t *testing.T) {
	e := &Engines{view: newEngineView(quiet())}
	e.view.Load([]store.KV{{Key: engineKey("e1"), Value: mustJSON(&Engine{ID: "e1", Flavor: "cse.s1.medium2"})}}, 1)
	cases := []struct {
		ns    string
		limit int
		ok    bool
	}{{"e1", 200, true}, {"public", 0, false}, {"", 0, false}}
	for _, c := range cases {
		tenant, limit, ok := e.XDSStreamLimit(c.ns)
		if limit != c.limit || ok != c.ok || (ok && tenant != c.ns) {
			t.Errorf("%q: got %q %d %v, want %d %v", c.ns, tenant, limit, ok, c.limit, c.ok)
		}
	}
}

// The lookup every xDS stream admission makes.
func BenchmarkXDSStreamLimit(b *testing.B) {
	e := &Engines{view: newEngineView(quiet())}
	e.view.Load([]store.KV{{Key: engineKey("e1"), Value: mustJSON(&Engine{ID: "e1", Flavor: "cse.s1.medium2",
		AZList: []string{"az1"}, Inputs: map[string]string{"a": "b"}})}}, 1)
	b.ReportAllocs()
	for b.Loop() {
		if _, _, ok := e.XDSStreamLimit("e1"); !ok {
			b.Fatal("no limit")
		}
	}
}
