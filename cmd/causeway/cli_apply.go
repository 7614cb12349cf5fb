package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/causeway-dev/causeway/client"
)

// stringList is a repeatable flag (-f a.yaml -f b.yaml).
type stringList []string

func (l *stringList) String() string     { return strings.Join(*l, ",") }
func (l *stringList) Set(v string) error { *l = append(*l, v); return nil }

// cliApply: causeway apply -f file.yaml|dir|- [--dry-run].
func cliApply(args []string) int { return applyOrDelete("apply", args) }

// cliDelete: causeway delete -f file.yaml|dir|- [--dry-run].
func cliDelete(args []string) int { return applyOrDelete("delete", args) }

func applyOrDelete(name string, args []string) int {
	fs := newFlagSet(name, name+" -f file.yaml|dir|- [-f ...] [--dry-run]")
	s := sessionFlags(fs)
	var files stringList
	fs.Var(&files, "f", "manifest file, directory of *.yaml/*.yml/*.json files, or - for stdin (repeatable)")
	fs.Var(&files, "filename", "same as -f")
	dryRun := fs.Bool("dry-run", false, "write nothing; show what would change (apply: a diff per object)")
	pos, err := parseInterleaved(fs, args)
	if err != nil {
		return parseFailed(err)
	}
	if len(pos) > 0 || len(files) == 0 {
		fmt.Fprintf(os.Stderr, "causeway %s: want -f file.yaml|dir|-, and no arguments\n", name)
		return exitUsage
	}
	docs, err := readManifests(files, s.stdin)
	if err == nil {
		err = client.CheckSet(docs)
	}
	if err != nil {
		fmt.Fprintf(os.Stderr, "causeway %s: %v\n", name, err)
		return exitUsage
	}
	return s.run(func(ctx context.Context, c *client.Client) int {
		var results []client.Result
		if name == "apply" {
			results = c.Apply(ctx, docs, *dryRun)
		} else {
			results = c.Delete(ctx, docs, *dryRun)
		}
		return printResults(s, results, *dryRun)
	})
}

// printResults prints "kind/name action" per object, kubectl style, and
// each failure with the server's message; any failure exits 1.
func printResults(s *session, results []client.Result, dryRun bool) int {
	code := exitOK
	suffix := ""
	if dryRun {
		suffix = " (dry run)"
	}
	for _, r := range results {
		if r.Err != nil {
			code = s.fail(r.Err)
			continue
		}
		fmt.Fprintf(s.out, "%s %s%s\n", r.Doc, r.Action, suffix)
		if r.Diff != "" {
			fmt.Fprint(s.out, r.Diff)
		}
	}
	return code
}

// readManifests reads every document of every -f: a file, a directory's
// manifest files in name order (not recursive), or stdin.
func readManifests(files []string, stdin io.Reader) ([]client.Document, error) {
	var docs []client.Document
	for _, f := range files {
		paths, err := manifestPaths(f)
		if err != nil {
			return nil, err
		}
		for _, p := range paths {
			var b []byte
			if p == "-" {
				b, err = io.ReadAll(stdin)
			} else {
				b, err = os.ReadFile(p)
			}
			if err != nil {
				return nil, fmt.Errorf("read %s: %w", p, err)
			}
			d, err := client.ParseManifest(bytes.NewReader(b), p)
			if err != nil {
				return nil, err
			}
			docs = append(docs, d...)
		}
	}
	if len(docs) == 0 {
		return nil, fmt.Errorf("no documents in %s", strings.Join(files, ", "))
	}
	return docs, nil
}

func manifestPaths(f string) ([]string, error) {
	if f == "-" {
		return []string{"-"}, nil
	}
	st, err := os.Stat(f)
	if err != nil {
		return nil, err
	}
	if !st.IsDir() {
		return []string{f}, nil
	}
	entries, err := os.ReadDir(f)
	if err != nil {
		return nil, err
	}
	var out []string
	for _, e := range entries {
		switch filepath.Ext(e.Name()) {
		case ".yaml", ".yml", ".json":
			if !e.IsDir() {
				out = append(out, filepath.Join(f, e.Name()))
			}
		}
	}
	sort.Strings(out)
	return out, nil
}
