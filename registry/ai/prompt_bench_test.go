package ai

import (
	"context"
	"fmt"
	"testing"
)

// BenchmarkPromptLifeCycle: one version through draft, submit and
// publish (three guarded writes, each waiting for the view).
func BenchmarkPromptLifeCycle(b *testing.B) {
	ctx := context.Background()
	s, _ := newTestPrompts(b)
	i := 0
	for b.Loop() {
		key := fmt.Sprintf("p%d", i)
		i++
		v, err := s.CreateDraft(ctx, DraftInput{Key: key, Template: "Hello {{name}}"})
		must(b, err)
		_, err = s.Submit(ctx, "", key, v)
		must(b, err)
		must(b, s.Publish(ctx, "", key, v, true, false))
	}
}

// BenchmarkPromptLatest: the read agents make, the latest version of a
// prompt with 100 versions, from the view.
func BenchmarkPromptLatest(b *testing.B) {
	ctx := context.Background()
	s, _ := newTestPrompts(b)
	for i := range 100 {
		must(b, s.PublishVersion(ctx, PublishInput{Key: "p", Version: fmt.Sprintf("1.0.%d", i), Template: "t"}))
	}
	for b.Loop() {
		if _, v, err := s.Version("", "p", "", ""); err != nil || v.Version != "1.0.99" {
			b.Fatal(v, err)
		}
	}
}
