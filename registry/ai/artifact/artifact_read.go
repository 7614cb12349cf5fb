package artifact

import (
	"cmp"
	"github.com/causeway-dev/causeway/registry/ai"
	"slices"
	"strings"
)

// Detail answers the version labelled latest, or the draft of an
// artifact that has none published yet.
func (r *Registry) Detail(ns, name string) (*Version, error) {
	m, err := r.Meta(ns, name)
	if err != nil {
		return nil, err
	}
	v := m.Labels[ai.LatestLabel]
	if v == "" {
		v = m.draft()
	}
	if v == "" {
		return nil, r.kind.notFound(m.NamespaceID, name)
	}
	return r.VersionDetail(m.NamespaceID, name, v)
}

// Meta answers an artifact's metadata.
func (r *Registry) Meta(ns, name string) (*Meta, error) {
	ns, err := checkRef(ns, r.kind.Name+"Name", name)
	if err != nil {
		return nil, err
	}
	m, _ := r.view.get(ref{ns, name})
	if m == nil {
		return nil, r.kind.notFound(ns, name)
	}
	return m, nil
}

// VersionDetail answers one version with its content.
func (r *Registry) VersionDetail(ns, name, version string) (*Version, error) {
	ns, err := checkRef(ns, r.kind.Name+"Name", name)
	if err != nil {
		return nil, err
	}
	if strings.TrimSpace(version) == "" {
		return nil, invalid("version", "version is required")
	}
	if m, _ := r.view.get(ref{ns, name}); m == nil {
		return nil, r.kind.notFound(ns, name)
	}
	v := r.view.version(ref{ns, name}, version)
	if v == nil {
		return nil, r.kind.versionNotFound(name, version)
	}
	return v, nil
}

// VersionMeta is VersionDetail with each resource's name and type only.
func (r *Registry) VersionMeta(ns, name, version string) (*Version, error) {
	v, err := r.VersionDetail(ns, name, version)
	if err != nil {
		return nil, err
	}
	for i := range v.Resources {
		v.Resources[i].Content = ""
	}
	return v, nil
}

// Query selects artifacts of a listing.
type Query struct {
	Namespace      string
	Name           string    // "" for all
	Search         ai.Search // how Name matches (ai.Matcher)
	OrderBy        string    // "download_count", "update_time", "create_time"; else by name
	Owner, Scope   string
	BizTag         string
	PageNo, PageSz int
}

// List answers a page of the artifacts q selects.
func (r *Registry) List(q Query) (ai.Page[*Meta], error) {
	ns, err := ai.Namespace(q.Namespace)
	if err != nil {
		return ai.Page[*Meta]{}, err
	}
	if err := ai.ValidatePage(q.PageNo, q.PageSz); err != nil {
		return ai.Page[*Meta]{}, err
	}
	name := ai.Matcher(q.Search, strings.TrimSpace(q.Name))
	var out []*Meta
	for _, m := range r.view.metas(ns) {
		if name(m.Name) && matches(m, q) {
			out = append(out, m)
		}
	}
	slices.SortFunc(out, order(q.OrderBy))
	return ai.Paginate(out, q.PageNo, q.PageSz), nil
}

// matches applies q's admin filters.
func matches(m *Meta, q Query) bool {
	switch {
	case q.Owner != "" && m.Owner != q.Owner:
		return false
	case q.Scope != "" && !strings.EqualFold(m.Scope, q.Scope):
		return false
	case q.BizTag != "" && !slices.Contains(m.BizTags, q.BizTag):
		return false
	}
	return true
}

// order sorts by the requested field, newest or most downloaded first,
// then by name.
func order(by string) func(a, b *Meta) int {
	return func(a, b *Meta) int {
		var c int
		switch strings.ToLower(by) {
		case "download_count", "downloadcount":
			c = -cmp.Compare(a.DownloadCount, b.DownloadCount)
		case "update_time", "updatetime":
			c = -cmp.Compare(a.UpdateTime, b.UpdateTime)
		case "create_time", "createtime":
			c = -cmp.Compare(a.CreateTime, b.CreateTime)
		}
		if c != 0 {
			return c
		}
		return strings.Compare(a.Name, b.Name)
	}
}
