package artifact

import (
	"context"
	"slices"
	"testing"

	"github.com/causeway-dev/causeway/registry"
	"github.com/causeway-dev/causeway/registry/ai"
)

// The whole life cycle of a skill: register (published, latest), update
// (a new version), a forked draft edited, submitted, redrafted, submitted
// again and published; labels, biz tags, scope and online; delete.
func TestSkillLifeCycle(t *testing.T) {
	ctx := context.Background()
	r, st := newSkills(t)
	name, err := r.Register(ctx, "", &Card{Name: "pdf", Description: "reads pdfs", Content: "# pdf"})
	must(t, err)
	if name != "pdf" {
		t.Fatalf("register answered %q", name)
	}
	d, err := r.Detail("public", "pdf")
	must(t, err)
	if d.Version != "1.0.0" || d.Status != StatusPublished || !d.Online {
		t.Fatalf("detail after register: %+v", d)
	}
	must(t, r.Update(ctx, "public", &Card{Name: "pdf", Content: "# pdf v2"}))
	if d, _ := r.Detail("public", "pdf"); d.Version != "1.0.1" || d.Content != "# pdf v2" {
		t.Fatalf("detail after update: %+v", d)
	}
	v, err := r.CreateDraft(ctx, "public", DraftInput{Name: "pdf", BasedOn: "1.0.0", Target: "2.0.0"})
	must(t, err)
	if v != "2.0.0" {
		t.Fatalf("draft version %q", v)
	}
	if _, err := r.CreateDraft(ctx, "public", DraftInput{Name: "pdf"}); kindOf(err) != registry.KindConflict {
		t.Fatalf("a second draft: %v", err)
	}
	must(t, r.UpdateDraft(ctx, "public", &Card{Name: "pdf", Content: "# pdf 2",
		Resources: []Resource{{Name: "scripts/run.sh", Type: "scripts", Content: "echo"}}}, ptr(false), "edit"))
	if err := r.Publish(ctx, "public", "pdf", "2.0.0", nil, false); kindOf(err) != registry.KindConflict {
		t.Fatalf("publishing a draft without review: %v", err)
	}
	_, err = r.Submit(ctx, "public", "pdf", "")
	must(t, err)
	must(t, r.Redraft(ctx, "public", "pdf", "2.0.0"))
	pid, err := r.Submit(ctx, "public", "pdf", "2.0.0")
	must(t, err)
	if pid == "" {
		t.Fatal("no pipeline id")
	}
	must(t, r.Publish(ctx, "public", "pdf", "2.0.0", nil, false))
	m, err := r.Meta("public", "pdf")
	must(t, err)
	if m.Labels[ai.LatestLabel] != "1.0.1" || m.EditingVersion != "" {
		t.Fatalf("setAsLatest=false kept latest at 1.0.1: %+v", m)
	}
	vd, err := r.VersionDetail("public", "pdf", "2.0.0")
	must(t, err)
	if vd.Status != StatusPublished || vd.Content != "# pdf 2" || len(vd.Resources) != 1 {
		t.Fatalf("published 2.0.0: %+v", vd)
	}
	if err := r.Redraft(ctx, "public", "pdf", "2.0.0"); kindOf(err) != registry.KindConflict {
		t.Fatalf("redrafting a published version: %v", err)
	}
	must(t, r.UpdateLabels(ctx, "public", "pdf", map[string]string{"latest": "2.0.0", "stable": "1.0.0"}))
	if err := r.UpdateBizTags(ctx, "public", "pdf", []string{"ai", "ops", "ai"}); kindOf(err) != registry.KindInvalid {
		t.Fatalf("repeated biz tags (ai.ParseBizTags reads them once): %v", err)
	}
	must(t, r.UpdateBizTags(ctx, "public", "pdf", []string{"ai", "ops"}))
	must(t, r.UpdateScope(ctx, "public", "pdf", "public"))
	must(t, r.ChangeOnline(ctx, "public", "pdf", "version", "1.0.0", false))
	must(t, r.ChangeOnline(ctx, "public", "pdf", "skill", "", false))
	m, _ = r.Meta("public", "pdf")
	if m.LatestVersion != "2.0.0" || !slices.Equal(m.BizTags, []string{"ai", "ops"}) || m.Scope != ScopePublic || m.Online {
		t.Fatalf("meta: %+v", m)
	}
	if v, _ := r.VersionDetail("public", "pdf", "1.0.0"); v.Online {
		t.Fatal("1.0.0 still online")
	}
	_, err = r.CreateDraft(ctx, "public", DraftInput{Name: "pdf"})
	must(t, err)
	must(t, forcePublishDraft(ctx, r))
	must(t, r.Delete(ctx, "public", "pdf"))
	if ks := keys(t, st, ai.SkillPrefix); len(ks) != 0 {
		t.Fatalf("left after delete: %v", ks)
	}
}

