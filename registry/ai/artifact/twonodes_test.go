package artifact

import (
	"context"
	"testing"

	"github.com/causeway-dev/causeway/registry/store/twonodes"
)

// twoNodes builds two skill registries over one store, as two processes
// on one etcd: each sees the other's writes only through its watch.
func twoNodes(t *testing.T) (a, b *Registry) {
	t.Helper()
	st := twonodes.Store(t)
	for _, n := range []**Registry{&a, &b} {
		r, err := NewSkills(context.Background(), st, Options{Logger: twonodes.Quiet()})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(r.Close)
		*n = r
	}
	return a, b
}

// Every write on A is read on B; a draft created on B after A's write
// builds on what A wrote (the guard on the meta's revision).
func TestTwoNodesSkills(t *testing.T) {
	ctx := context.Background()
	a, b := twoNodes(t)
	steps := []struct {
		name  string
		write func() error
		seen  func(r *Registry) bool
	}{
		{"register", func() error { _, err := a.Register(ctx, "", &Card{Name: "s", Content: "one"}); return err },
			func(r *Registry) bool { d, err := r.Detail("", "s"); return err == nil && d.Content == "one" }},
		{"draft on B", func() error {
			_, err := b.CreateDraft(ctx, "", DraftInput{Name: "s", Card: &Card{Content: "two"}})
			return err
		}, func(r *Registry) bool { m, err := r.Meta("", "s"); return err == nil && m.EditingVersion == "1.0.1" }},
		{"force publish on A", func() error { return a.Publish(ctx, "", "s", "1.0.1", nil, true) },
			func(r *Registry) bool { d, err := r.Detail("", "s"); return err == nil && d.Content == "two" }},
		{"delete on B", func() error { return b.Delete(ctx, "", "s") },
			func(r *Registry) bool { _, err := r.Meta("", "s"); return err != nil }},
	}
	for _, st := range steps {
		if err := st.write(); err != nil {
			t.Fatalf("%s: %v", st.name, err)
		}
		twonodes.Eventually(t, st.name, func() bool { return st.seen(a) && st.seen(b) })
	}
}
