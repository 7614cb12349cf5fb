package feed

import (
	"sync"
	"testing"
)

func TestListenersCoalesceAndNeverBlockThePublisher(t *testing.T) {
	var f Feed[string]
	l := f.Listen()
	other := f.Listen()
	for i := 0; i < 100; i++ { // nobody drains: the publisher must not block
		f.Publish(map[string]struct{}{"a": {}, "b": {}})
	}
	<-l.Wake()
	if got := l.Drain(); len(got) != 2 {
		t.Fatalf("drained %v, want a and b once", got)
	}
	if again := l.Drain(); len(again) != 0 {
		t.Fatalf("drained twice: %v", again)
	}
	other.Close()
	f.Publish(map[string]struct{}{"c": {}})
	if got := other.Drain(); len(got) != 2 { // a and b from before Close; not c
		t.Fatalf("closed listener got %v", got)
	}
}

func TestConcurrentPublishers(t *testing.T) {
	var f Feed[int]
	l := f.Listen()
	var wg sync.WaitGroup
	for g := 0; g < 8; g++ {
		wg.Add(1)
		go func(g int) {
			defer wg.Done()
			for i := 0; i < 100; i++ {
				f.Publish(map[int]struct{}{g*100 + i: {}})
			}
		}(g)
	}
	wg.Wait()
	if got := l.Drain(); len(got) != 800 {
		t.Fatalf("%d keys, want 800", len(got))
	}
}
