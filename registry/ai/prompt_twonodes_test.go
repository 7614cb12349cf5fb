package ai

import (
	"context"
	"testing"

	"github.com/causeway-dev/causeway/registry/store/twonodes"
)

// twoPromptNodes builds two prompt registries over one store, as two
// processes on one etcd: each sees the other's writes only through its
// watch.
func twoPromptNodes(t *testing.T) (a, b *Prompts) {
	t.Helper()
	st := twonodes.Store(t)
	for _, n := range []**Prompts{&a, &b} {
		s, err := NewPrompts(context.Background(), st, PromptOptions{Logger: twonodes.Quiet()})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(s.Close)
		*n = s
	}
	return a, b
}

// Each step written on A reads through B, and B's writes go on from
// what A wrote (its guard is A's revision, learnt from its watch).
func TestTwoNodesPromptLifeCycle(t *testing.T) {
	ctx := context.Background()
	a, b := twoPromptNodes(t)
	steps := []struct {
		name  string
		write func(*Prompts) error
		seen  func(*Prompts) bool
	}{
		{"draft on A", func(p *Prompts) error { _, err := p.CreateDraft(ctx, DraftInput{Key: "k", Template: "t1"}); return err },
			func(p *Prompts) bool {
				_, v, err := p.Version("", "k", "1.0.0", "")
				return err == nil && v.Template == "t1"
			}},
		{"submit on B", func(*Prompts) error { _, err := b.Submit(ctx, "", "k", ""); return err },
			func(p *Prompts) bool {
				_, v, err := p.Version("", "k", "1.0.0", "")
				return err == nil && v.Status == StatusReviewing
			}},
		{"publish on A", func(p *Prompts) error { return p.Publish(ctx, "", "k", "1.0.0", true, false) },
			func(p *Prompts) bool { _, v, err := p.Version("", "k", "", "latest"); return err == nil && v.Online }},
		{"delete on B", func(*Prompts) error { return b.Delete(ctx, "", "k") },
			func(p *Prompts) bool { _, err := p.Get("", "k"); return err != nil }},
	}
	for _, st := range steps {
		t.Run(st.name, func(t *testing.T) {
			if err := st.write(a); err != nil {
				t.Fatal(err)
			}
			for _, n := range []*Prompts{a, b} {
				twonodes.Eventually(t, st.name, func() bool { return st.seen(n) })
			}
		})
	}
}
