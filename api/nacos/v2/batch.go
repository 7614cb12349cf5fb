package v2

import (
	"maps"
	"net/http"

	"github.com/causeway-dev/causeway/api/httpx"
	"github.com/causeway-dev/causeway/api/nacos/nacosform"
	"github.com/causeway-dev/causeway/registry/naming"
)

func (a *api) batchUpdateMetadata(r *http.Request, p httpx.Params) (any, error) {
	return a.batchMetadata(r, p, false)
}

func (a *api) batchDeleteMetadata(r *http.Request, p httpx.Params) (any, error) {
	return a.batchMetadata(r, p, true)
}

// batchMetadata merges (or removes) metadata keys on the instances the
// batch form selects. Every resulting instance is checked before the first write, so a batch
// that would make one instance invalid changes none.
func (a *api) batchMetadata(r *http.Request, p httpx.Params, remove bool) (any, error) {
	f, err := nacosform.ReadBatchForm(p)
	if err != nil {
		return nil, err
	}
	if err := a.checkBatch(f, remove); err != nil {
		return nil, err
	}
	if _, err := a.reg.BatchMetadata(r.Context(), f.Key, f.Selects, f.Metadata, remove); err != nil {
		return nil, err
	}
	return true, nil
}

func (a *api) checkBatch(f *nacosform.BatchForm, remove bool) error {
	view, err := a.reg.GetService(f.Key)
	if err != nil {
		return err
	}
	for _, in := range view.Instances {
		if !f.Selects(in) {
			continue
		}
		next := *in
		next.Metadata = maps.Clone(in.Metadata)
		applyMetadata(next.Metadata, f.Metadata, remove)
		if err := naming.ValidateInstance(&next); err != nil {
			return err
		}
	}
	return nil
}

func applyMetadata(dst, md map[string]string, remove bool) {
	for k, v := range md {
		if remove {
			delete(dst, k)
		} else {
			dst[k] = v
		}
	}
}
