package config

import (
	"fmt"
	"net/url"
	"strings"
)

// Store key layout. Components are path-escaped so that a '/' in a name
// cannot forge another key. History records live under the config they
// belong to (listing one config's history is one prefix scan) and a small
// pointer per nid finds a record by nid alone.
const (
	// Prefix holds everything the config centre stores.
	Prefix     = "config/"
	itemPrefix = Prefix + "item/"
	hisPrefix  = Prefix + "his/"
	blobPrefix = Prefix + "blob/"
	nidPrefix  = Prefix + "nid/"
	cidPrefix  = Prefix + "cid/"
)

func esc(s string) string { return url.PathEscape(s) }

func keyPath(k Key) string { return esc(k.Tenant) + "/" + esc(k.Group) + "/" + esc(k.DataID) }

func itemKey(k Key) string { return itemPrefix + keyPath(k) }

func historyPrefixOf(k Key) string { return hisPrefix + keyPath(k) + "/" }

// nids are zero-padded so that key order is nid order.
func historyKey(k Key, nid int64) string { return fmt.Sprintf("%s%020d", historyPrefixOf(k), nid) }

func nidKey(nid int64) string { return fmt.Sprintf("%s%020d", nidPrefix, nid) }

// cidKey points from a config id to the history prefix of its key, so that
// the history of a deleted config is still found by its id.
func cidKey(id int64) string { return fmt.Sprintf("%s%020d", cidPrefix, id) }

// parseItemKey reads a key back from its store key.
func parseItemKey(s string) (Key, bool) {
	rest, ok := strings.CutPrefix(s, itemPrefix)
	if !ok {
		return Key{}, false
	}
	parts := strings.Split(rest, "/")
	if len(parts) != 3 {
		return Key{}, false
	}
	var out [3]string
	for i, p := range parts {
		v, err := url.PathUnescape(p)
		if err != nil {
			return Key{}, false
		}
		out[i] = v
	}
	return Key{Tenant: out[0], Group: out[1], DataID: out[2]}, true
}
