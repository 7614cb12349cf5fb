package ai

import (
	"context"

	"github.com/causeway-dev/causeway/registry"
)

// PublishInput is a version published in one step, without a draft
// (§8.6).
type PublishInput struct {
	Namespace, Key string
	Version        string
	Template       string
	Variables      string
	CommitMsg      string
	Meta           MetaUpdate
}

func (in PublishInput) validate() error {
	if in.Version == "" {
		return registry.FieldErrorf(registry.KindMissing, "version", "Required parameter 'version' is not present")
	}
	if err := ValidateVersion("version", in.Version); err != nil {
		return err
	}
	if err := ValidateTemplate(in.Template); err != nil {
		return err
	}
	if err := validateContent(in.Variables, in.CommitMsg); err != nil {
		return err
	}
	return in.Meta.validate()
}

// PublishVersion publishes a new version in one step (§8.6), creating
// the prompt when it is new. The version must be greater than every
// version the prompt has (the seed: "greater than the current version"),
// and becomes the latest.
func (s *Prompts) PublishVersion(ctx context.Context, in PublishInput) error {
	r, err := ref(in.Namespace, in.Key)
	if err != nil {
		return err
	}
	if err := in.validate(); err != nil {
		return err
	}
	return s.change(ctx, r, func(d *PromptDetail) (*promptChange, error) {
		if d != nil {
			if top := newest(d); CompareVersions(in.Version, top) <= 0 {
				return nil, registry.FieldErrorf(registry.KindConflict, "version",
					"version %q must be greater than the prompt's newest version %q", in.Version, top)
			}
		}
		m := s.metaFor(d, in.Meta)
		now := s.nowMillis()
		m.Labels[LatestLabel] = in.Version
		v := &PromptVersion{Version: in.Version, Template: in.Template, Variables: in.Variables,
			CommitMsg: in.CommitMsg, Status: StatusPublished, Online: true,
			CreateTime: now, UpdateTime: now, PublishTime: now}
		return &promptChange{meta: m, puts: []*PromptVersion{v}}, nil
	})
}
