// Package zipread opens an uploaded zip archive in memory within limits:
// the archive's size, how many entries it holds, what one entry and all of
// them expand to. Nothing is written to disk and no entry name is ever
// used as a path: callers get names and bytes. A zip bomb (a small
// archive that expands past the limits, whatever its headers claim) is
// refused while it is read, before its data is used.
//
// It is shared by the config import (registry/config) and the AI
// registry's skill and agent spec uploads (registry/ai).
package zipread

import (
	"archive/zip"
	"bytes"
	"errors"
	"fmt"
	"io"
)

// Limits bound one archive; a zero field is not checked.
type Limits struct {
	Archive  int64 // bytes of the archive as sent
	Entries  int   // entries (directories included)
	Entry    int64 // bytes one entry expands to
	Expanded int64 // bytes all entries expand to together
}

// ErrCorrupt: the data is not a zip archive that can be read.
var ErrCorrupt = errors.New("zipread: not a readable zip archive")

// LimitError says which limit an archive broke.
type LimitError struct {
	What  string // "archive", "entries", "entry", "expanded"
	Limit int64
	Name  string // the entry, for "entry"
}

func (e *LimitError) Error() string {
	switch e.What {
	case "archive":
		return fmt.Sprintf("the archive is over %d bytes", e.Limit)
	case "entries":
		return fmt.Sprintf("the archive has over %d entries", e.Limit)
	case "entry":
		return fmt.Sprintf("entry %q expands to over %d bytes", e.Name, e.Limit)
	}
	return fmt.Sprintf("the archive expands to over %d bytes", e.Limit)
}

// Reader is an opened archive with what is left of its expansion budget.
type Reader struct {
	Files  []*zip.File
	lim    Limits
	budget int64
}

// Open checks the archive's size and entry count and reads its directory.
func Open(data []byte, lim Limits) (*Reader, error) {
	if lim.Archive > 0 && int64(len(data)) > lim.Archive {
		return nil, &LimitError{What: "archive", Limit: lim.Archive}
	}
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return nil, ErrCorrupt
	}
	if lim.Entries > 0 && len(zr.File) > lim.Entries {
		return nil, &LimitError{What: "entries", Limit: int64(lim.Entries)}
	}
	return &Reader{Files: zr.File, lim: lim, budget: lim.Expanded}, nil
}

// IsDir says whether f is a directory entry (which holds no data).
func IsDir(f *zip.File) bool {
	n := f.Name
	return f.FileInfo().IsDir() || (len(n) > 0 && n[len(n)-1] == '/')
}

// Read expands one entry within the per-entry limit and what is left of
// the archive's budget. The sizes the entry's header claims are not
// trusted: the data is counted as it is inflated.
func (r *Reader) Read(f *zip.File) ([]byte, error) {
	max := int64(-1)
	what := ""
	if r.lim.Entry > 0 {
		max, what = r.lim.Entry, "entry"
	}
	if r.lim.Expanded > 0 && (max < 0 || r.budget < max) {
		max, what = r.budget, "expanded"
	}
	rc, err := f.Open()
	if err != nil {
		return nil, ErrCorrupt
	}
	defer rc.Close()
	src := io.Reader(rc)
	if max >= 0 {
		src = io.LimitReader(rc, max+1)
	}
	b, err := io.ReadAll(src)
	if err != nil {
		return nil, ErrCorrupt
	}
	if max >= 0 && int64(len(b)) > max {
		if what == "entry" {
			return nil, &LimitError{What: "entry", Limit: r.lim.Entry, Name: f.Name}
		}
		return nil, &LimitError{What: "expanded", Limit: r.lim.Expanded}
	}
	r.budget -= int64(len(b))
	return b, nil
}
