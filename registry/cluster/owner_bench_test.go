package cluster

import "testing"

// BenchmarkOwner is the ownership lookup each beat makes, over 3 members.
func BenchmarkOwner(b *testing.B) {
	ids := []string{"10.0.0.1:8848", "10.0.0.2:8848", "10.0.0.3:8848"}
	v := &view{}
	for _, id := range ids {
		v.members = append(v.members, Member{ID: id})
	}
	b.ReportAllocs()
	for b.Loop() {
		_ = v.owner("10.1.2.3:8080#true")
	}
}
