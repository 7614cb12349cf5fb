package naming

import (
	"context"
	"maps"
	"strings"

	"github.com/causeway-dev/causeway/registry"
	"github.com/causeway-dev/causeway/registry/store"
)

// SearchServices answers the services of a namespace whose group and name
// contain the given patterns, sorted as ListServices sorts them. A blank
// pattern matches everything; '*' in a pattern matches any run of
// characters, so "order*" and "*order" both find "my-orders". This is how
// the Nacos 3 admin list reads groupNameParam and serviceNameParam (Nacos
// wraps each in ".*" and matches group@@name as a regular expression).
func (r *Registry) SearchServices(ns, groupPattern, namePattern string) []ServiceKey {
	_, all := r.ListServices(ns, "", 1, int(^uint(0)>>1))
	if strings.TrimSpace(groupPattern) == "" && strings.TrimSpace(namePattern) == "" {
		return all
	}
	out := make([]ServiceKey, 0, len(all))
	for _, k := range all {
		if containsPattern(k.Group, groupPattern) && containsPattern(k.Name, namePattern) {
			out = append(out, k)
		}
	}
	return out
}

// containsPattern reports whether s contains the parts of pattern between
// its '*'s, in order.
func containsPattern(s, pattern string) bool {
	for part := range strings.SplitSeq(strings.TrimSpace(pattern), "*") {
		i := strings.Index(s, part)
		if i < 0 {
			return false
		}
		s = s[i+len(part):]
	}
	return true
}

// UpdateCluster replaces the settings of one cluster of service k (its
// health checker, check port, whether the instance port is checked, and
// its metadata). The cluster need not have instances yet.
func (r *Registry) UpdateCluster(ctx context.Context, k ServiceKey, c Cluster) error {
	if err := ValidateCluster(c.Name); err != nil {
		return err
	}
	if c.Metadata == nil {
		c.Metadata = map[string]string{}
	}
	if c.HealthChecker.Type == "" {
		c.HealthChecker.Type = "NONE"
	}
	for attempt := 0; attempt < maxAttempts; attempt++ {
		cur, exists := r.idx.has(k)
		if !exists {
			return serviceNotFound(k)
		}
		next, guard := r.patchedService(k, cur, ServicePatch{})
		next.Clusters = maps.Clone(next.Clusters)
		if next.Clusters == nil {
			next.Clusters = map[string]*Cluster{}
		}
		cc := c
		cc.Metadata = cloneMap(c.Metadata)
		next.Clusters[c.Name] = &cc
		if err := ValidateService(next); err != nil {
			return err
		}
		val, err := encode(next)
		if err != nil {
			return err
		}
		ok, err := r.commit(ctx, store.Txn{If: []store.Cmp{guard}, Then: []store.Op{store.Put(serviceStoreKey(k), val)}})
		if err != nil || ok {
			return err
		}
		if err := r.catchUp(ctx); err != nil {
			return err
		}
	}
	return registry.Conflict("update cluster")
}
