package ai

import "slices"

// Status of a prompt version in its life cycle (seed 003 §8.12-8.18):
//
//	draft ──submit──▶ reviewing ──publish──▶ published
//	  ▲                   │
//	  └─────redraft───────┘
//	draft or reviewing ──force-publish──▶ published
//
// A draft is the only editable state; a published version never changes
// again except for its online flag. A prompt has at most one unpublished
// (draft or reviewing) version at a time: "the current draft" of §8.13
// and §8.14.
const (
	StatusDraft     = "draft"
	StatusReviewing = "reviewing"
	StatusPublished = "published"
)

// Prompt is a prompt's metadata (stored at promptMetaKey).
type Prompt struct {
	Namespace   string            `json:"namespaceId"`
	Key         string            `json:"promptKey"`
	Description string            `json:"description"`
	BizTags     []string          `json:"bizTags"`
	Labels      map[string]string `json:"labels"` // label → published version
	CreateTime  int64             `json:"createTime"`
	UpdateTime  int64             `json:"updateTime"`

	// Revision is the store ModRevision of the metadata key: every write
	// to a prompt rewrites it, so it guards the whole prompt.
	Revision int64 `json:"-"`
}

// PromptVersion is one version of a prompt (stored at promptVersionKey).
type PromptVersion struct {
	Namespace string `json:"namespaceId"`
	Key       string `json:"promptKey"`
	Version   string `json:"version"`
	Template  string `json:"template"`
	// Variables is the variable definition JSON as given (§8.6: an
	// object such as {"name":"string"}); empty when none.
	Variables   string `json:"variables,omitempty"`
	CommitMsg   string `json:"commitMsg,omitempty"`
	BasedOn     string `json:"basedOnVersion,omitempty"`
	Status      string `json:"status"`
	Online      bool   `json:"online"`
	CreateTime  int64  `json:"createTime"`
	UpdateTime  int64  `json:"updateTime"`
	PublishTime int64  `json:"publishTime,omitempty"`
	SubmitTime  int64  `json:"submitTime,omitempty"`
	Revision    int64  `json:"-"`
}

// PromptDetail is a prompt with its versions, newest first.
type PromptDetail struct {
	*Prompt
	Versions []*PromptVersion
}

// Unpublished answers the prompt's draft or reviewing version, nil if none.
func (d *PromptDetail) Unpublished() *PromptVersion {
	for _, v := range d.Versions {
		if v.Status != StatusPublished {
			return v
		}
	}
	return nil
}

// Version answers the version v of the prompt, nil if none.
func (d *PromptDetail) Version(v string) *PromptVersion {
	for _, pv := range d.Versions {
		if pv.Version == v {
			return pv
		}
	}
	return nil
}

// LabelsOf answers the labels that point at version v, sorted.
func (p *Prompt) LabelsOf(v string) []string {
	out := []string{}
	for l, lv := range p.Labels {
		if lv == v {
			out = append(out, l)
		}
	}
	slices.Sort(out)
	return out
}
