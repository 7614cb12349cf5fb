package naming

import (
	"context"
)

// BatchMetadata merges md into (or, with remove, deletes its keys from) the
// metadata of every instance of service k that match selects, and answers the
// instances it changed. Each instance is its own transaction: a concurrent
// change to one instance does not undo the others.
func (r *Registry) BatchMetadata(ctx context.Context, k ServiceKey, selects func(*Instance) bool,
	md map[string]string, remove bool) ([]*Instance, error) {
	_, all, exists := r.idx.snapshot(k)
	if !exists {
		return nil, serviceNotFound(k)
	}
	var changed []*Instance
	for _, in := range all {
		if !selects(in) {
			continue
		}
		err := r.UpdateInstance(ctx, in.Ref(), func(i *Instance) error {
			for key, v := range md {
				if remove {
					delete(i.Metadata, key)
				} else {
					i.Metadata[key] = v
				}
			}
			return nil
		})
		if err != nil {
			return changed, err
		}
		changed = append(changed, in)
	}
	return changed, nil
}
