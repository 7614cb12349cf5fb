package naming

import (
	"fmt"
	"testing"
)

func TestSweepSummaryNamespaces(t *testing.T) {
	for _, c := range []struct {
		name   string
		counts map[string]int
		want   string
	}{
		{"none", nil, ""},
		{"one", map[string]int{"public": 3}, "public=3"},
		{"largest first, ties by name", map[string]int{"b": 1, "a": 1, "c": 5}, "c=5,a=1,b=1"},
		{"the rest summed", func() map[string]int {
			m := map[string]int{}
			for i := range 12 {
				m[fmt.Sprintf("ns%02d", i)] = 100 - i
			}
			return m
		}(), "ns00=100,ns01=99,ns02=98,ns03=97,ns04=96,ns05=95,ns06=94,ns07=93,ns08=92,ns09=91,+2 more namespaces=179"},
	} {
		t.Run(c.name, func(t *testing.T) {
			var s sweepSummary
			for ns, n := range c.counts {
				for range n {
					s.add(verdict{in: &Instance{Service: ServiceKey{Namespace: ns, Group: DefaultGroup, Name: "s"}}})
				}
			}
			if got := s.namespaceCounts(); got != c.want {
				t.Errorf("got %q, want %q", got, c.want)
			}
		})
	}
}
