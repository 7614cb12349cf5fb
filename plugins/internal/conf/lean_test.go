//go:build !wasm

package conf

import (
	"encoding/binary"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// heavy are packages whose code a shipped module must not link: with them
// a module had a third more code, and Envoy compiles every byte of it
// before a new plugin is in force. The SDK imports fmt, so the import
// graph cannot tell; the linked functions' names can.
var heavy = []string{"fmt.", "encoding/json.", "reflect.", "net/url."}

// always are the heavy packages' functions a module links however little
// it uses them: reflect's package init (the SDK imports fmt, which imports
// reflect) and the runtime's assembly entries into reflect.
var always = map[string]bool{"reflect.init": true, "reflect.methodValueCall": true, "reflect.call": true}

// The shipped modules (make plugins, then PLUGINS_WASM_DIR=build/plugins)
// link none of the heavy packages.
func TestShippedModulesStayLean(t *testing.T) {
	dir := os.Getenv("PLUGINS_WASM_DIR")
	if dir == "" {
		t.Skip("PLUGINS_WASM_DIR is unset: no built modules to check")
	}
	mods, _ := filepath.Glob(filepath.Join(dir, "*.wasm"))
	if len(mods) == 0 {
		t.Fatalf("no modules in %s", dir)
	}
	for _, m := range mods {
		b, err := os.ReadFile(m)
		if err != nil {
			t.Fatal(err)
		}
		names, err := functionNames(b)
		if err != nil {
			t.Fatalf("%s: %v", m, err)
		}
		if len(names) == 0 {
			t.Fatalf("%s has no function names to check (built with -s?)", m)
		}
		linked := map[string]int{}
		for _, n := range names {
			for _, h := range heavy {
				if strings.HasPrefix(n, h) && !always[n] {
					linked[strings.TrimSuffix(h, ".")]++
				}
			}
		}
		if len(linked) > 0 {
			t.Errorf("%s links %v (functions per package): build messages with conf.Wrap, conf.Index and strconv, and read configurations with conf", filepath.Base(m), linked)
		}
	}
}

// functionNames reads the function names of a module's "name" custom
// section.
func functionNames(b []byte) ([]string, error) {
	if len(b) < 8 || string(b[:4]) != "\x00asm" {
		return nil, errors.New("not a wasm module")
	}
	uleb := func(p []byte) (uint64, []byte, error) {
		v, n := binary.Uvarint(p)
		if n <= 0 {
			return 0, nil, errors.New("bad LEB128")
		}
		return v, p[n:], nil
	}
	for p := b[8:]; len(p) > 0; {
		id := p[0]
		size, rest, err := uleb(p[1:])
		if err != nil || size > uint64(len(rest)) {
			return nil, errors.New("bad section")
		}
		sec, next := rest[:size], rest[size:]
		p = next
		if id != 0 {
			continue
		}
		l, s, err := uleb(sec)
		if err != nil || l > uint64(len(s)) || string(s[:l]) != "name" {
			continue
		}
		for s = s[l:]; len(s) > 0; {
			sub := s[0]
			n, r, err := uleb(s[1:])
			if err != nil || n > uint64(len(r)) {
				return nil, errors.New("bad name section")
			}
			body := r[:n]
			s = r[n:]
			if sub != 1 {
				continue
			}
			count, q, err := uleb(body)
			if err != nil {
				return nil, err
			}
			names := make([]string, 0, count)
			for range count {
				if _, q, err = uleb(q); err != nil {
					return nil, err
				}
				var nl uint64
				if nl, q, err = uleb(q); err != nil || nl > uint64(len(q)) {
					return nil, errors.New("bad function name")
				}
				names, q = append(names, string(q[:nl])), q[nl:]
			}
			return names, nil
		}
	}
	return nil, nil
}
