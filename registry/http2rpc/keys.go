package http2rpc

import (
	"net/url"
	"strings"

	"github.com/causeway-dev/causeway/registry/gateway"
)

// Store layout; every component is path-escaped.
//
//	http2rpc/m/<project>/<gateway>/<id>   a mapping
//	http2rpc/g/<project>/<gateway>        the gateway's write marker
//
// Every write of a gateway's mappings rewrites its marker under a guard on
// the marker's revision, so two writers checking the same gateway's
// method/path claims cannot both succeed.
const (
	// Prefix holds everything the registry stores.
	Prefix        = "http2rpc/"
	mappingPrefix = Prefix + "m/"
	markerPrefix  = Prefix + "g/"
)

func gwPart(k gateway.Key) string { return url.PathEscape(k.Project) + "/" + url.PathEscape(k.ID) }

func mappingKey(k gateway.Key, id string) string {
	return mappingPrefix + gwPart(k) + "/" + url.PathEscape(id)
}

func markerKey(k gateway.Key) string { return markerPrefix + gwPart(k) }

// parseMappingKey answers the gateway and id of a mapping key.
func parseMappingKey(key string) (gateway.Key, string, bool) {
	rest, ok := strings.CutPrefix(key, mappingPrefix)
	if !ok {
		return gateway.Key{}, "", false
	}
	parts := strings.Split(rest, "/")
	if len(parts) != 3 {
		return gateway.Key{}, "", false
	}
	for i, p := range parts {
		u, err := url.PathUnescape(p)
		if err != nil {
			return gateway.Key{}, "", false
		}
		parts[i] = u
	}
	return gateway.Key{Project: parts[0], ID: parts[1]}, parts[2], true
}
