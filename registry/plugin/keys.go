package plugin

import (
	"net/url"
	"strconv"
	"strings"

	"github.com/causeway-dev/causeway/registry/gateway"
)

// Store key layout. Every component is path-escaped, so a '/' inside an id
// cannot forge another key.
//
//	plugin/r/pl/<project>/<gateway>/<id>    a plugin record
//	plugin/r/pn/<project>/<gateway>/<name>  a plugin name, holding its id
//	plugin/m/<sha256>                       a module's manifest
//	plugin/m/<sha256>/<n>                   the module's n-th chunk
//
// Only plugin/r/ is mirrored in memory; modules stay in the store and are
// read when served. A module is split in chunks because a store value is
// at most store.MaxValueSize; its manifest is written after every chunk,
// so a module exists once its manifest does.
const (
	// Prefix holds everything the plugin registry stores.
	Prefix       = "plugin/"
	recordPrefix = Prefix + "r/"
	pluginPrefix = recordPrefix + "pl/"
	namePrefix   = recordPrefix + "pn/"
	modulePrefix = Prefix + "m/"
)

func esc(s string) string { return url.PathEscape(s) }

func gwPart(k gateway.Key) string { return esc(k.Project) + "/" + esc(k.ID) + "/" }

func pluginStoreKey(k gateway.Key, id string) string { return pluginPrefix + gwPart(k) + esc(id) }

func nameStoreKey(k gateway.Key, name string) string { return namePrefix + gwPart(k) + esc(name) }

func manifestKey(sha string) string { return modulePrefix + sha }

func chunkKey(sha string, n int) string { return modulePrefix + sha + "/" + strconv.Itoa(n) }

// parseKey tells what a record key holds: "pl" or "pn", the gateway and the
// plugin id or name. ok is false for anything else.
func parseKey(key string) (kind string, k gateway.Key, last string, ok bool) {
	rest, found := strings.CutPrefix(key, recordPrefix)
	if !found {
		return "", gateway.Key{}, "", false
	}
	parts := strings.Split(rest, "/")
	if len(parts) != 4 || (parts[0] != "pl" && parts[0] != "pn") {
		return "", gateway.Key{}, "", false
	}
	un := make([]string, 4)
	for i, p := range parts {
		v, err := url.PathUnescape(p)
		if err != nil {
			return "", gateway.Key{}, "", false
		}
		un[i] = v
	}
	return un[0], gateway.Key{Project: un[1], ID: un[2]}, un[3], true
}
