package naming

import (
	"net/url"
	"strconv"
	"strings"
)

// Store key layout. Every component is path-escaped so that a '/' inside a
// name cannot forge another key.
const (
	// Prefix holds everything the naming registry stores.
	Prefix         = "naming/"
	servicesPrefix = Prefix + "svc/"
	instPrefix     = Prefix + "ins/"
)

func esc(s string) string { return url.PathEscape(s) }

func serviceStoreKey(k ServiceKey) string {
	return servicesPrefix + esc(k.Namespace) + "/" + esc(k.Group) + "/" + esc(k.Name)
}

func servicePrefixOfInstances(k ServiceKey) string {
	return instPrefix + esc(k.Namespace) + "/" + esc(k.Group) + "/" + esc(k.Name) + "/"
}

func instanceStoreKey(r InstanceRef) string {
	return servicePrefixOfInstances(r.Service) + esc(r.Cluster) + "/" + esc(r.IP) + "/" + strconv.Itoa(r.Port)
}

// serviceOfInstanceKey answers the service of an instance's store key
// (see instanceStoreKey).
func serviceOfInstanceKey(key string) (ServiceKey, bool) {
	rest, ok := strings.CutPrefix(key, instPrefix)
	if !ok {
		return ServiceKey{}, false
	}
	parts := strings.SplitN(rest, "/", 4)
	if len(parts) != 4 {
		return ServiceKey{}, false
	}
	var k ServiceKey
	var err error
	for i, dst := range []*string{&k.Namespace, &k.Group, &k.Name} {
		if *dst, err = url.PathUnescape(parts[i]); err != nil {
			return ServiceKey{}, false
		}
	}
	return k, true
}

// IsServiceKey and IsInstanceKey tell watchers of the store what a key holds.
func IsServiceKey(key string) bool { return hasPrefix(key, servicesPrefix) }

// IsInstanceKey reports whether key holds an instance.
func IsInstanceKey(key string) bool { return hasPrefix(key, instPrefix) }

func hasPrefix(s, p string) bool { return len(s) >= len(p) && s[:len(p)] == p }
