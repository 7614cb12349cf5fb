package main

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
)

// The data directory holds the token signing secret and the password
// hashes: only the server's user may read it (issue 17 finding 8: Badger
// created its files 0644).
const (
	dataDirMode  fs.FileMode = 0o700
	dataFileMode fs.FileMode = 0o600
)

// prepareDataDir makes dir private: it sets the process umask so that
// every file Badger creates from now on (tables and logs rotate while
// serving) is 0600, creates dir 0700, and tightens what an older version
// left readable.
func prepareDataDir(dir string) error {
	restrictUmask()
	if err := os.MkdirAll(dir, dataDirMode); err != nil {
		return fmt.Errorf("create data dir: %w", err)
	}
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		mode := dataFileMode
		if d.IsDir() {
			mode = dataDirMode
		}
		return os.Chmod(path, mode)
	})
	if err != nil {
		return fmt.Errorf("restrict data dir permissions: %w", err)
	}
	return nil
}
