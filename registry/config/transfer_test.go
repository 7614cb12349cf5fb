package config

import (
	"archive/zip"
	"bytes"
	"context"
	"errors"
	"strings"
	"testing"
)

func zipOf(t testing.TB, entries ...string) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for i := 0; i+1 < len(entries); i += 2 {
		w, err := zw.Create(entries[i])
		if err != nil {
			t.Fatal(err)
		}
		_, _ = w.Write([]byte(entries[i+1]))
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

const twoMeta = "metadata:\n- dataId: a.yaml\n  group: G\n  type: yaml\n  desc: first\n- dataId: b\n  group: G\n  type: text\n"

func TestExportImportRoundTrip(t *testing.T) {
	s, _ := newTestService(t)
	ctx := context.Background()
	if _, err := s.Publish(ctx, PublishInput{Group: "G", DataID: "a.yaml", Content: "k: v", Type: "yaml", Desc: "first", AppName: "app"}); err != nil {
		t.Fatal(err)
	}
	publish(t, s, "", "G", "b", "bee")
	publish(t, s, "", "H", "c", "other group")
	data, err := s.Export(ExportQuery{Group: "G"})
	if err != nil {
		t.Fatal(err)
	}
	arc, err := ReadArchive(data)
	if err != nil {
		t.Fatal(err)
	}
	if len(arc.Items) != 2 || arc.Items[0].DataID != "a.yaml" || arc.Items[0].Type != "yaml" || arc.Items[0].Desc != "first" ||
		arc.Items[0].AppName != "app" || arc.Items[1].Content != "bee" || len(arc.Unrecognized) != 0 {
		t.Fatalf("archive %+v", arc)
	}
	// Into another namespace, then again: ABORT stops before writing.
	res, err := s.Import(ctx, "ns2", arc.Items, PolicyAbort, "alice")
	if err != nil || res.Succ != 2 {
		t.Fatalf("%+v %v", res, err)
	}
	arc.Items[1].Content = "changed"
	arc.Items = append(arc.Items, ImportItem{Group: "G", DataID: "new", Content: "n", Type: "text"})
	res, err = s.Import(ctx, "ns2", arc.Items, PolicyAbort, "alice")
	if err != nil || res.Succ != 0 || len(res.Fail) != 1 || res.Fail[0].DataID != "a.yaml" || res.Skip != 2 {
		t.Fatalf("abort: %+v %v", res, err)
	}
	if _, err := s.Get("ns2", "G", "new"); err == nil {
		t.Fatal("abort wrote a config")
	}
	res, err = s.Import(ctx, "ns2", arc.Items, PolicySkip, "alice")
	if err != nil || res.Succ != 1 || res.Skip != 2 {
		t.Fatalf("skip: %+v %v", res, err)
	}
	if c, _ := s.Get("ns2", "G", "b"); c.Content != "bee" {
		t.Fatalf("skip overwrote: %q", c.Content)
	}
	res, err = s.Import(ctx, "ns2", arc.Items, PolicyOverwrite, "alice")
	if err != nil || res.Succ != 3 {
		t.Fatalf("overwrite: %+v %v", res, err)
	}
	if c, _ := s.Get("ns2", "G", "b"); c.Content != "changed" || c.SrcUser != "alice" {
		t.Fatalf("overwrite: %+v", c)
	}
	// By id.
	a, _ := s.Get("", "G", "a.yaml")
	data, _ = s.Export(ExportQuery{IDs: []int64{a.ID}})
	if arc, err := ReadArchive(data); err != nil || len(arc.Items) != 1 || arc.Items[0].DataID != "a.yaml" {
		t.Fatalf("by id: %+v %v", arc, err)
	}
}

func TestImportInvalidItemWritesNothing(t *testing.T) {
	s, _ := newTestService(t)
	items := []ImportItem{{Group: "G", DataID: "ok", Content: "x", Type: "text"}, {Group: "G", DataID: "bad/id", Content: "x", Type: "text"}}
	if _, err := s.Import(context.Background(), "", items, PolicyOverwrite, ""); err == nil {
		t.Fatal("invalid item accepted")
	}
	if s.Count("") != 0 {
		t.Fatal("something was written")
	}
}

func TestReadArchiveBadInput(t *testing.T) {
	cases := []struct {
		name string
		data []byte
		want error
	}{
		{"not a zip", []byte("hello"), ErrImportParse},
		{"no metadata", zipOf(t, "G/a", "x"), ErrImportMetadata},
		{"bad yaml", zipOf(t, ".metadata.yml", "metadata: [", "G/a", "x"), ErrImportMetadata},
		{"no type", zipOf(t, ".metadata.yml", "metadata:\n- dataId: a\n  group: G\n", "G/a", "x"), ErrImportMetadata},
		{"no item", zipOf(t, ".metadata.yml", twoMeta), ErrImportEmpty},
	}
	for _, tc := range cases {
		if _, err := ReadArchive(tc.data); !errors.Is(err, tc.want) {
			t.Errorf("%s: %v", tc.name, err)
		}
	}
	arc, err := ReadArchive(zipOf(t, ".metadata.yml", twoMeta, "G/a.yaml", "A", "../../etc/passwd", "x", "G/unlisted", "y", "dir/", ""))
	if err != nil {
		t.Fatal(err)
	}
	if len(arc.Items) != 1 || strings.Join(arc.Unrecognized, "|") != "../../etc/passwd|Item not found in metadata: G/unlisted|Item not found in file: G/b" {
		t.Fatalf("%+v", arc)
	}
	// A zip bomb: one entry expanding past the budget.
	big := zipOf(t, ".metadata.yml", twoMeta, "G/a.yaml", strings.Repeat("0", MaxImportExpanded+1))
	if _, err := ReadArchive(big); err == nil || errors.Is(err, ErrImportEmpty) {
		t.Fatalf("bomb: %v", err)
	}
}

func FuzzReadArchive(f *testing.F) {
	f.Add(zipOf(f, ".metadata.yml", twoMeta, "G/a.yaml", "A", "G/b", "B"))
	f.Add(zipOf(f, ".meta.yml", "metadata:\n- {dataId: x, group: y, type: text}\n", "y/x", "1"))
	f.Add([]byte("PK\x03\x04"))
	f.Fuzz(func(t *testing.T, data []byte) {
		arc, err := ReadArchive(data)
		if err != nil {
			return
		}
		if len(arc.Items) == 0 {
			t.Fatal("an archive without items was accepted")
		}
		for _, it := range arc.Items {
			if strings.Contains(it.Group, "/") || strings.Contains(it.DataID, "/") {
				t.Fatalf("a path escaped into a name: %+v", it)
			}
		}
	})
}
