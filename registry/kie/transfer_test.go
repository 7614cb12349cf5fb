package kie

import (
	"context"
	"testing"

	"github.com/causeway-dev/causeway/registry"
)

func TestImportModes(t *testing.T) {
	items := []ImportItem{
		{Key: "a", Value: "new-a"},
		{Key: "dup", Value: "new-dup", Labels: map[string]string{"x": "1"}},
		{Key: "bad/key"},
		{Key: "c", Value: "new-c", ValueType: "JSON"},
	}
	cases := []struct {
		mode    Override
		success []string
		failure map[string]FailureReason
		dup     string
	}{
		{OverrideForce, []string{"a", "dup", "c"}, map[string]FailureReason{"bad/key": FailInvalid}, "new-dup"},
		{OverrideSkip, []string{"a", "c"}, map[string]FailureReason{"dup": FailDuplicate, "bad/key": FailInvalid}, "old"},
		{OverrideAbort, []string{"a"}, map[string]FailureReason{"dup": FailAborted, "bad/key": FailAborted, "c": FailAborted}, "old"},
	}
	for _, c := range cases {
		t.Run(string(c.mode), func(t *testing.T) {
			s, _ := newTestService(t)
			old := create(t, s, "dup", "old", map[string]string{"x": "1"})
			res, err := s.Import(context.Background(), "default", c.mode, items)
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, kv := range res.Success {
				got = append(got, kv.Key)
			}
			if len(got) != len(c.success) {
				t.Fatalf("success %v, want %v", got, c.success)
			}
			for i := range got {
				if got[i] != c.success[i] {
					t.Fatalf("success %v, want %v", got, c.success)
				}
			}
			if len(res.Failure) != len(c.failure) {
				t.Fatalf("failure %+v, want %v", res.Failure, c.failure)
			}
			for _, f := range res.Failure {
				if c.failure[f.Key] != f.Reason {
					t.Fatalf("%s failed with %d, want %d", f.Key, f.Reason, c.failure[f.Key])
				}
			}
			if kv, _ := s.Get("default", old.ID); kv.Value != c.dup {
				t.Fatalf("duplicate holds %q, want %q", kv.Value, c.dup)
			}
		})
	}
}

func TestImportAndExportRefuseBadRequests(t *testing.T) {
	s, st := newTestService(t)
	kv := create(t, s, "k", "v", map[string]string{"env": "dev"})
	before := st.Revision()
	if _, err := ParseOverride("merge"); registry.KindOf(err) != registry.KindInvalid {
		t.Fatalf("bad override: %v", err)
	}
	if _, err := s.Import(context.Background(), "a/b", OverrideForce, []ImportItem{{Key: "x"}}); err == nil {
		t.Fatal("bad project imported")
	}
	if _, err := s.Import(context.Background(), "default", OverrideForce, make([]ImportItem, MaxImport+1)); err == nil {
		t.Fatal("too many items imported")
	}
	if st.Revision() != before {
		t.Fatal("a refused import wrote")
	}
	if _, err := s.Export("default", nil, &Query{}); registry.KindOf(err) != registry.KindInvalid {
		t.Fatalf("no ids: %v", err)
	}
	if _, err := s.Export("default", []string{kv.ID, "nope"}, &Query{}); registry.KindOf(err) != registry.KindNotFound {
		t.Fatalf("unknown id: %v", err)
	}
	got, err := s.Export("default", []string{kv.ID, kv.ID}, &Query{Labels: map[string]string{"env": "dev"}})
	if err != nil || len(got) != 1 {
		t.Fatalf("export: %v %v", got, err)
	}
	if got, _ := s.Export("default", []string{kv.ID}, &Query{Labels: map[string]string{"env": "prod"}}); len(got) != 0 {
		t.Fatalf("label filter ignored: %v", got)
	}
}
