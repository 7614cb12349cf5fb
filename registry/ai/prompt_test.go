package ai

import (
	"context"
	"slices"
	"testing"

	"github.com/causeway-dev/causeway/registry"
	"github.com/causeway-dev/causeway/registry/store/enginetest"
)

// The life cycle of §8.12-8.19: draft → submit → publish, redraft, force
// publish, the latest label, online status and immutability.
func TestPromptLifeCycle(t *testing.T) {
	ctx := context.Background()
	s, _ := newTestPrompts(t)
	v, err := s.CreateDraft(ctx, DraftInput{Key: "greet", Template: "Hello {{name}}",
		Variables: `{"name":"string"}`, Meta: MetaUpdate{Description: ptr("d"), BizTags: []string{"ai"}}})
	must(t, err)
	if v != "1.0.0" {
		t.Fatalf("first draft version %q, want 1.0.0", v)
	}
	if _, err := s.CreateDraft(ctx, DraftInput{Key: "greet", Template: "x"}); registry.KindOf(err) != registry.KindConflict {
		t.Fatalf("second draft: %v, want a conflict", err)
	}
	must(t, s.UpdateDraft(ctx, "", "greet", "Hi {{name}}", nil, ptr("edit")))
	if err := s.Publish(ctx, "", "greet", "1.0.0", true, false); !isState(err) {
		t.Fatalf("publish a draft without review: %v, want a state conflict", err)
	}
	sv, err := s.Submit(ctx, "public", "greet", "")
	must(t, err)
	if sv != "1.0.0" {
		t.Fatalf("submitted %q", sv)
	}
	if err := s.UpdateDraft(ctx, "", "greet", "x", nil, nil); !isState(err) {
		t.Fatalf("edit under review: %v, want a state conflict", err)
	}
	must(t, s.Redraft(ctx, "", "greet", "1.0.0"))
	_, err = s.Submit(ctx, "", "greet", "1.0.0")
	must(t, err)
	must(t, s.Publish(ctx, "", "greet", "1.0.0", false, false))
	d, pv, err := s.Version("", "greet", "", "")
	must(t, err)
	if pv.Version != "1.0.0" || pv.Status != StatusPublished || !pv.Online || pv.Template != "Hi {{name}}" || pv.CommitMsg != "edit" {
		t.Fatalf("latest %+v", pv)
	}
	if d.Description != "d" || !slices.Equal(d.BizTags, []string{"ai"}) {
		t.Fatalf("meta %+v", d)
	}
	// Published versions are immutable: no transition leaves published.
	for name, err := range map[string]error{
		"submit":  errOnly(s.Submit(ctx, "", "greet", "1.0.0")),
		"redraft": s.Redraft(ctx, "", "greet", "1.0.0"),
		"publish": s.Publish(ctx, "", "greet", "1.0.0", true, true),
	} {
		if !isState(err) {
			t.Errorf("%s a published version: %v, want a state conflict", name, err)
		}
	}
	// A fork of 1.0.0, force-published without review; latest stays
	// where it is unless asked to move.
	v, err = s.CreateDraft(ctx, DraftInput{Key: "greet", BasedOn: "1.0.0"})
	must(t, err)
	if v != "1.0.1" {
		t.Fatalf("forked draft %q, want 1.0.1", v)
	}
	must(t, s.Publish(ctx, "", "greet", "1.0.1", false, true))
	if _, pv, _ := s.Version("", "greet", "", ""); pv.Version != "1.0.0" {
		t.Fatalf("latest moved to %s without updateLatestLabel", pv.Version)
	}
	must(t, s.BindLabel(ctx, "", "greet", "latest", "1.0.1"))
	if _, pv, _ := s.Version("", "greet", "", "latest"); pv.Version != "1.0.1" || pv.Template != "Hi {{name}}" {
		t.Fatalf("latest after bind: %+v", pv)
	}
	must(t, s.SetOnline(ctx, "", "greet", "1.0.0", false))
	if _, pv, _ := s.Version("", "greet", "1.0.0", ""); pv.Online {
		t.Fatal("still online")
	}
	// The one-step publish must go past the newest version.
	err = s.PublishVersion(ctx, PublishInput{Key: "greet", Version: "1.0.1", Template: "t"})
	if registry.KindOf(err) != registry.KindConflict {
		t.Fatalf("publish an old version: %v", err)
	}
	must(t, s.PublishVersion(ctx, PublishInput{Key: "greet", Version: "2.0.0", Template: "t"}))
	if _, pv, _ := s.Version("", "greet", "", ""); pv.Version != "2.0.0" {
		t.Fatalf("latest %s after a one-step publish", pv.Version)
	}
	must(t, s.Delete(ctx, "", "greet"))
	if _, err := s.Get("", "greet"); registry.KindOf(err) != registry.KindNotFound {
		t.Fatalf("after delete: %v", err)
	}
}

