package artifact

import (
	"context"
	"github.com/causeway-dev/causeway/registry/ai"
)

// UploadInput is an uploaded artifact to store as a draft.
type UploadInput struct {
	Overwrite     bool   // replace the content of an existing draft
	TargetVersion string // the version when the manifest names none
	CommitMsg     string
}

// Upload stores a single-artifact zip as a draft and answers its name: a
// new artifact, a new draft of an existing one, or (with Overwrite) new
// content for its current draft. Published versions are never touched.
func (r *Registry) Upload(ctx context.Context, ns string, zipData []byte, in UploadInput) (string, error) {
	ns, err := ai.Namespace(ns)
	if err != nil {
		return "", err
	}
	if in.TargetVersion != "" {
		if err := ai.ValidateVersion("targetVersion", in.TargetVersion); err != nil {
			return "", err
		}
	}
	c, err := r.kind.ParseArchive(zipData)
	if err != nil {
		return "", err
	}
	return c.Name, r.storeUpload(ctx, ns, c, in)
}

// storeUpload stores one parsed card as a draft.
func (r *Registry) storeUpload(ctx context.Context, ns string, c *Card, in UploadInput) error {
	if c.Version == "" {
		c.Version = in.TargetVersion
	}
	return r.mutate(ctx, ns, c.Name, func(cur *Meta) (*change, error) {
		if cur != nil && cur.draft() != "" {
			if !in.Overwrite {
				return nil, r.kind.conflict("%q already has draft %s (overwrite it with overwrite=true)", c.Name, cur.draft())
			}
			d := cur.draft()
			ver := r.newVersion(ns, c, d, StatusDraft, in.CommitMsg)
			if old := r.view.version(ref{ns, c.Name}, d); old != nil {
				ver.CreateTime = old.CreateTime
			}
			r.setInfo(cur, ver)
			return &change{meta: cur, put: []*Version{ver}}, nil
		}
		ch, _, err := r.draftChange(ns, cur, DraftInput{Name: c.Name, Card: c, CommitMsg: in.CommitMsg})
		return ch, err
	})
}

// BatchResult is what a batch upload stored and what it did not.
type BatchResult struct {
	Succeeded []string       `json:"succeeded"`
	Failed    []BatchFailure `json:"failed"`
}

// BatchUpload stores every artifact directory of a zip as Upload does a
// single one. Each artifact is stored whole or not at all; one that
// cannot be stored is reported and the others still are.
func (r *Registry) BatchUpload(ctx context.Context, ns string, zipData []byte, overwrite bool) (*BatchResult, error) {
	ns, err := ai.Namespace(ns)
	if err != nil {
		return nil, err
	}
	cards, failed, err := r.kind.ParseBatch(zipData)
	if err != nil {
		return nil, err
	}
	res := &BatchResult{Succeeded: []string{}, Failed: append([]BatchFailure{}, failed...)}
	for _, c := range cards {
		if err := r.storeUpload(ctx, ns, c, UploadInput{Overwrite: overwrite}); err != nil {
			if ctx.Err() != nil {
				return res, ctx.Err()
			}
			res.Failed = append(res.Failed, BatchFailure{Name: c.Name, Reason: err.Error()})
			continue
		}
		res.Succeeded = append(res.Succeeded, c.Name)
	}
	return res, nil
}
