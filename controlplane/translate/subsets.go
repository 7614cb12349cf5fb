package translate

import (
	"sort"
	"strings"

	"github.com/causeway-dev/causeway/registry/governance"
	"github.com/causeway-dev/causeway/registry/naming"
)

// othersSubset names the instances that carry none of a service's listed
// tag sets: where the rest of a rule's traffic goes when its weights sum
// under 100.
const othersSubset = "others"

// subsetName names a tag set in a cluster name: its tags sorted by key as
// k=v joined by commas, with "version" shortened to "v".
func subsetName(tags map[string]string) string {
	keys := make([]string, 0, len(tags))
	for k := range tags {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	parts := make([]string, len(keys))
	for i, k := range keys {
		name := k
		if k == "version" {
			name = "v"
		}
		parts[i] = name + "=" + tags[k]
	}
	return strings.Join(parts, ",")
}

// SubsetClusterName is the cluster of the instances of a service that
// belong to a subset, on every port (port 0) or on one, e.g.
// outbound||v=2.0.0|orders.DEFAULT_GROUP.public.
func SubsetClusterName(k naming.ServiceKey, port int, subset string) string {
	return "outbound|" + portLabel(port) + "|" + subset + "|" + hostName(k)
}

// subset is one group of a service's instances that route rules name.
type subset struct {
	name string
	tags []map[string]string // one set; for others, every listed set
	not  bool                // others: instances carrying none of tags
}

// subsetsOf answers the distinct subsets the rules name, in name order,
// and the others subset when some rule sends traffic to it.
func subsetsOf(rules []governance.Rule) []subset {
	seen := map[string]bool{}
	var out []subset
	var all []map[string]string
	others := false
	for _, r := range rules {
		sum := 0
		for _, t := range r.Routes {
			sum += t.Weight
			all = append(all, t.Tags)
			if n := subsetName(t.Tags); !seen[n] {
				seen[n] = true
				out = append(out, subset{name: n, tags: []map[string]string{t.Tags}})
			}
		}
		others = others || sum < 100
	}
	sort.Slice(out, func(i, j int) bool { return out[i].name < out[j].name })
	if others {
		out = append(out, subset{name: othersSubset, tags: all, not: true})
	}
	return out
}

// members answers the instances of the subset. A subset with no instance
// that could take traffic (healthy and enabled) falls back to every
// instance, so a rule naming a version that is not (or no longer) running
// does not fail requests.
func (s subset) members(instances []*naming.Instance) []*naming.Instance {
	var out []*naming.Instance
	live := false
	for _, in := range instances {
		if s.holds(in) {
			out = append(out, in)
			live = live || (in.Healthy && in.Enabled)
		}
	}
	if !live {
		return instances
	}
	return out
}

func (s subset) holds(in *naming.Instance) bool {
	for _, tags := range s.tags {
		if hasTags(in, tags) {
			return !s.not
		}
	}
	return s.not
}

// hasTags reports whether the instance carries every tag. An instance's
// tags are its metadata, version included (DESIGN.md).
func hasTags(in *naming.Instance, tags map[string]string) bool {
	for k, v := range tags {
		if in.Metadata[k] != v {
			return false
		}
	}
	return true
}
