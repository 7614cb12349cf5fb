package gateway

import (
	"net/url"
	"strings"
)

// Store key layout. Every component is path-escaped, so a '/' inside an id
// cannot forge another key, and the project stays in every key.
//
//	gateway/gw/<project>/<gateway>          the gateway record
//	gateway/rt/<project>/<gateway>/<route>  a route record
//	gateway/rn/<project>/<gateway>/<name>   a route name, holding its id
//
// Name records make route names unique under concurrent writers: a writer
// claims a name with an Absent guard in the same transaction as the route.
const (
	// Prefix holds everything the gateway registry stores.
	Prefix      = "gateway/"
	gwPrefix    = Prefix + "gw/"
	routePrefix = Prefix + "rt/"
	namePrefix  = Prefix + "rn/"
)

func esc(s string) string { return url.PathEscape(s) }

func gatewayStoreKey(k Key) string { return gwPrefix + esc(k.Project) + "/" + esc(k.ID) }

func routesPrefixOf(k Key) string { return routePrefix + esc(k.Project) + "/" + esc(k.ID) + "/" }

func routeStoreKey(k Key, id string) string { return routesPrefixOf(k) + esc(id) }

func namesPrefixOf(k Key) string { return namePrefix + esc(k.Project) + "/" + esc(k.ID) + "/" }

func nameStoreKey(k Key, name string) string { return namesPrefixOf(k) + esc(name) }

// parseKey tells what a store key holds: "gw" (route id empty), "rt" or
// "rn", with the gateway it belongs to. ok is false for anything else.
func parseKey(key string) (kind string, k Key, route string, ok bool) {
	rest, found := strings.CutPrefix(key, Prefix)
	if !found {
		return "", Key{}, "", false
	}
	parts := strings.Split(rest, "/")
	want := map[string]int{"gw": 3, "rt": 4, "rn": 4}[parts[0]]
	if want == 0 || len(parts) != want {
		return "", Key{}, "", false
	}
	un := make([]string, len(parts))
	for i, p := range parts {
		v, err := url.PathUnescape(p)
		if err != nil {
			return "", Key{}, "", false
		}
		un[i] = v
	}
	k = Key{Project: un[1], ID: un[2]}
	if want == 4 {
		route = un[3]
	}
	return un[0], k, route, true
}