// forcePublishDraft force-publishes pdf's current draft.
func forcePublishDraft(ctx context.Context, r *Registry) error {
	m, err := r.Meta("public", "pdf")
	if err != nil {
		return err
	}
	return r.Publish(ctx, "public", "pdf", m.EditingVersion, ptr(true), true)
}

// Bad inputs are refused with their kind and write nothing.
func TestSkillRefusals(t *testing.T) {
	ctx := context.Background()
	r, st := newSkills(t)
	_, err := r.Register(ctx, "public", &Card{Name: "s", Content: "x"})
	must(t, err)
	before := keys(t, st, ai.SkillPrefix)
	cases := []struct {
		name string
		call func() error
		want registry.Kind
	}{
		{"register twice", func() error { _, err := r.Register(ctx, "", &Card{Name: "s"}); return err }, registry.KindConflict},
		{"register no name", func() error { _, err := r.Register(ctx, "", &Card{}); return err }, registry.KindMissing},
		{"register bad name", func() error { _, err := r.Register(ctx, "", &Card{Name: "../x"}); return err }, registry.KindInvalid},
		{"register bad namespace", func() error { _, err := r.Register(ctx, "a/b", &Card{Name: "x"}); return err }, registry.KindNamespace},
		{"register bad version", func() error { _, err := r.Register(ctx, "", &Card{Name: "x", Version: "a b"}); return err }, registry.KindInvalid},
		{"register unsafe resource", func() error {
			_, err := r.Register(ctx, "", &Card{Name: "x", Resources: []Resource{{Name: "../etc/passwd"}}})
			return err
		}, registry.KindInvalid},
		{"register too large", func() error {
			_, err := r.Register(ctx, "", &Card{Name: "x", Content: string(make([]byte, MaxContentBytes+1))})
			return err
		}, registry.KindInvalid},
		{"update missing", func() error { return r.Update(ctx, "", &Card{Name: "nope"}) }, registry.KindNotFound},
		{"update existing version", func() error { return r.Update(ctx, "", &Card{Name: "s", Version: "1.0.0"}) }, registry.KindConflict},
		{"draft of missing", func() error {
			_, err := r.CreateDraft(ctx, "", DraftInput{Name: "nope", BasedOn: "1.0.0"})
			return err
		}, registry.KindNotFound},
		{"draft of missing version", func() error {
			_, err := r.CreateDraft(ctx, "", DraftInput{Name: "s", BasedOn: "9.9.9"})
			return err
		}, registry.KindNotFound},
		{"draft over a version", func() error {
			_, err := r.CreateDraft(ctx, "", DraftInput{Name: "s", Target: "1.0.0"})
			return err
		}, registry.KindConflict},
		{"update without draft", func() error { return r.UpdateDraft(ctx, "", &Card{Name: "s"}, nil, "") }, registry.KindConflict},
		{"delete without draft", func() error { return r.DeleteDraft(ctx, "", "s") }, registry.KindConflict},
		{"submit without draft", func() error { _, err := r.Submit(ctx, "", "s", ""); return err }, registry.KindConflict},
		{"submit published", func() error { _, err := r.Submit(ctx, "", "s", "1.0.0"); return err }, registry.KindConflict},
		{"publish no version", func() error { return r.Publish(ctx, "", "s", "", nil, false) }, registry.KindInvalid},
		{"publish published", func() error { return r.Publish(ctx, "", "s", "1.0.0", nil, true) }, registry.KindConflict},
		{"label a missing version", func() error {
			return r.UpdateLabels(ctx, "", "s", map[string]string{"latest": "2.0.0"})
		}, registry.KindInvalid},
		{"bad label", func() error { return r.UpdateLabels(ctx, "", "s", map[string]string{"a b": "1.0.0"}) }, registry.KindInvalid},
		{"empty biz tag", func() error { return r.UpdateBizTags(ctx, "", "s", []string{""}) }, registry.KindInvalid},
		{"bad scope", func() error { return r.UpdateScope(ctx, "", "s", "WORLD") }, registry.KindInvalid},
		{"online without version", func() error { return r.ChangeOnline(ctx, "", "s", "version", "", true) }, registry.KindInvalid},
		{"online missing version", func() error { return r.ChangeOnline(ctx, "", "s", "version", "3.0.0", true) }, registry.KindNotFound},
		{"delete missing", func() error { return r.Delete(ctx, "", "nope") }, registry.KindNotFound},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if err := tc.call(); kindOf(err) != tc.want {
				t.Fatalf("got %v (kind %v), want kind %v", err, kindOf(err), tc.want)
			}
			if after := keys(t, st, ai.SkillPrefix); !slices.Equal(after, before) {
				t.Fatalf("keys changed: %v → %v", before, after)
			}
		})
	}
}

