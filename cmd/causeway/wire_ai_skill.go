package main

import (
	"context"
	"log/slog"

	aireg "github.com/causeway-dev/causeway/registry/ai/artifact"
	"github.com/causeway-dev/causeway/registry/store"
)

// artifacts are the AI registry's versioned artifacts: skills and agent
// specs (registry/ai/artifact), served by the v3 admin API's ai section.
type artifacts struct {
	skills, agentSpecs *aireg.Registry
}

// wireArtifacts opens the skill and agent spec registries, closed with a.
func wireArtifacts(ctx context.Context, st store.Store, log *slog.Logger, a *app) (artifacts, error) {
	var out artifacts
	var err error
	if out.skills, err = aireg.NewSkills(ctx, st, aireg.Options{Logger: log.With("component", "ai-skill")}); err != nil {
		return out, err
	}
	a.closers = append(a.closers, out.skills.Close)
	if out.agentSpecs, err = aireg.NewAgentSpecs(ctx, st, aireg.Options{Logger: log.With("component", "ai-agentspec")}); err != nil {
		return out, err
	}
	a.closers = append(a.closers, out.agentSpecs.Close)
	return out, nil
}
