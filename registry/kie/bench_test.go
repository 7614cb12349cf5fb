package kie

import (
	"context"
	"fmt"
	"sync/atomic"
	"testing"
)

func BenchmarkCreate(b *testing.B) {
	s, _ := newTestService(b)
	ctx := context.Background()
	var n atomic.Int64
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			i := n.Add(1)
			in := CreateInput{Project: "default", Key: fmt.Sprintf("k%d", i), Value: "v",
				Labels: map[string]string{"app": fmt.Sprintf("a%d", i%10), "env": "prod"}}
			if _, err := s.Create(ctx, in); err != nil {
				b.Error(err)
				return
			}
		}
	})
}

func BenchmarkGet(b *testing.B) {
	s, _ := newTestService(b)
	ids := make([]string, 1000)
	for i := range ids {
		ids[i] = create(b, s, fmt.Sprintf("k%d", i), "v", nil).ID
	}
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		i := 0
		for pb.Next() {
			if _, err := s.Get("default", ids[i%len(ids)]); err != nil {
				b.Error(err)
				return
			}
			i++
		}
	})
}

// BenchmarkListWithLabels lists one app's 10 kvs out of 1,000 in the
// project, the query a client that loads its config sends.
func BenchmarkListWithLabels(b *testing.B) {
	s, _ := newTestService(b)
	for i := range 1000 {
		create(b, s, fmt.Sprintf("k%d", i), "v", map[string]string{"app": fmt.Sprintf("a%d", i%100), "env": "prod"})
	}
	q := &Query{Labels: map[string]string{"app": "a7", "env": "prod"}}
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			kvs, _, err := s.List("default", q)
			if err != nil || len(kvs) != 10 {
				b.Errorf("%d kvs, %v", len(kvs), err)
				return
			}
		}
	})
}
