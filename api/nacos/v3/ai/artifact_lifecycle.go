package ai

import (
	"net/http"

	"github.com/causeway-dev/causeway/api/httpx"
	airegistry "github.com/causeway-dev/causeway/registry/ai"
	ai "github.com/causeway-dev/causeway/registry/ai/artifact"
)

func (x *artifactAPI) createDraft(r *http.Request, p httpx.Params) (any, error) {
	c, err := x.card(p, false)
	if err != nil {
		return nil, err
	}
	in := ai.DraftInput{Name: p.Get(x.nameP), BasedOn: p.Get("basedOnVersion"), Target: p.Get("targetVersion"),
		CommitMsg: p.Get("commitMsg"), Card: c}
	if c == nil && in.Name == "" {
		return nil, &httpx.ParamError{Name: x.nameP, Missing: true}
	}
	return x.reg.CreateDraft(r.Context(), p.Get("namespaceId"), in)
}

func (x *artifactAPI) updateDraft(r *http.Request, p httpx.Params) (any, error) {
	c, err := x.card(p, true)
	if err != nil {
		return nil, err
	}
	latest, err := optBool(p, "setAsLatest")
	if err != nil {
		return nil, err
	}
	return true, x.reg.UpdateDraft(r.Context(), p.Get("namespaceId"), c, latest, p.Get("commitMsg"))
}

func (x *artifactAPI) deleteDraft(r *http.Request, p httpx.Params) (any, error) {
	v, err := required(p, x.nameP)
	if err != nil {
		return nil, err
	}
	return true, x.reg.DeleteDraft(r.Context(), p.Get("namespaceId"), v[0])
}

func (x *artifactAPI) submit(r *http.Request, p httpx.Params) (any, error) {
	v, err := required(p, x.nameP)
	if err != nil {
		return nil, err
	}
	return x.reg.Submit(r.Context(), p.Get("namespaceId"), v[0], p.Get("version"))
}

// publish is publish or, with force, force-publish.
func (x *artifactAPI) publish(force bool) func(*http.Request, httpx.Params) (any, error) {
	return func(r *http.Request, p httpx.Params) (any, error) {
		v, err := required(p, x.nameP, "version")
		if err != nil {
			return nil, err
		}
		latest, err := optBool(p, "updateLatestLabel")
		if err != nil {
			return nil, err
		}
		return true, x.reg.Publish(r.Context(), p.Get("namespaceId"), v[0], v[1], latest, force)
	}
}

func (x *artifactAPI) redraft(r *http.Request, p httpx.Params) (any, error) {
	v, err := required(p, x.nameP, "version")
	if err != nil {
		return nil, err
	}
	return true, x.reg.Redraft(r.Context(), p.Get("namespaceId"), v[0], v[1])
}

// labels replaces the labels, read as every kind reads them
// (airegistry.ParseLabels).
func (x *artifactAPI) labels(r *http.Request, p httpx.Params) (any, error) {
	v, err := required(p, x.nameP, "labels")
	if err != nil {
		return nil, err
	}
	labels, err := airegistry.ParseLabels(v[1])
	if err != nil {
		return nil, err
	}
	return true, x.reg.UpdateLabels(r.Context(), p.Get("namespaceId"), v[0], labels)
}

// bizTags replaces the biz tags, in either form every kind reads
// (airegistry.ParseBizTags).
func (x *artifactAPI) bizTags(r *http.Request, p httpx.Params) (any, error) {
	v, err := required(p, x.nameP, "bizTags")
	if err != nil {
		return nil, err
	}
	tags, err := airegistry.ParseBizTags("bizTags", v[1])
	if err != nil {
		return nil, err
	}
	return true, x.reg.UpdateBizTags(r.Context(), p.Get("namespaceId"), v[0], tags)
}

func (x *artifactAPI) online(r *http.Request, p httpx.Params) (any, error) {
	v, err := required(p, x.nameP, "scope", "online")
	if err != nil {
		return nil, err
	}
	on, err := p.Bool("online", false, true)
	if err != nil {
		return nil, err
	}
	return true, x.reg.ChangeOnline(r.Context(), p.Get("namespaceId"), v[0], v[1], p.Get("version"), on)
}

func (x *artifactAPI) scope(r *http.Request, p httpx.Params) (any, error) {
	v, err := required(p, x.nameP, "scope")
	if err != nil {
		return nil, err
	}
	return true, x.reg.UpdateScope(r.Context(), p.Get("namespaceId"), v[0], v[1])
}
