package tenancy

import (
	"context"
	"io"
	"log/slog"
	"regexp"
	"strings"
	"testing"

	"github.com/causeway-dev/causeway/registry"
	"github.com/causeway-dev/causeway/registry/store"
	"github.com/causeway-dev/causeway/registry/store/badger"
	"github.com/causeway-dev/causeway/registry/store/enginetest"
)

func quiet() *slog.Logger { return slog.New(slog.NewTextHandler(io.Discard, nil)) }

func openStore(t *testing.T, dir string) store.Store {
	t.Helper()
	if dir == "" {
		return enginetest.Open(t, quiet())
	}
	st, err := badger.Open(badger.Options{Dir: dir, Logger: quiet()})
	if err != nil {
		t.Fatal(err)
	}
	return st
}

func newService(t *testing.T, st store.Store, opts Options) *Service {
	t.Helper()
	opts.Logger = quiet()
	s, err := New(context.Background(), st, opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(s.Close)
	return s
}

func newTestService(t *testing.T) (*Service, store.Store) {
	st := openStore(t, "")
	t.Cleanup(func() { _ = st.Close() })
	return newService(t, st, Options{}), st
}

func wantKind(t *testing.T, err error, kind registry.Kind) {
	t.Helper()
	if err == nil || registry.KindOf(err) != kind {
		t.Fatalf("err = %v (kind %d), want kind %d", err, registry.KindOf(err), kind)
	}
}

var uuidPattern = regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$`)

func TestCreateWithAndWithoutID(t *testing.T) {
	s, _ := newTestService(t)
	ctx := context.Background()
	n, err := s.Create(ctx, " dev ", "Dev", "for developers")
	if err != nil {
		t.Fatal(err)
	}
	if n.ID != "dev" || n.Type != TypeCustom || n.Quota != DefaultQuota {
		t.Fatalf("created %+v", n)
	}
	gen, err := s.Create(ctx, "", "Generated", "")
	if err != nil {
		t.Fatal(err)
	}
	if !uuidPattern.MatchString(gen.ID) {
		t.Fatalf("generated id %q is not a UUID", gen.ID)
	}
	got, err := s.Get("dev")
	if err != nil || got.Name != "Dev" || got.Desc != "for developers" {
		t.Fatalf("Get = %+v, %v", got, err)
	}
}

func TestCreateDuplicate(t *testing.T) {
	s, st := newTestService(t)
	ctx := context.Background()
	if _, err := s.Create(ctx, "dev", "Dev", ""); err != nil {
		t.Fatal(err)
	}
	rev := st.Revision()
	_, err := s.Create(ctx, "dev", "Other", "")
	wantKind(t, err, registry.KindNamespaceExists)
	_, err = s.Create(ctx, "public", "Other", "")
	wantKind(t, err, registry.KindNamespaceExists)
	if st.Revision() != rev {
		t.Fatal("a refused create wrote")
	}
}

func TestPublicIsImplicitAndImmutable(t *testing.T) {
	s, st := newTestService(t)
	ctx := context.Background()
	for _, id := range []string{"", "public", " "} {
		n, err := s.Get(id)
		if err != nil || n.ID != PublicID || n.Type != TypeGlobal || n.Desc != PublicDesc {
			t.Fatalf("Get(%q) = %+v, %v", id, n, err)
		}
		_, err = s.Update(ctx, id, "x", "")
		wantKind(t, err, registry.KindNamespace)
		wantKind(t, s.Delete(ctx, id), registry.KindNamespace)
	}
	if kvs, _, _ := st.List(ctx, Prefix); len(kvs) != 0 {
		t.Fatalf("public was stored: %v", kvs)
	}
}

func TestUpdateAndDelete(t *testing.T) {
	s, _ := newTestService(t)
	ctx := context.Background()
	if _, err := s.Create(ctx, "dev", "Dev", "old"); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Update(ctx, "dev", "Dev 2", "new"); err != nil {
		t.Fatal(err)
	}
	if n, _ := s.Get("dev"); n.Name != "Dev 2" || n.Desc != "new" {
		t.Fatalf("after update %+v", n)
	}
	_, err := s.Update(ctx, "nope", "x", "")
	wantKind(t, err, registry.KindNamespaceNotFound)
	if err := s.Delete(ctx, "dev"); err != nil {
		t.Fatal(err)
	}
	_, err = s.Get("dev")
	wantKind(t, err, registry.KindNamespaceNotFound)
	wantKind(t, s.Delete(ctx, "dev"), registry.KindNamespaceNotFound)
}

func TestListOrder(t *testing.T) {
	s, _ := newTestService(t)
	ctx := context.Background()
	for _, id := range []string{"zeta", "alpha", "mid"} {
		if _, err := s.Create(ctx, id, id, ""); err != nil {
			t.Fatal(err)
		}
	}
	var ids []string
	for _, n := range s.List() {
		ids = append(ids, n.ID)
	}
	if got := strings.Join(ids, ","); got != "public,zeta,alpha,mid" {
		t.Fatalf("order %s", got)
	}
}

type fixedCounter map[string]int

func (c fixedCounter) Count(ns string) int { return c[ns] }

func TestConfigCount(t *testing.T) {
	s, _ := newTestService(t)
	if n, _ := s.Get("public"); n.ConfigCount != 0 {
		t.Fatalf("count without counter = %d", n.ConfigCount)
	}
	s.SetCounter(fixedCounter{"public": 3, "dev": 2})
	if _, err := s.Create(context.Background(), "dev", "Dev", ""); err != nil {
		t.Fatal(err)
	}
	l := s.List()
	if l[0].ConfigCount != 3 || l[1].ConfigCount != 2 {
		t.Fatalf("counts %+v", l)
	}
}

func TestValidationWritesNothing(t *testing.T) {
	s, st := newTestService(t)
	ctx := context.Background()
	cases := []struct{ id, name, desc, msg string }{
		{"a b", "n", "", "namespaceId [a b] mismatch the pattern"},
		{"a.b", "n", "", "namespaceId [a.b] mismatch the pattern"},
		{"命名", "n", "", "namespaceId [命名] mismatch the pattern"},
		{strings.Repeat("a", 129), "n", "", "too long namespaceId, over 128"},
		{"ok", "", "", "namespaceName [] contains illegal char"},
		{"ok", "a@b", "", "namespaceName [a@b] contains illegal char"},
		{"ok", "a*", "", "namespaceName [a*] contains illegal char"},
		{"ok", strings.Repeat("n", 129), "", "too long namespaceName, over 128"},
		{"ok", "n", strings.Repeat("d", 257), "too long namespaceDesc, over 256"},
	}
	for _, c := range cases {
		_, err := s.Create(ctx, c.id, c.name, c.desc)
		wantKind(t, err, registry.KindNamespace)
		if err.Error() != c.msg {
			t.Errorf("Create(%q, %q): %q, want %q", c.id, c.name, err, c.msg)
		}
	}
	// Keys, not revisions: on a shared etcd cluster other tests' writes
	// advance the revision.
	if kvs, _, err := st.List(ctx, ""); err != nil || len(kvs) != 0 || len(s.List()) != 1 {
		t.Fatalf("bad input wrote: %d keys, %v", len(kvs), err)
	}
	if _, err := s.Create(ctx, strings.Repeat("a", 128), "名字 ok", strings.Repeat("d", 256)); err != nil {
		t.Fatalf("limits themselves refused: %v", err)
	}
}

func TestReopenFromDisk(t *testing.T) {
	dir := t.TempDir()
	ctx := context.Background()
	st := openStore(t, dir)
	s := newService(t, st, Options{})
	for _, id := range []string{"b", "a"} {
		if _, err := s.Create(ctx, id, "N"+id, "d"+id); err != nil {
			t.Fatal(err)
		}
	}
	s.Close()
	if err := st.Close(); err != nil {
		t.Fatal(err)
	}
	st = openStore(t, dir)
	t.Cleanup(func() { _ = st.Close() })
	s = newService(t, st, Options{Quota: 50})
	l := s.List()
	if len(l) != 3 || l[1].ID != "b" || l[2].ID != "a" || l[2].Desc != "da" || l[2].Quota != 50 {
		t.Fatalf("after reopen %+v", l)
	}
}
