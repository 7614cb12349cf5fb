package artifact

import (
	"context"
	"strconv"
	"strings"
	"testing"
)

// benchSkill is a skill of 100 resources of 4 KiB each (about 400 KiB).
func benchSkill(b *testing.B) []byte {
	kv := []string{"SKILL.md", manifest}
	for i := range 100 {
		kv = append(kv, "references/r"+strconv.Itoa(i)+".md", strings.Repeat("x", 4<<10))
	}
	return zipOf(b, kv...)
}

func BenchmarkParseArchive(b *testing.B) {
	data := benchSkill(b)
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		if _, err := SkillKind.ParseArchive(data); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkUpload stores the upload as a draft over and over (overwrite).
func BenchmarkUpload(b *testing.B) {
	r, _ := newSkills(b)
	data := benchSkill(b)
	for b.Loop() {
		if _, err := r.Upload(context.Background(), "", data, UploadInput{Overwrite: true}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkRefuseBomb: refusing a 64 MiB bomb costs what inflating the
// allowed 768 KiB costs, not the bomb's size.
func BenchmarkRefuseBomb(b *testing.B) {
	data := bomb(b, 64<<20)
	b.ReportMetric(float64(len(data)), "archive-bytes")
	for b.Loop() {
		if _, err := SkillKind.ParseArchive(data); err == nil {
			b.Fatal("bomb accepted")
		}
	}
}