func errOnly(_ string, err error) error { return err }

// isState reports a refusal of a step the version's state forbids: a
// conflict, as every kind of the AI registry answers it.
func isState(err error) bool { return registry.KindOf(err) == registry.KindConflict }

// A refused write leaves the store as it was, whatever the refusal.
func TestPromptRefusalsWriteNothing(t *testing.T) {
	ctx := context.Background()
	s, st := newTestPrompts(t)
	must(t, s.PublishVersion(ctx, PublishInput{Key: "p", Version: "1.0.0", Template: "t"}))
	_, err := s.CreateDraft(ctx, DraftInput{Key: "p", Template: "draft"})
	must(t, err)
	cases := []struct {
		name string
		kind registry.Kind
		call func() error
	}{
		{"bad namespace", registry.KindNamespace, func() error { return s.Delete(ctx, "a/b", "p") }},
		{"missing key", registry.KindMissing, func() error { return s.Delete(ctx, "", "") }},
		{"bad key", registry.KindInvalid, func() error { return s.Delete(ctx, "", "a b") }},
		{"unknown prompt", registry.KindNotFound, func() error { return s.Delete(ctx, "", "nope") }},
		{"empty template", registry.KindMissing, func() error { return s.UpdateDraft(ctx, "", "p", " ", nil, nil) }},
		{"bad variables", registry.KindInvalid, func() error { return s.UpdateDraft(ctx, "", "p", "t", ptr("{"), nil) }},
		{"scalar variables", registry.KindInvalid, func() error { return s.UpdateDraft(ctx, "", "p", "t", ptr("3"), nil) }},
		{"label on a draft", registry.KindConflict, func() error { return s.BindLabel(ctx, "", "p", "x", "1.0.1") }},
		{"label on nothing", registry.KindNotFound, func() error { return s.BindLabel(ctx, "", "p", "x", "9.9") }},
		{"bad label", registry.KindInvalid, func() error { return s.BindLabel(ctx, "", "p", "a b", "1.0.0") }},
		{"unbind unknown", registry.KindNotFound, func() error { return s.UnbindLabel(ctx, "", "p", "x") }},
		{"labels on a draft", registry.KindConflict, func() error {
			return s.SetLabels(ctx, "", "p", map[string]string{"latest": "1.0.0", "next": "1.0.1"})
		}},
		{"offline a draft", registry.KindConflict, func() error { return s.SetOnline(ctx, "", "p", "1.0.1", false) }},
		{"publish unknown", registry.KindNotFound, func() error { return s.Publish(ctx, "", "p", "3.0", true, true) }},
		{"redraft a draft", registry.KindConflict, func() error { return s.Redraft(ctx, "", "p", "1.0.1") }},
		{"redraft no version", registry.KindMissing, func() error { return s.Redraft(ctx, "", "p", "") }},
		{"second draft", registry.KindConflict, func() error { return errOnly(s.CreateDraft(ctx, DraftInput{Key: "p", Template: "t"})) }},
		{"fork of nothing", registry.KindNotFound, func() error { return errOnly(s.CreateDraft(ctx, DraftInput{Key: "q", BasedOn: "1.0"})) }},
		{"long description", registry.KindInvalid, func() error {
			return s.UpdateMeta(ctx, "", "p", MetaUpdate{Description: ptr(string(make([]rune, 5000)))})
		}},
		{"padded tag", registry.KindInvalid, func() error { return s.UpdateMeta(ctx, "", "p", MetaUpdate{BizTags: []string{" a"}}) }},
		{"huge template", registry.KindInvalid, func() error {
			return s.PublishVersion(ctx, PublishInput{Key: "p", Version: "9", Template: string(make([]byte, MaxTemplateBytes+1))})
		}},
		{"bad version", registry.KindInvalid, func() error { return s.PublishVersion(ctx, PublishInput{Key: "p", Version: "../x", Template: "t"}) }},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			before := enginetest.State(t, st)
			err := tc.call()
			if registry.KindOf(err) != tc.kind || err == nil {
				t.Fatalf("got %v (kind %v), want kind %v", err, registry.KindOf(err), tc.kind)
			}
			if after := enginetest.State(t, st); after != before {
				t.Fatalf("a refused call wrote:\n%s\nthen\n%s", before, after)
			}
		})
	}
}

