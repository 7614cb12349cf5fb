package ai

import (
	"net/http"

	"github.com/causeway-dev/causeway/api/httpx"
	airegistry "github.com/causeway-dev/causeway/registry/ai"
)

// deletePrompt is §8.7.
func (a *api) deletePrompt(r *http.Request, p httpx.Params) (any, error) {
	t, err := readTarget(p)
	if err != nil {
		return nil, err
	}
	return true, a.deps.Prompts.Delete(r.Context(), t.ns, t.key)
}

// publishPrompt is §8.6: a new version published in one step.
func (a *api) publishPrompt(r *http.Request, p httpx.Params) (any, error) {
	t, err := readTarget(p)
	if err != nil {
		return nil, err
	}
	in := airegistry.PublishInput{Namespace: t.ns, Key: t.key, Version: p.Str("version", ""),
		Variables: p.Str("variables", ""), CommitMsg: p.Str("commitMsg", "")}
	if in.Template, err = requiredRaw(p, "template"); err != nil {
		return nil, err
	}
	if in.Meta, err = readMeta(p); err != nil {
		return nil, err
	}
	return true, a.deps.Prompts.PublishVersion(r.Context(), in)
}

// updatePromptMeta is §8.9: the description and, when sent, biz tags.
func (a *api) updatePromptMeta(r *http.Request, p httpx.Params) (any, error) {
	t, err := readTarget(p)
	if err != nil {
		return nil, err
	}
	u, err := readMeta(p)
	if err != nil {
		return nil, err
	}
	if u.Description == nil {
		return nil, &httpx.ParamError{Name: "description", Missing: true}
	}
	return true, a.deps.Prompts.UpdateMeta(r.Context(), t.ns, t.key, u)
}

// updatePromptDescription is §8.21.
func (a *api) updatePromptDescription(r *http.Request, p httpx.Params) (any, error) {
	t, err := readTarget(p)
	if err != nil {
		return nil, err
	}
	desc, err := requiredRaw(p, "description")
	if err != nil {
		return nil, err
	}
	return ok, a.deps.Prompts.UpdateMeta(r.Context(), t.ns, t.key, airegistry.MetaUpdate{Description: &desc})
}

// updatePromptBizTags is §8.22: the whole list, `[]` clears it.
func (a *api) updatePromptBizTags(r *http.Request, p httpx.Params) (any, error) {
	t, err := readTarget(p)
	if err != nil {
		return nil, err
	}
	if _, err := p.Required("bizTags"); err != nil {
		return nil, err
	}
	tags, err := readBizTags(p)
	if err != nil {
		return nil, err
	}
	return ok, a.deps.Prompts.UpdateMeta(r.Context(), t.ns, t.key, airegistry.MetaUpdate{BizTags: tags})
}

// bindPromptLabel is §8.4.
func (a *api) bindPromptLabel(r *http.Request, p httpx.Params) (any, error) {
	t, err := readTarget(p, "label", "version")
	if err != nil {
		return nil, err
	}
	label, version := t.args[0], t.args[1]
	return true, a.deps.Prompts.BindLabel(r.Context(), t.ns, t.key, label, version)
}

// unbindPromptLabel is §8.5.
func (a *api) unbindPromptLabel(r *http.Request, p httpx.Params) (any, error) {
	t, err := readTarget(p, "label")
	if err != nil {
		return nil, err
	}
	label := t.args[0]
	return true, a.deps.Prompts.UnbindLabel(r.Context(), t.ns, t.key, label)
}

// updatePromptLabels is §8.20: the whole label → version map.
func (a *api) updatePromptLabels(r *http.Request, p httpx.Params) (any, error) {
	t, err := readTarget(p, "labels")
	if err != nil {
		return nil, err
	}
	s := t.args[0]
	labels, err := airegistry.ParseLabels(s)
	if err != nil {
		return nil, err
	}
	return ok, a.deps.Prompts.SetLabels(r.Context(), t.ns, t.key, labels)
}
