package v1

import (
	"encoding/json"
	"sync"

	"github.com/causeway-dev/causeway/registry"
	"github.com/causeway-dev/causeway/registry/naming"
)

// maxCachedLists bounds the list cache; past it the cache starts over,
// which costs one render per list and keeps memory flat whatever names
// clients query.
const maxCachedLists = 8192

// listKey is everything an instance/list answer depends on besides the
// service's version.
type listKey struct {
	svc         naming.ServiceKey
	clusters    string
	healthyOnly bool
	cacheMillis int64
}

type listEntry struct {
	version int64
	body    []byte
}

// listCache keeps rendered instance lists until their service changes:
// clients poll lists far more often than services change, and rendering
// (JSON and checksum) was most of a list's cost. Like Nacos's own service
// info cache, a cached answer keeps the lastRefTime of its rendering.
type listCache struct {
	mu sync.RWMutex
	m  map[listKey]listEntry
}

func newListCache() *listCache { return &listCache{m: map[listKey]listEntry{}} }

func (c *listCache) get(k listKey, version int64) ([]byte, bool) {
	c.mu.RLock()
	e, ok := c.m[k]
	c.mu.RUnlock()
	return e.body, ok && e.version == version
}

func (c *listCache) put(k listKey, version int64, body []byte) {
	c.mu.Lock()
	if len(c.m) >= maxCachedLists {
		clear(c.m)
	}
	c.m[k] = listEntry{version: version, body: body}
	c.mu.Unlock()
}

// serviceInfo answers the rendered instance list of a service; an unknown
// service answers an empty list, as Nacos does.
func (h *handler) serviceInfo(k listKey, clusterList []string) ([]byte, error) {
	if body, ok := h.lists.get(k, h.reg.ServiceVersion(k.svc)); ok {
		return body, nil
	}
	var hosts []*naming.Instance
	var version int64
	protected := false
	list, err := h.reg.ListInstances(k.svc, naming.Query{Clusters: clusterList, HealthyOnly: k.healthyOnly})
	switch {
	case err == nil:
		hosts, protected, version = list.Instances, list.ReachProtectionThreshold, list.Version
	case registry.KindOf(err) != registry.KindServiceNotFound:
		return nil, err
	}
	info := renderServiceInfo(k.svc, k.clusters, hosts, protected, k.cacheMillis, nowMillis())
	body, err := json.Marshal(info)
	if err != nil {
		return nil, errInternal(err.Error())
	}
	h.lists.put(k, version, body)
	return body, nil
}
