package ai

import (
	"net/http"

	"github.com/causeway-dev/causeway/api/httpx"
	airegistry "github.com/causeway-dev/causeway/registry/ai"
)

// createPromptDraft is §8.12; it answers the draft's version.
func (a *api) createPromptDraft(r *http.Request, p httpx.Params) (any, error) {
	t, err := readTarget(p)
	if err != nil {
		return nil, err
	}
	in := airegistry.DraftInput{Namespace: t.ns, Key: t.key, BasedOn: p.Str("basedOnVersion", ""),
		Version: p.Str("targetVersion", ""), Variables: p.Str("variables", ""), CommitMsg: p.Str("commitMsg", "")}
	in.Template, _ = raw(p, "template")
	if in.Meta, err = readMeta(p); err != nil {
		return nil, err
	}
	return a.deps.Prompts.CreateDraft(r.Context(), in)
}

// updatePromptDraft is §8.13.
func (a *api) updatePromptDraft(r *http.Request, p httpx.Params) (any, error) {
	t, err := readTarget(p)
	if err != nil {
		return nil, err
	}
	template, err := requiredRaw(p, "template")
	if err != nil {
		return nil, err
	}
	return ok, a.deps.Prompts.UpdateDraft(r.Context(), t.ns, t.key, template,
		optional(p, "variables"), optional(p, "commitMsg"))
}

// deletePromptDraft is §8.14.
func (a *api) deletePromptDraft(r *http.Request, p httpx.Params) (any, error) {
	t, err := readTarget(p)
	if err != nil {
		return nil, err
	}
	return ok, a.deps.Prompts.DeleteDraft(r.Context(), t.ns, t.key)
}

// submitPrompt is §8.15; it answers the submitted version.
func (a *api) submitPrompt(r *http.Request, p httpx.Params) (any, error) {
	t, err := readTarget(p)
	if err != nil {
		return nil, err
	}
	return a.deps.Prompts.Submit(r.Context(), t.ns, t.key, p.Str("version", ""))
}

// publishPromptVersion is §8.16 and, with force, §8.17.
func (a *api) publishPromptVersion(force bool) func(*http.Request, httpx.Params) (any, error) {
	return func(r *http.Request, p httpx.Params) (any, error) {
		t, err := readTarget(p, "version")
		if err != nil {
			return nil, err
		}
		version := t.args[0]
		latest, err := p.Bool("updateLatestLabel", false, true)
		if err != nil {
			return nil, err
		}
		return ok, a.deps.Prompts.Publish(r.Context(), t.ns, t.key, version, latest, force)
	}
}

// redraftPrompt is §8.18.
func (a *api) redraftPrompt(r *http.Request, p httpx.Params) (any, error) {
	t, err := readTarget(p, "version")
	if err != nil {
		return nil, err
	}
	version := t.args[0]
	return true, a.deps.Prompts.Redraft(r.Context(), t.ns, t.key, version)
}

// setPromptOnline is §8.19, one route per direction.
func (a *api) setPromptOnline(online bool) func(*http.Request, httpx.Params) (any, error) {
	return func(r *http.Request, p httpx.Params) (any, error) {
		t, err := readTarget(p, "version")
		if err != nil {
			return nil, err
		}
		version := t.args[0]
		return ok, a.deps.Prompts.SetOnline(r.Context(), t.ns, t.key, version, online)
	}
}
