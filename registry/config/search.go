package config

import (
	"slices"
	"strings"
)

// Query is a config search, as Nacos's config list (search=accurate and
// search=blur) takes it. Blank fields do not filter.
type Query struct {
	Tenant, DataID, Group string
	AppName               string
	// ConfigTags is a comma-separated list: a config matches when it
	// carries any of them (Nacos joins its tags table with IN).
	ConfigTags string
	// Types is a comma-separated list of config types (blur only in Nacos).
	Types string
	// Content, when not blank, filters on the content with a LIKE pattern
	// (see Like) in both modes, as Nacos's config_detail does: its accurate
	// query too says content LIKE ?.
	Content string
	// Blur makes Tenant, DataID and Group SQL LIKE patterns, as Nacos's
	// fuzzy search does: '*' (which Nacos turns into '%') and '%' match
	// any run of characters and '_' any one character. Without Blur they
	// are compared exactly.
	Blur             bool
	PageNo, PageSize int
}

// ConfigPage is one page of a search, in config id order (the order of
// Nacos's table, which its paging SQL does not sort).
type ConfigPage struct {
	TotalCount     int
	PageNumber     int
	PagesAvailable int
	Items          []*Config
}

// Search answers a page of the configs q matches. pageNo and pageSize must
// be positive (Nacos's PaginationHelper refuses others); a page past the
// last is empty but still carries the counts.
func (s *Service) Search(q Query) (*ConfigPage, error) {
	if q.PageNo <= 0 || q.PageSize <= 0 {
		return nil, invalid("pageNo", "pageNo and pageSize must be greater than zero")
	}
	m := newMatcher(q)
	var all []*Config
	s.view.each(func(c *Config) {
		if m.match(c) {
			all = append(all, c)
		}
	})
	slices.SortFunc(all, func(a, b *Config) int {
		if a.ID != b.ID {
			return cmpInt(a.ID, b.ID)
		}
		return strings.Compare(keyPath(a.Key), keyPath(b.Key))
	})
	pages := (len(all) + q.PageSize - 1) / q.PageSize
	page := &ConfigPage{TotalCount: len(all), PageNumber: q.PageNo, PagesAvailable: pages, Items: []*Config{}}
	if q.PageNo <= pages {
		from := (q.PageNo - 1) * q.PageSize
		page.Items = all[from:min(from+q.PageSize, len(all))]
	}
	return page, nil
}

func cmpInt(a, b int64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// matcher is a Query prepared for many configs.
type matcher struct {
	q     Query
	tags  []string
	types []string
}

func newMatcher(q Query) *matcher {
	m := &matcher{q: q}
	m.q.Tenant = NormalizeTenant(strings.TrimSpace(q.Tenant))
	if strings.TrimSpace(q.ConfigTags) != "" {
		m.tags = strings.Split(q.ConfigTags, ",")
	}
	if strings.TrimSpace(q.Types) != "" {
		m.types = strings.Split(q.Types, ",")
	}
	return m
}

func (m *matcher) match(c *Config) bool {
	q := m.q
	if !m.field(q.Tenant, c.Tenant) {
		return false
	}
	if strings.TrimSpace(q.DataID) != "" && !m.field(q.DataID, c.DataID) {
		return false
	}
	if strings.TrimSpace(q.Group) != "" && !m.field(q.Group, c.Group) {
		return false
	}
	if strings.TrimSpace(q.AppName) != "" && q.AppName != c.AppName {
		return false
	}
	if m.types != nil && !slices.Contains(m.types, c.Type) {
		return false
	}
	if m.tags != nil && !anyTag(m.tags, c.ConfigTags) {
		return false
	}
	if strings.TrimSpace(q.Content) != "" && !Like(q.Content, c.Content) {
		return false
	}
	return true
}

func (m *matcher) field(pattern, value string) bool {
	if m.q.Blur {
		return Like(pattern, value)
	}
	return pattern == value
}

func anyTag(want []string, tags string) bool {
	if tags == "" {
		return false
	}
	for t := range strings.SplitSeq(tags, ",") {
		if slices.Contains(want, t) {
			return true
		}
	}
	return false
}

// Like reports whether value matches pattern as Nacos's blur search
// matches it: the pattern's '*'s become SQL '%'s and the database's LIKE
// decides, so '%' and '*' match any run of characters, '_' exactly one,
// and everything else itself (case-sensitively, as Nacos's binary
// collations compare). It runs in O(len(pattern)·len(value)) at worst.
func Like(pattern, value string) bool {
	p, v := []rune(pattern), []rune(value)
	// The classic wildcard walk: remember the last '%' and retry from the
	// character after the one it last swallowed.
	pi, vi, star, mark := 0, 0, -1, 0
	for vi < len(v) {
		switch {
		case pi < len(p) && (p[pi] == '_' || p[pi] == v[vi]) && !isAny(p[pi]):
			pi++
			vi++
		case pi < len(p) && isAny(p[pi]):
			star, mark = pi, vi
			pi++
		case star >= 0:
			pi = star + 1
			mark++
			vi = mark
		default:
			return false
		}
	}
	for pi < len(p) && isAny(p[pi]) {
		pi++
	}
	return pi == len(p)
}

func isAny(r rune) bool { return r == '*' || r == '%' }
