package catalog

import (
	"bytes"
	"context"
	"encoding/json"
	"slices"

	"github.com/causeway-dev/causeway/registry/store"
)

// kindErrors are the refusals of one kind, in its own words and codes.
type kindErrors struct {
	notFound        func(ns, name string) error
	versionNotFound func(name, version string) error
	exists          func(name string) error
	versionExists   func(name, version string) error
}

// create stores a new resource with body as its first, latest version.
func (v *versioned[T]) create(ctx context.Context, errs kindErrors, ns, id, name, version, now string, body *T) error {
	x := Index{ID: id, Name: name, Latest: version, Versions: []VersionInfo{{Version: version, Published: now, Updated: now}}}
	ok, err := v.commit(ctx, store.Txn{
		If:   []store.Cmp{store.Absent(v.indexKey(ns, name))},
		Then: []store.Op{store.Put(v.indexKey(ns, name), mustJSON(&x)), store.Put(v.versionKey(ns, name, version), mustJSON(body))},
	}, ns, name)
	if err != nil {
		return err
	}
	if !ok {
		return errs.exists(name)
	}
	return nil
}

// publish adds version to an existing resource, the latest when latest
// is set. A published version is immutable: publishing it again with the
// same body only moves "latest" (when asked), with another body it is
// refused.
func (v *versioned[T]) publish(ctx context.Context, errs kindErrors, ns, name, version, now string, body *T, latest bool) error {
	for range maxAttempts {
		x, _ := v.get(ns, name, "")
		if x == nil {
			return errs.notFound(ns, name)
		}
		next := *x
		next.Versions = slices.Clone(x.Versions)
		ops := []store.Op{}
		if i := x.find(version); i >= 0 {
			if _, old := v.get(ns, name, version); old == nil || !sameJSON(old, body) {
				return errs.versionExists(name, version)
			}
			if !latest || x.Latest == version {
				return nil
			}
			next.Versions[i].Updated = now
		} else {
			next.Versions = append(next.Versions, VersionInfo{Version: version, Published: now, Updated: now})
			ops = append(ops, store.Put(v.versionKey(ns, name, version), mustJSON(body)))
		}
		if latest {
			next.Latest = version
		}
		ops = append(ops, store.Put(v.indexKey(ns, name), mustJSON(&next)))
		ok, err := v.commit(ctx, store.Txn{If: []store.Cmp{store.Unchanged(v.indexKey(ns, name), x.Revision)}, Then: ops}, ns, name)
		if err != nil || ok {
			return err
		}
	}
	return errBusy("publish " + name)
}

// remove deletes one version of a resource, or all of it when version is
// "" or its only version. Deleting the latest version makes the most
// recently published of the others the latest, recorded in the index.
func (v *versioned[T]) remove(ctx context.Context, errs kindErrors, ns, name, version string) error {
	for range maxAttempts {
		x, _ := v.get(ns, name, "")
		if x == nil {
			return errs.notFound(ns, name)
		}
		var ops []store.Op
		i := x.find(version)
		switch {
		case version != "" && i < 0:
			return errs.versionNotFound(name, version)
		case version == "" || len(x.Versions) == 1:
			ops = []store.Op{store.Delete(v.indexKey(ns, name)), store.DeletePrefix(v.versionsPrefix(ns, name))}
		default:
			next := *x
			next.Versions = slices.Delete(slices.Clone(x.Versions), i, i+1)
			if next.Latest == version {
				next.Latest = next.Versions[len(next.Versions)-1].Version
			}
			ops = []store.Op{store.Put(v.indexKey(ns, name), mustJSON(&next)), store.Delete(v.versionKey(ns, name, version))}
		}
		ok, err := v.commit(ctx, store.Txn{If: []store.Cmp{store.Unchanged(v.indexKey(ns, name), x.Revision)}, Then: ops}, ns, name)
		if err != nil || ok {
			return err
		}
	}
	return errBusy("delete " + name)
}

// sameJSON answers whether a stored body and a new one say the same, both
// read back through JSON as the view would hold them.
func sameJSON[T any](stored, body *T) bool {
	var back T
	if err := json.Unmarshal(mustJSON(body), &back); err != nil {
		return false
	}
	return bytes.Equal(mustJSON(stored), mustJSON(&back))
}
