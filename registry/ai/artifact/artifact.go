package artifact

import (
	"github.com/causeway-dev/causeway/registry"
)

// Skills and agent specs are the same thing to the registry: a named
// artifact in a namespace whose versions (a manifest text and its resource
// files) go draft → reviewed → published, with labels naming published
// versions ("latest" among them, only ever set explicitly), biz tags, an
// online switch and a visibility scope. ArtifactKind says which one a
// Registry holds; the rules are shared (artifact*.go).

// Version statuses.
const (
	StatusDraft     = "draft"
	StatusReviewed  = "reviewed"
	StatusPublished = "published"
)

// Visibility scopes.
const (
	ScopePublic  = "PUBLIC"
	ScopePrivate = "PRIVATE"
)

// ArtifactKind describes one kind of artifact.
type ArtifactKind struct {
	Name     string // "skill", in messages and as the artifact-level online scope
	Prefix   string // store key prefix (keys.go)
	Manifest string // the manifest entry of an uploaded zip, e.g. SKILL.md
}

// Resource is one file of a version besides its manifest.
type Resource struct {
	Name    string `json:"name"`
	Type    string `json:"type"`
	Content string `json:"content,omitempty"`
}

// Version is one version of an artifact with its content.
type Version struct {
	NamespaceID string     `json:"namespaceId"`
	Name        string     `json:"name"`
	Version     string     `json:"version"`
	Description string     `json:"description"`
	Content     string     `json:"content"`
	Resources   []Resource `json:"resources"`
	Status      string     `json:"status"`
	Online      bool       `json:"online"`
	CommitMsg   string     `json:"commitMsg,omitempty"`
	PipelineID  string     `json:"pipelineId,omitempty"`
	SetAsLatest *bool      `json:"setAsLatest,omitempty"`
	CreateTime  int64      `json:"createTime"`
	UpdateTime  int64      `json:"updateTime"`
}

// VersionInfo is a version as its artifact's metadata lists it.
type VersionInfo struct {
	Version    string `json:"version"`
	Status     string `json:"status"`
	Online     bool   `json:"online"`
	CommitMsg  string `json:"commitMsg,omitempty"`
	CreateTime int64  `json:"createTime"`
	UpdateTime int64  `json:"updateTime"`
}

// Meta is an artifact's metadata: everything but its versions' contents.
type Meta struct {
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
	Versions       []VersionInfo     `json:"versions"`
	DownloadCount  int64             `json:"downloadCount"`
	CreateTime     int64             `json:"createTime"`
	UpdateTime     int64             `json:"updateTime"`
}

// version answers the listed version v, nil if there is none.
func (m *Meta) version(v string) *VersionInfo {
	for i := range m.Versions {
		if m.Versions[i].Version == v {
			return &m.Versions[i]
		}
	}
	return nil
}

// draft answers the version being edited ("" when there is none): at most
// one version of an artifact is a draft at a time.
func (m *Meta) draft() string {
	for _, v := range m.Versions {
		if v.Status == StatusDraft {
			return v.Version
		}
	}
	return ""
}

// Card is what a write brings of a version: its manifest text, resources
// and description (the "skillCard" / "agentSpecCard" JSON of the API).
type Card struct {
	Name        string     `json:"name"`
	Description string     `json:"description"`
	Version     string     `json:"version"`
	Content     string     `json:"content"`
	Resources   []Resource `json:"resources"`
	Owner       string     `json:"owner"`
}

func (k ArtifactKind) notFound(ns, name string) error {
	return registry.Errorf(registry.KindNotFound, "%s %q not found in namespace %q", k.Name, name, ns)
}

func (k ArtifactKind) versionNotFound(name, version string) error {
	return registry.Errorf(registry.KindNotFound, "%s %q has no version %q", k.Name, name, version)
}

func (k ArtifactKind) conflict(format string, args ...any) error {
	return registry.Errorf(registry.KindConflict, "%s: "+format, append([]any{k.Name}, args...)...)
}

func invalid(field, format string, args ...any) error {
	return registry.FieldErrorf(registry.KindInvalid, field, format, args...)
}
