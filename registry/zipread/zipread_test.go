package zipread

import (
	"archive/zip"
	"bytes"
	"errors"
	"testing"
)

func archive(t testing.TB, entries map[string]int) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for name, n := range entries {
		w, err := zw.Create(name)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.Write(make([]byte, n)); err != nil {
			t.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// readAll opens data and reads every entry, answering the first error.
func readAll(data []byte, lim Limits) error {
	r, err := Open(data, lim)
	if err != nil {
		return err
	}
	for _, f := range r.Files {
		if _, err := r.Read(f); err != nil {
			return err
		}
	}
	return nil
}

// Each limit refuses what is over it (and no more).
func TestLimits(t *testing.T) {
	two := archive(t, map[string]int{"a": 600, "b": 600})
	cases := []struct {
		name string
		data []byte
		lim  Limits
		want string // LimitError.What, "" for none, "corrupt"
	}{
		{"within", two, Limits{Archive: 1 << 20, Entries: 2, Entry: 600, Expanded: 1200}, ""},
		{"archive", two, Limits{Archive: int64(len(two)) - 1}, "archive"},
		{"entries", two, Limits{Entries: 1}, "entries"},
		{"entry", two, Limits{Entry: 599}, "entry"},
		{"expanded", two, Limits{Expanded: 1199}, "expanded"},
		{"bomb", archive(t, map[string]int{"z": 32 << 20}), Limits{Entry: 1 << 20, Expanded: 4 << 20}, "entry"},
		{"corrupt", []byte("PK\x03\x04 not a zip"), Limits{}, "corrupt"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			err := readAll(tc.data, tc.lim)
			var le *LimitError
			switch {
			case tc.want == "" && err != nil:
				t.Fatal(err)
			case tc.want == "corrupt" && !errors.Is(err, ErrCorrupt):
				t.Fatalf("got %v, want ErrCorrupt", err)
			case tc.want != "" && tc.want != "corrupt" && (!errors.As(err, &le) || le.What != tc.want):
				t.Fatalf("got %v, want a %s limit", err, tc.want)
			}
		})
	}
}

// FuzzRead: any input is read within its limits or refused, never more.
func FuzzRead(f *testing.F) {
	f.Add(archive(f, map[string]int{"a": 10, "b/c": 100}))
	f.Add([]byte("PK\x05\x06"))
	f.Fuzz(func(t *testing.T, data []byte) {
		lim := Limits{Archive: 1 << 20, Entries: 16, Entry: 4 << 10, Expanded: 16 << 10}
		r, err := Open(data, lim)
		if err != nil {
			return
		}
		var total int
		for _, f := range r.Files {
			b, err := r.Read(f)
			if err != nil {
				return
			}
			total += len(b)
			if len(b) > int(lim.Entry) || total > int(lim.Expanded) {
				t.Fatalf("read past the limits: %d, %d", len(b), total)
			}
		}
	})
}
