package artifact

import (
	"context"

	"github.com/causeway-dev/causeway/registry/ai"
	"github.com/causeway-dev/causeway/registry/store"
)

// SkillKind is the skill artifact (seed 003 §9): its manifest is SKILL.md.
var SkillKind = ArtifactKind{Name: "skill", Prefix: ai.SkillPrefix, Manifest: "SKILL.md"}

// NewSkills opens the skill registry.
func NewSkills(ctx context.Context, st store.Store, opts Options) (*Registry, error) {
	return NewRegistry(ctx, st, SkillKind, opts)
}
