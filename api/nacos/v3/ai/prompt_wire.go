package ai

import (
	airegistry "github.com/causeway-dev/causeway/registry/ai"
)

// The answer shapes of §8. The seed names them (PromptMetaSummary,
// PromptMetaInfo, PromptVersionSummary, PromptVersionInfo) but not their
// fields; these carry what the calls are about, in Nacos's camelCase.

// promptMetaSummary is a prompt as lists show it (§8.1).
type promptMetaSummary struct {
	NamespaceID   string            `json:"namespaceId"`
	PromptKey     string            `json:"promptKey"`
	Description   string            `json:"description"`
	BizTags       []string          `json:"bizTags"`
	Labels        map[string]string `json:"labels"`
	LatestVersion string            `json:"latestVersion"`
	DraftVersion  string            `json:"draftVersion"` // the unpublished version, draft or reviewing
	DraftStatus   string            `json:"draftStatus"`
	VersionCount  int               `json:"versionCount"`
	CreateTime    int64             `json:"createTime"`
	UpdateTime    int64             `json:"updateTime"`
}

// promptMetaInfo is a prompt's metadata (§8.2) and, for the governance
// detail (§8.10), every version's summary.
type promptMetaInfo struct {
	promptMetaSummary
	Versions []promptVersionSummary `json:"versions,omitempty"`
}

// promptVersionSummary is a version as lists show it (§8.8).
type promptVersionSummary struct {
	Version     string   `json:"version"`
	Status      string   `json:"status"`
	Online      bool     `json:"online"`
	CommitMsg   string   `json:"commitMsg"`
	BasedOn     string   `json:"basedOnVersion"`
	Labels      []string `json:"labels"`
	CreateTime  int64    `json:"createTime"`
	UpdateTime  int64    `json:"updateTime"`
	SubmitTime  int64    `json:"submitTime"`
	PublishTime int64    `json:"publishTime"`
}

// promptVersionInfo is one version in full (§8.3, §8.11).
type promptVersionInfo struct {
	promptVersionSummary
	NamespaceID string   `json:"namespaceId"`
	PromptKey   string   `json:"promptKey"`
	Template    string   `json:"template"`
	Variables   string   `json:"variables"`
	Description string   `json:"description"`
	BizTags     []string `json:"bizTags"`
}

func metaSummaryOf(d *airegistry.PromptDetail) promptMetaSummary {
	s := promptMetaSummary{NamespaceID: d.Namespace, PromptKey: d.Key, Description: d.Description,
		BizTags: d.BizTags, Labels: d.Labels, LatestVersion: d.Labels[airegistry.LatestLabel],
		VersionCount: len(d.Versions), CreateTime: d.CreateTime, UpdateTime: d.UpdateTime}
	if s.BizTags == nil {
		s.BizTags = []string{}
	}
	if s.Labels == nil {
		s.Labels = map[string]string{}
	}
	if u := d.Unpublished(); u != nil {
		s.DraftVersion, s.DraftStatus = u.Version, u.Status
	}
	return s
}

func metaInfoOf(d *airegistry.PromptDetail, withVersions bool) promptMetaInfo {
	m := promptMetaInfo{promptMetaSummary: metaSummaryOf(d)}
	if withVersions {
		m.Versions = versionSummariesOf(d)
	}
	return m
}

func versionSummariesOf(d *airegistry.PromptDetail) []promptVersionSummary {
	out := make([]promptVersionSummary, 0, len(d.Versions))
	for _, v := range d.Versions {
		out = append(out, versionSummaryOf(d.Prompt, v))
	}
	return out
}

func versionSummaryOf(m *airegistry.Prompt, v *airegistry.PromptVersion) promptVersionSummary {
	return promptVersionSummary{Version: v.Version, Status: v.Status, Online: v.Online, CommitMsg: v.CommitMsg,
		BasedOn: v.BasedOn, Labels: m.LabelsOf(v.Version), CreateTime: v.CreateTime, UpdateTime: v.UpdateTime,
		SubmitTime: v.SubmitTime, PublishTime: v.PublishTime}
}

func versionInfoOf(m *airegistry.Prompt, v *airegistry.PromptVersion) promptVersionInfo {
	info := promptVersionInfo{promptVersionSummary: versionSummaryOf(m, v), NamespaceID: m.Namespace,
		PromptKey: m.Key, Template: v.Template, Variables: v.Variables, Description: m.Description, BizTags: m.BizTags}
	if info.BizTags == nil {
		info.BizTags = []string{}
	}
	return info
}
