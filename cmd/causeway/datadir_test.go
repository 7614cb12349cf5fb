package main

import (
	"context"
	"io"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"testing"

	"github.com/causeway-dev/causeway/registry/auth"
)

// The store's files (the signing secret and password hashes among them)
// are readable by the server's user alone, both those Badger creates and
// those an older version left 0644 (issue 17 finding 8).
func TestDataFilesArePrivate(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "data")
	if err := os.MkdirAll(filepath.Join(dir, "old"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "old", "000001.vlog"), []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	st, err := openStore(config{DataDir: dir, Store: "badger"}, log)
	if err != nil {
		t.Fatal(err)
	}
	// Write the secret and a password hash, as serve's bootstrap does.
	if _, err := auth.New(st, auth.Options{Logger: log}).Bootstrap(context.Background(), "s3cret-password"); err != nil {
		t.Fatal(err)
	}
	if err := st.Close(); err != nil {
		t.Fatal(err)
	}
	files := 0
	err = filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		info, err := d.Info()
		if err != nil {
			return err
		}
		want := dataFileMode
		if d.IsDir() {
			want = dataDirMode
		} else {
			files++
		}
		if got := info.Mode().Perm(); got != want {
			t.Errorf("%s is %v, want %v", path, got, want)
		}
		return nil
	})
	if err != nil || files < 3 {
		t.Fatalf("walked %d files: %v", files, err)
	}
}
