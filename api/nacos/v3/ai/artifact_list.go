package ai

import (
	"net/http"

	"github.com/causeway-dev/causeway/api/httpx"
	airegistry "github.com/causeway-dev/causeway/registry/ai"
	ai "github.com/causeway-dev/causeway/registry/ai/artifact"
)

// summary is an artifact as an admin listing shows it (SkillSummary,
// AgentSpecSummary).
type summary struct {
	NamespaceID    string            `json:"namespaceId"`
	Name           string            `json:"name"`
	Description    string            `json:"description"`
	Owner          string            `json:"owner"`
	Scope          string            `json:"scope"`
	Online         bool              `json:"online"`
	Labels         map[string]string `json:"labels"`
	BizTags        []string          `json:"bizTags"`
	LatestVersion  string            `json:"latestVersion,omitempty"`
	EditingVersion string            `json:"editingVersion,omitempty"`
	DownloadCount  int64             `json:"downloadCount"`
	CreateTime     int64             `json:"createTime"`
	UpdateTime     int64             `json:"updateTime"`
}

// basicInfo is an artifact as a plain listing shows it (AgentSpecBasicInfo).
type basicInfo struct {
	NamespaceID   string `json:"namespaceId"`
	Name          string `json:"name"`
	Description   string `json:"description"`
	LatestVersion string `json:"latestVersion,omitempty"`
	UpdateTime    int64  `json:"updateTime"`
}

// query reads a listing's parameters: the page (readPage), the name and
// search mode, and the admin filters.
func (x *artifactAPI) query(p httpx.Params) (ai.Query, error) {
	no, size, err := readPage(p)
	if err != nil {
		return ai.Query{}, err
	}
	search, err := airegistry.ParseSearch(p.Get("search"), airegistry.SearchAccurate)
	if err != nil {
		return ai.Query{}, err
	}
	return ai.Query{Namespace: p.Get("namespaceId"), Name: p.Get(x.nameP), Search: search,
		OrderBy: p.Get("orderBy"), Owner: p.Get("owner"), Scope: p.Get("scope"), BizTag: p.Get("bizTag"),
		PageNo: no, PageSz: size}, nil
}

// list answers a page of summaries.
func (x *artifactAPI) list(_ *http.Request, p httpx.Params) (any, error) {
	q, err := x.query(p)
	if err != nil {
		return nil, err
	}
	pg, err := x.reg.List(q)
	if err != nil {
		return nil, err
	}
	return airegistry.MapPage(pg, func(m *ai.Meta) summary {
		return summary{NamespaceID: m.NamespaceID, Name: m.Name, Description: m.Description, Owner: m.Owner,
			Scope: m.Scope, Online: m.Online, Labels: m.Labels, BizTags: m.BizTags, LatestVersion: m.LatestVersion,
			EditingVersion: m.EditingVersion, DownloadCount: m.DownloadCount, CreateTime: m.CreateTime, UpdateTime: m.UpdateTime}
	}), nil
}

// listBasic answers a page of basic items (no admin filters).
func (x *artifactAPI) listBasic(_ *http.Request, p httpx.Params) (any, error) {
	q, err := x.query(p)
	if err != nil {
		return nil, err
	}
	q.Owner, q.Scope, q.BizTag, q.OrderBy = "", "", "", ""
	pg, err := x.reg.List(q)
	if err != nil {
		return nil, err
	}
	return airegistry.MapPage(pg, func(m *ai.Meta) basicInfo {
		return basicInfo{NamespaceID: m.NamespaceID, Name: m.Name, Description: m.Description,
			LatestVersion: m.LatestVersion, UpdateTime: m.UpdateTime}
	}), nil
}