// Listing filters by name (accurate or blur), scope and biz tag, and pages.
func TestSkillList(t *testing.T) {
	ctx := context.Background()
	r, _ := newSkills(t)
	for _, n := range []string{"alpha", "beta", "alphabet"} {
		_, err := r.Register(ctx, "", &Card{Name: n})
		must(t, err)
	}
	must(t, r.UpdateBizTags(ctx, "", "beta", []string{"ops"}))
	cases := []struct {
		q    Query
		want []string
	}{
		{Query{PageNo: 1, PageSz: 10}, []string{"alpha", "alphabet", "beta"}},
		{Query{Name: "alpha", PageNo: 1, PageSz: 10}, []string{"alpha"}},
		{Query{Name: "alpha", Search: ai.SearchBlur, PageNo: 1, PageSz: 10}, []string{"alpha", "alphabet"}},
		{Query{BizTag: "ops", PageNo: 1, PageSz: 10}, []string{"beta"}},
		{Query{Scope: "PUBLIC", PageNo: 1, PageSz: 10}, nil},
		{Query{PageNo: 2, PageSz: 2}, []string{"beta"}},
		{Query{Namespace: "other", PageNo: 1, PageSz: 10}, nil},
	}
	for _, tc := range cases {
		p, err := r.List(tc.q)
		must(t, err)
		var got []string
		for _, m := range p.PageItems {
			got = append(got, m.Name)
		}
		if !slices.Equal(got, tc.want) {
			t.Errorf("%+v: got %v, want %v", tc.q, got, tc.want)
		}
	}
}

func TestNextVersion(t *testing.T) {
	for _, tc := range []struct {
		have []string
		want string
	}{
		{nil, "1.0.0"}, {[]string{"1.0.0"}, "1.0.1"}, {[]string{"1.9.0", "1.10.0"}, "1.10.1"}, {[]string{"2"}, "3"}, {[]string{"1.0.0", "1.0.0-rc1"}, "1.0.1"},
	} {
		m := &Meta{}
		for _, v := range tc.have {
			m.Versions = append(m.Versions, VersionInfo{Version: v})
		}
		if got := nextVersion(m); got != tc.want {
			t.Errorf("%v: got %s, want %s", tc.have, got, tc.want)
		}
	}
}