// Deleting a prompt's only version, a draft, deletes the prompt; a draft
// beside published versions goes alone.
func TestPromptDeleteDraft(t *testing.T) {
	ctx := context.Background()
	s, _ := newTestPrompts(t)
	_, err := s.CreateDraft(ctx, DraftInput{Key: "only", Template: "t"})
	must(t, err)
	must(t, s.DeleteDraft(ctx, "", "only"))
	if _, err := s.Get("", "only"); registry.KindOf(err) != registry.KindNotFound {
		t.Fatalf("a prompt without versions stayed: %v", err)
	}
	must(t, s.PublishVersion(ctx, PublishInput{Key: "two", Version: "1", Template: "t"}))
	_, err = s.CreateDraft(ctx, DraftInput{Key: "two", Template: "t2"})
	must(t, err)
	must(t, s.DeleteDraft(ctx, "", "two"))
	d, err := s.Get("", "two")
	must(t, err)
	if len(d.Versions) != 1 || d.Versions[0].Version != "1" {
		t.Fatalf("versions %+v", d.Versions)
	}
	if err := s.DeleteDraft(ctx, "", "two"); registry.KindOf(err) != registry.KindNotFound {
		t.Fatalf("no draft: %v", err)
	}
}

func TestPromptList(t *testing.T) {
	ctx := context.Background()
	s, _ := newTestPrompts(t)
	for _, p := range []struct {
		key  string
		tags []string
	}{{"alpha", []string{"ai", "ops"}}, {"beta", []string{"ai"}}, {"alphabet", nil}} {
		must(t, s.PublishVersion(ctx, PublishInput{Key: p.key, Version: "1", Template: "t", Meta: MetaUpdate{BizTags: p.tags}}))
	}
	must(t, s.PublishVersion(ctx, PublishInput{Namespace: "other", Key: "alpha", Version: "1", Template: "t"}))
	cases := []struct {
		q    PromptQuery
		want []string
	}{
		{PromptQuery{}, []string{"alpha", "alphabet", "beta"}},
		{PromptQuery{Key: "alpha", Search: SearchAccurate}, []string{"alpha"}},
		{PromptQuery{Key: "alpha", Search: SearchBlur}, []string{"alpha", "alphabet"}},
		{PromptQuery{Key: "*pha*", Search: SearchBlur}, []string{"alpha", "alphabet"}},
		{PromptQuery{BizTags: []string{"ai"}}, []string{"alpha", "beta"}},
		{PromptQuery{BizTags: []string{"ai", "ops"}}, []string{"alpha"}},
	}
	for _, tc := range cases {
		got, err := s.List("", tc.q)
		must(t, err)
		var keys []string
		for _, d := range got {
			keys = append(keys, d.Key)
		}
		if !slices.Equal(keys, tc.want) {
			t.Errorf("%+v: %v, want %v", tc.q, keys, tc.want)
		}
	}
}
