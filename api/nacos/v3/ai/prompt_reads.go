package ai

import (
	"net/http"

	"github.com/causeway-dev/causeway/api/httpx"
	airegistry "github.com/causeway-dev/causeway/registry/ai"
)

// listPrompts is §8.1: a page of the namespace's prompts.
func (a *api) listPrompts(_ *http.Request, p httpx.Params) (any, error) {
	pageNo, pageSize, err := readPage(p)
	if err != nil {
		return nil, err
	}
	q := airegistry.PromptQuery{Key: p.Str("promptKey", "")}
	if q.Search, err = airegistry.ParseSearch(p.Get("search"), airegistry.SearchBlur); err != nil {
		return nil, err
	}
	if q.BizTags, err = readBizTags(p); err != nil {
		return nil, err
	}
	all, err := a.deps.Prompts.List(p.Str("namespaceId", ""), q)
	if err != nil {
		return nil, err
	}
	items := make([]promptMetaSummary, 0, len(all))
	for _, d := range all {
		items = append(items, metaSummaryOf(d))
	}
	return airegistry.Paginate(items, pageNo, pageSize), nil
}

// getPrompt is §8.2 (metadata) and, with versions, §8.10 (governance).
func (a *api) getPrompt(withVersions bool) func(*http.Request, httpx.Params) (any, error) {
	return func(_ *http.Request, p httpx.Params) (any, error) {
		t, err := readTarget(p)
		if err != nil {
			return nil, err
		}
		d, err := a.deps.Prompts.Get(t.ns, t.key)
		if err != nil {
			return nil, err
		}
		return metaInfoOf(d, withVersions), nil
	}
}

// listPromptVersions is §8.8: a page of a prompt's versions, newest first.
func (a *api) listPromptVersions(_ *http.Request, p httpx.Params) (any, error) {
	t, err := readTarget(p)
	if err != nil {
		return nil, err
	}
	pageNo, pageSize, err := readPage(p)
	if err != nil {
		return nil, err
	}
	d, err := a.deps.Prompts.Get(t.ns, t.key)
	if err != nil {
		return nil, err
	}
	return airegistry.Paginate(versionSummariesOf(d), pageNo, pageSize), nil
}

// getPromptVersion is §8.11 (by version) and §8.3 (by version, or by
// label when no version is given; the latest when neither is).
func (a *api) getPromptVersion(_ *http.Request, p httpx.Params) (any, error) {
	t, err := readTarget(p)
	if err != nil {
		return nil, err
	}
	d, v, err := a.deps.Prompts.Version(t.ns, t.key, p.Str("version", ""), p.Str("label", ""))
	if err != nil {
		return nil, err
	}
	return versionInfoOf(d, v), nil
}
