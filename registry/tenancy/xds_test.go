package tenancy

import (
	"testing"

	"github.com/causeway-dev/causeway/registry/store"
)

// viewsOnly is an Engines of one engine e1 (medium2) that owns the
// namespace e1-dev, over views loaded directly: the limit lookups read
// nothing else.
func viewsOnly() *Engines {
	e := &Engines{view: newEngineView(quiet()), ns: &Service{view: newView(quiet())}}
	e.view.Load([]store.KV{{Key: engineKey("e1"), Value: mustJSON(&Engine{ID: "e1", Flavor: "cse.s1.medium2",
		AZList: []string{"az1"}, Inputs: map[string]string{"a": "b"}})}}, 1)
	e.ns.view.Load([]store.KV{
		{Key: key("e1-dev"), Value: mustJSON(record{ID: "e1-dev", Name: "d", Engine: "e1"}), CreateRevision: 2},
		{Key: key("orphan"), Value: mustJSON(record{ID: "orphan", Name: "o", Engine: "gone"}), CreateRevision: 3},
		{Key: key("plain"), Value: mustJSON(record{ID: "plain", Name: "p"}), CreateRevision: 4},
	}, 4)
	return e
}

// XDSStreamLimit names the engine that owns a namespace (its own or one
// of its console's) and its flavor's xDS connections; other namespaces
// are not limited.
func TestXDSStreamLimit(t *testing.T) {
	e := viewsOnly()
	cases := []struct {
		ns, tenant string
		limit      int
		ok         bool
	}{{"e1", "e1", 200, true}, {"e1-dev", "e1", 200, true}, {"orphan", "", 0, false}, {"plain", "", 0, false},
		{"public", "", 0, false}, {"", "", 0, false}}
	for _, c := range cases {
		tenant, limit, ok := e.XDSStreamLimit(c.ns)
		if tenant != c.tenant || limit != c.limit || ok != c.ok {
			t.Errorf("%q: got %q %d %v, want %q %d %v", c.ns, tenant, limit, ok, c.tenant, c.limit, c.ok)
		}
	}
}

// The lookup every xDS stream admission makes: an engine's own namespace
// and a namespace of its console.
func BenchmarkXDSStreamLimit(b *testing.B) {
	e := viewsOnly()
	for _, ns := range []string{"e1", "e1-dev", "plain"} {
		b.Run(ns, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				e.XDSStreamLimit(ns)
			}
		})
	}
}
