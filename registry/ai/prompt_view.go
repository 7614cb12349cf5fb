package ai

import (
	"encoding/json"
	"fmt"
	"log/slog"
	"slices"
	"strings"

	"github.com/causeway-dev/causeway/registry/store"
)

// promptView is the in-memory copy of every prompt, fed by the store's
// watch: the versioned view every kind shares, read by prompt.
type promptView struct {
	*VersionedView[Prompt, PromptVersion]
}

func newPromptView(log *slog.Logger) *promptView {
	return &promptView{NewVersionedView(PromptPrefix, Decoders[Prompt, PromptVersion]{Meta: decodePrompt, Version: decodePromptVersion}, log)}
}

// decodePrompt reads a prompt's metadata, which must name its key.
func decodePrompt(r Ref, kv store.KV) (*Prompt, error) {
	var p Prompt
	if err := json.Unmarshal(kv.Value, &p); err != nil {
		return nil, err
	}
	if p.Namespace != r.NS || p.Key != r.Name {
		return nil, fmt.Errorf("the metadata names %s/%s", p.Namespace, p.Key)
	}
	p.Revision = kv.ModRevision
	return &p, nil
}

// decodePromptVersion reads a prompt's version, which must name its key.
func decodePromptVersion(r Ref, version string, kv store.KV) (*PromptVersion, error) {
	var pv PromptVersion
	if err := json.Unmarshal(kv.Value, &pv); err != nil {
		return nil, err
	}
	if pv.Version != version || pv.Key != r.Name {
		return nil, fmt.Errorf("the version names %s@%s", pv.Key, pv.Version)
	}
	pv.Revision = kv.ModRevision
	return &pv, nil
}

func (r promptRef) ref() Ref { return Ref{NS: r.ns, Name: r.key} }

// detail answers one prompt with its versions newest first, nil if none.
func (v *promptView) detail(r promptRef) (d *PromptDetail) {
	v.Read(r.ref(), func(e *Entry[Prompt, PromptVersion]) { d = detailOf(e) })
	return d
}

func detailOf(e *Entry[Prompt, PromptVersion]) *PromptDetail {
	if e == nil {
		return nil
	}
	d := &PromptDetail{Prompt: e.Meta, Versions: make([]*PromptVersion, 0, len(e.Versions))}
	for _, pv := range e.Versions {
		d.Versions = append(d.Versions, pv)
	}
	slices.SortFunc(d.Versions, func(a, b *PromptVersion) int { return CompareVersions(b.Version, a.Version) })
	return d
}

// lookup answers a prompt's metadata and its version v (nil when it
// has no such version) without gathering the others: the read agents
// make for every prompt fetch.
func (v *promptView) lookup(r promptRef, version string) (m *Prompt, pv *PromptVersion) {
	v.Read(r.ref(), func(e *Entry[Prompt, PromptVersion]) {
		if e != nil {
			m, pv = e.Meta, e.Versions[version]
		}
	})
	return m, pv
}

// metaRevision answers the ModRevision of a prompt's metadata, 0 if none.
func (v *promptView) metaRevision(r promptRef) (rev int64) {
	v.Read(r.ref(), func(e *Entry[Prompt, PromptVersion]) {
		if e != nil {
			rev = e.MetaRev
		}
	})
	return rev
}

// list answers every prompt of ns that keep accepts, by key.
func (v *promptView) list(ns string, keep func(*PromptDetail) bool) []*PromptDetail {
	var out []*PromptDetail
	v.Range(ns, func(_ Ref, e *Entry[Prompt, PromptVersion]) {
		if d := detailOf(e); keep(d) {
			out = append(out, d)
		}
	})
	slices.SortFunc(out, func(a, b *PromptDetail) int { return strings.Compare(a.Key, b.Key) })
	return out
}
