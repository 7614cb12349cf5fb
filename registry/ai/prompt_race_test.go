package ai

import (
	"context"
	"strings"
	"sync"
	"testing"

	"github.com/causeway-dev/causeway/registry"
)

// Concurrent writes to one prompt are serialised by its metadata guard:
// of many first drafts exactly one wins, and concurrent label binds all
// land (each retried on the other's metadata).
func TestPromptConcurrentWrites(t *testing.T) {
	ctx := context.Background()
	s, _ := newTestPrompts(t)
	const n = 8
	var wg sync.WaitGroup
	errs := make([]error, n)
	for i := range n {
		wg.Go(func() { _, errs[i] = s.CreateDraft(ctx, DraftInput{Key: "race", Template: "t"}) })
	}
	wg.Wait()
	won := 0
	for _, err := range errs {
		switch {
		case err == nil:
			won++
		case registry.KindOf(err) != registry.KindConflict:
			t.Fatalf("a losing draft: %v", err)
		}
	}
	if won != 1 {
		t.Fatalf("%d first drafts won, want 1", won)
	}
	must(t, s.Publish(ctx, "", "race", "1.0.0", true, true))
	labels := []string{"a", "b", "c", "d", "e", "f"}
	for _, l := range labels {
		wg.Go(func() { must(t, s.BindLabel(ctx, "", "race", l, "1.0.0")) })
	}
	wg.Wait()
	d, err := s.Get("", "race")
	must(t, err)
	if len(d.Labels) != len(labels)+1 {
		t.Fatalf("labels %v: a bind was lost", d.Labels)
	}
}

// A template at the limit, full of markup, is stored and read back on
// every engine; one byte more is refused before the store.
func TestPromptLargeTemplate(t *testing.T) {
	ctx := context.Background()
	s, _ := newTestPrompts(t)
	tmpl := strings.Repeat("<b>&</b>", MaxTemplateBytes/8)
	must(t, s.PublishVersion(ctx, PublishInput{Key: "big", Version: "1", Template: tmpl}))
	_, v, err := s.Version("", "big", "1", "")
	must(t, err)
	if v.Template != tmpl {
		t.Fatal("the template changed in the store")
	}
	err = s.PublishVersion(ctx, PublishInput{Key: "big", Version: "2", Template: tmpl + "x"})
	if registry.KindOf(err) != registry.KindInvalid {
		t.Fatalf("over the limit: %v", err)
	}
}
