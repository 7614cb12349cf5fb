package kie

import (
	"maps"
	"sort"
	"strings"
)

// Status of a kv, as kie names it.
const (
	StatusEnabled  = "enabled"
	StatusDisabled = "disabled"
)

// Value types kie knows; the default is text.
const (
	TypeText       = "text"
	TypeJSON       = "json"
	TypeYAML       = "yaml"
	TypeProperties = "properties"
	TypeINI        = "ini"
	TypeXML        = "xml"
)

// Ref names one kv: its project and its id.
type Ref struct {
	Project string
	ID      string
}

// KV is one stored kv. Values handed out are never mutated.
type KV struct {
	ID        string            `json:"id"`
	Project   string            `json:"project"`
	Key       string            `json:"key"`
	Value     string            `json:"value"`
	ValueType string            `json:"value_type"`
	Status    string            `json:"status"`
	Labels    map[string]string `json:"labels"`
	// CreateTime and UpdateTime are unix seconds, as kie answers them.
	CreateTime int64 `json:"create_time"`
	UpdateTime int64 `json:"update_time"`
	// CreateRevision and UpdateRevision are the store revisions of the
	// kv's creation and last change (not stored: the store keeps them).
	CreateRevision int64 `json:"-"`
	UpdateRevision int64 `json:"-"`
}

// Ref answers the kv's name.
func (kv *KV) Ref() Ref { return Ref{Project: kv.Project, ID: kv.ID} }

// identity is what must be unique within a project: the key and the whole
// label set. Labels are sorted so that equal sets give equal identities;
// the separators cannot occur in a valid key or label.
func identity(key string, labels map[string]string) string {
	names := make([]string, 0, len(labels))
	for k := range labels {
		names = append(names, k)
	}
	sort.Strings(names)
	var b strings.Builder
	b.WriteString(key)
	for _, k := range names {
		b.WriteByte(0)
		b.WriteString(k)
		b.WriteByte('=')
		b.WriteString(labels[k])
	}
	return b.String()
}

// cloneLabels copies labels, never answering nil.
func cloneLabels(labels map[string]string) map[string]string {
	out := make(map[string]string, len(labels))
	maps.Copy(out, labels)
	return out
}
