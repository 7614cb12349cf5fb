package kie

import (
	"crypto/sha256"
	"encoding/hex"
	"net/url"
	"strings"
)

// Store key layout. Project and id are path-escaped so that a '/' in
// either cannot forge another key. The uniqueness marker of a key+labels
// identity is named by its hash: keys may be 2 KiB, labels add more, and
// the store's keys are bounded. The revision marker of a project is
// rewritten by every change in it, so its ModRevision is the project's kv
// revision (X-Kie-Revision).
const (
	// Prefix holds everything the kie store keeps.
	Prefix     = "kie/"
	kvPrefix   = Prefix + "kv/"
	uniqPrefix = Prefix + "uniq/"
	revPrefix  = Prefix + "rev/"
)

func esc(s string) string { return url.PathEscape(s) }

func kvKey(r Ref) string { return kvPrefix + esc(r.Project) + "/" + esc(r.ID) }

func uniqKey(project, key string, labels map[string]string) string {
	sum := sha256.Sum256([]byte(identity(key, labels)))
	return uniqPrefix + esc(project) + "/" + hex.EncodeToString(sum[:])
}

func revKey(project string) string { return revPrefix + esc(project) }

// parseKVKey reads a kv's name back from its store key.
func parseKVKey(s string) (Ref, bool) {
	rest, ok := strings.CutPrefix(s, kvPrefix)
	if !ok {
		return Ref{}, false
	}
	p, id, ok := strings.Cut(rest, "/")
	if !ok || strings.Contains(id, "/") {
		return Ref{}, false
	}
	project, err1 := url.PathUnescape(p)
	ident, err2 := url.PathUnescape(id)
	if err1 != nil || err2 != nil {
		return Ref{}, false
	}
	return Ref{Project: project, ID: ident}, true
}

// parseRevKey reads a project back from its revision marker's key.
func parseRevKey(s string) (string, bool) {
	rest, ok := strings.CutPrefix(s, revPrefix)
	if !ok {
		return "", false
	}
	p, err := url.PathUnescape(rest)
	return p, err == nil
}
