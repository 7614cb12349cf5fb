package index

import (
	"fmt"
	"maps"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/causeway-dev/causeway/registry/naming"
)

func svcKey(i int) naming.ServiceKey {
	return naming.ServiceKey{Namespace: "public", Group: "DEFAULT_GROUP", Name: fmt.Sprintf("svc-%d", i)}
}

// contents answers what a set holds, through each and get alike.
func contents(t *testing.T, m *serviceMap) map[naming.ServiceKey]*Service {
	t.Helper()
	out := map[naming.ServiceKey]*Service{}
	m.each(func(s *Service) {
		if _, dup := out[s.Key]; dup {
			t.Fatalf("each gave %s twice", s.Key)
		}
		out[s.Key] = s
	})
	for k, v := range out {
		if m.get(k) != v {
			t.Fatalf("get(%s) differs from each", k)
		}
	}
	if len(out) != m.n {
		t.Fatalf("n = %d, each gave %d", m.n, len(out))
	}
	return out
}

// Every version of a set, old ones included, holds what a plain map
// would after the same changes, through folds of the overlay.
func TestServiceMapMatchesAPlainMap(t *testing.T) {
	cases := []struct {
		name            string
		start, steps    int
		keys, batchSize int
	}{
		{"empty, single changes", 0, 300, 50, 1},
		{"large base, single changes", 5000, 300, 6000, 1},
		{"batches", 1000, 100, 1500, 40},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			rng := rand.New(rand.NewPCG(1, uint64(c.start)))
			want := map[naming.ServiceKey]*Service{}
			for i := range c.start {
				want[svcKey(i)] = &Service{Key: svcKey(i)}
			}
			m := newServiceMap(maps.Clone(want))
			type version struct {
				m    *serviceMap
				want map[naming.ServiceKey]*Service
			}
			var versions []version
			for range c.steps {
				changes := map[naming.ServiceKey]*Service{}
				for range c.batchSize {
					k := svcKey(rng.IntN(c.keys))
					if rng.IntN(3) == 0 {
						changes[k] = nil
						delete(want, k)
					} else {
						changes[k] = &Service{Key: k, Version: rng.Int64()}
						want[k] = changes[k]
					}
				}
				m = m.with(changes)
				if got := contents(t, m); !maps.Equal(got, want) {
					t.Fatalf("set differs from the plain map: %d vs %d services", len(got), len(want))
				}
				if limit := max(64, 2*c.batchSize+int(math.Sqrt(float64(m.n)))); len(m.overlay) > limit {
					t.Fatalf("overlay of %d entries for %d services", len(m.overlay), m.n)
				}
				versions = append(versions, version{m, maps.Clone(want)})
			}
			for i, v := range versions {
				if got := contents(t, v.m); !maps.Equal(got, v.want) {
					t.Fatalf("version %d changed after it was published", i)
				}
			}
		})
	}
}
