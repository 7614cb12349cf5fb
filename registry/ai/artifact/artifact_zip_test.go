package artifact

import (
	"archive/zip"
	"bytes"
	"context"
	"io/fs"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/causeway-dev/causeway/registry"
	"github.com/causeway-dev/causeway/registry/ai"
)

const manifest = "---\nname: pdf\ndescription: reads pdfs\nversion: 1.2.0\n---\n# pdf\n"

// An upload is stored as a draft named by its front matter; its other
// files become resources typed by their directory.
func TestUploadSkill(t *testing.T) {
	ctx := context.Background()
	r, _ := newSkills(t)
	for _, tc := range []struct {
		name  string
		files []string
	}{
		{"at the root", []string{"SKILL.md", manifest, "scripts/run.sh", "echo", "notes.txt", "n"}},
		{"in one directory", []string{"pdf/SKILL.md", manifest, "pdf/scripts/run.sh", "echo", "pdf/notes.txt", "n"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			name, err := r.Upload(ctx, "", zipOf(t, tc.files...), UploadInput{Overwrite: true})
			must(t, err)
			m, err := r.Meta("", name)
			must(t, err)
			v, err := r.VersionDetail("", name, m.EditingVersion)
			must(t, err)
			if name != "pdf" || v.Version != "1.2.0" || v.Description != "reads pdfs" || v.Content != manifest {
				t.Fatalf("uploaded %q: %+v", name, v)
			}
			want := []Resource{{Name: "scripts/run.sh", Type: "scripts", Content: "echo"}, {Name: "notes.txt", Type: "file", Content: "n"}}
			if !slices.Equal(v.Resources, want) {
				t.Fatalf("resources %+v", v.Resources)
			}
		})
	}
	if _, err := r.Upload(ctx, "", zipOf(t, "SKILL.md", manifest), UploadInput{}); kindOf(err) != registry.KindConflict {
		t.Fatalf("upload over a draft without overwrite: %v", err)
	}
}

// A batch stores each valid directory and reports the others.
func TestBatchUpload(t *testing.T) {
	r, _ := newSkills(t)
	data := zipOf(t, "README.md", "x", "a/SKILL.md", "---\nname: a\n---\n", "b/SKILL.md", "# no front matter",
		"c/other.md", "no manifest", "d/SKILL.md", "---\nname: ../d\n---\n")
	res, err := r.BatchUpload(context.Background(), "", data, false)
	must(t, err)
	var failed []string
	for _, f := range res.Failed {
		failed = append(failed, f.Name)
	}
	if !slices.Equal(res.Succeeded, []string{"a", "b"}) || !slices.Equal(failed, []string{"c", "d"}) {
		t.Fatalf("batch: %+v", res)
	}
}

// Archives that are not safe to take are refused whole, nothing written.
func TestUploadRefusals(t *testing.T) {
	r, st := newSkills(t)
	big := strings.Repeat("a", MaxContentBytes)
	cases := map[string][]byte{
		"not a zip":        []byte("PK nope"),
		"empty":            zipOf(t),
		"no manifest":      zipOf(t, "README.md", "x"),
		"dot dot":          zipOf(t, "SKILL.md", manifest, "../evil", "x"),
		"absolute":         zipOf(t, "SKILL.md", manifest, "/etc/passwd", "x"),
		"backslash":        zipOf(t, "SKILL.md", manifest, "a\\..\\b", "x"),
		"duplicate":        zipOf(t, "SKILL.md", manifest, "SKILL.md", manifest),
		"binary":           zipOf(t, "SKILL.md", manifest, "img.png", "\xff\xfe"),
		"expands too much": zipOf(t, "SKILL.md", manifest, "big.txt", big),
		"bad front matter": zipOf(t, "SKILL.md", "---\nname: [\n---\n"),
		"unclosed matter":  zipOf(t, "SKILL.md", "---\nname: x\n"),
		"too many entries": manyEntries(t, MaxUploadEntries+1),
		"symlink":          symlinkZip(t),
		"bomb":             bomb(t, 64<<20),
	}
	for name, data := range cases {
		t.Run(name, func(t *testing.T) {
			if _, err := r.Upload(context.Background(), "", data, UploadInput{}); kindOf(err) != registry.KindInvalid {
				t.Fatalf("got %v, want invalid", err)
			}
			if ks := keys(t, st, ai.SkillPrefix); len(ks) != 0 {
				t.Fatalf("written: %v", ks)
			}
		})
	}
}

func manyEntries(t *testing.T, n int) []byte {
	kv := []string{"SKILL.md", manifest}
	for i := range n {
		kv = append(kv, "r/"+strconv.Itoa(i), "")
	}
	return zipOf(t, kv...)
}

func symlinkZip(t *testing.T) []byte {
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	w, _ := zw.Create("SKILL.md")
	_, _ = w.Write([]byte(manifest))
	h := &zip.FileHeader{Name: "link"}
	h.SetMode(fs.ModeSymlink | 0o777)
	w, _ = zw.CreateHeader(h)
	_, _ = w.Write([]byte("/etc/passwd"))
	must(t, zw.Close())
	return buf.Bytes()
}

// bomb is a small archive (deflated zeros, about 1:1000) whose entry
// inflates to n bytes; the reader counts what it inflates and stops.
func bomb(t testing.TB, n int) []byte {
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	w, _ := zw.Create("SKILL.md")
	_, _ = w.Write([]byte(manifest))
	w, err := zw.Create("bomb.txt")
	must(t, err)
	chunk := make([]byte, 1<<20)
	for range n >> 20 {
		_, _ = w.Write(chunk)
	}
	must(t, zw.Close())
	return buf.Bytes()
}

// FuzzParseArchive: no archive panics the reader or yields a resource
// whose name is not a safe relative path.
func FuzzParseArchive(f *testing.F) {
	f.Add(zipOf(f, "SKILL.md", manifest, "scripts/a.sh", "x"))
	f.Add(zipOf(f, "d/SKILL.md", manifest))
	f.Add(zipOf(f, "a/SKILL.md", "---\nname: a\n---\n", "b/SKILL.md", "x"))
	f.Add([]byte("PK\x03\x04"))
	f.Fuzz(func(t *testing.T, data []byte) {
		c, err := SkillKind.ParseArchive(data)
		if err == nil {
			for _, res := range c.Resources {
				if ValidResourceName(res.Name) != nil {
					t.Fatalf("unsafe resource %q", res.Name)
				}
			}
			if validName("name", c.Name) != nil || validCard(c) != nil {
				t.Fatalf("invalid card accepted: %+v", c)
			}
		}
		cards, _, err := SkillKind.ParseBatch(data)
		if err == nil {
			for _, c := range cards {
				if validName("name", c.Name) != nil {
					t.Fatalf("invalid batch name %q", c.Name)
				}
			}
		}
	})
}
