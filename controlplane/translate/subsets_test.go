package translate

import (
	"reflect"
	"testing"

	"github.com/causeway-dev/causeway/registry/governance"
	"github.com/causeway-dev/causeway/registry/naming"
)

func TestSubsetName(t *testing.T) {
	cases := []struct {
		tags map[string]string
		want string
	}{
		{map[string]string{"version": "2.0.0"}, "v=2.0.0"},
		{map[string]string{"zone": "a", "version": "1.0.0", "app": "x"}, "app=x,v=1.0.0,zone=a"},
	}
	for _, c := range cases {
		if got := subsetName(c.tags); got != c.want {
			t.Errorf("subsetName(%v) = %q, want %q", c.tags, got, c.want)
		}
	}
}

func TestSubsetsOfAndMembers(t *testing.T) {
	v1 := map[string]string{"version": "1.0.0"}
	v2 := map[string]string{"version": "2.0.0"}
	rules := []governance.Rule{
		{Routes: []governance.RouteTarget{{Weight: 100, Tags: v2}}},
		{Routes: []governance.RouteTarget{{Weight: 70, Tags: v1}, {Weight: 20, Tags: v2}}},
	}
	subs := subsetsOf(rules)
	var names []string
	for _, s := range subs {
		names = append(names, s.name)
	}
	if want := []string{"v=1.0.0", "v=2.0.0", othersSubset}; !reflect.DeepEqual(names, want) {
		t.Fatalf("subsets %v, want %v", names, want)
	}
	inst := func(ip, version string, healthy bool) *naming.Instance {
		md := map[string]string{}
		if version != "" {
			md["version"] = version
		}
		return &naming.Instance{IP: ip, Healthy: healthy, Enabled: true, Metadata: md}
	}
	a, b, c := inst("a", "1.0.0", true), inst("b", "2.0.0", false), inst("c", "", true)
	all := []*naming.Instance{a, b, c}
	ips := func(ins []*naming.Instance) (out []string) {
		for _, in := range ins {
			out = append(out, in.IP)
		}
		return out
	}
	if got := ips(subs[0].members(all)); !reflect.DeepEqual(got, []string{"a"}) {
		t.Errorf("v1 members %v", got)
	}
	// v2's only instance is unhealthy: the subset falls back to all.
	if got := ips(subs[1].members(all)); !reflect.DeepEqual(got, []string{"a", "b", "c"}) {
		t.Errorf("v2 members %v, want the fallback to all", got)
	}
	if got := ips(subs[2].members(all)); !reflect.DeepEqual(got, []string{"c"}) {
		t.Errorf("others members %v", got)
	}
}
