package kie

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/causeway-dev/causeway/registry"
	"github.com/causeway-dev/causeway/registry/store"
	"github.com/causeway-dev/causeway/registry/store/enginetest"
)

func TestCreateGetUpdateDelete(t *testing.T) {
	s, _ := newTestService(t)
	ctx := context.Background()
	kv := create(t, s, "timeout", "3s", map[string]string{"app": "shop", "env": ""})
	if len(kv.ID) != 36 || kv.ValueType != TypeText || kv.Status != StatusEnabled || kv.CreateRevision == 0 ||
		kv.UpdateRevision != kv.CreateRevision || s.Revision("default") != kv.UpdateRevision {
		t.Fatalf("created %+v, project revision %d", kv, s.Revision("default"))
	}
	got, err := s.Get("default", kv.ID)
	if err != nil || got.Value != "3s" {
		t.Fatalf("get: %+v %v", got, err)
	}
	up, err := s.Update(ctx, UpdateInput{Project: "default", ID: kv.ID, Value: ptr("5s"), Status: ptr(StatusDisabled)})
	if err != nil || up.Value != "5s" || up.Status != StatusDisabled || up.UpdateRevision <= kv.UpdateRevision ||
		up.CreateRevision != kv.CreateRevision || s.Revision("default") != up.UpdateRevision {
		t.Fatalf("update: %+v %v", up, err)
	}
	if err := s.Delete(ctx, "default", kv.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Get("default", kv.ID); registry.KindOf(err) != registry.KindNotFound {
		t.Fatalf("get after delete: %v", err)
	}
	if s.Revision("default") <= up.UpdateRevision {
		t.Fatal("a delete did not advance the project revision")
	}
	// The identity is free again.
	create(t, s, "timeout", "again", map[string]string{"app": "shop", "env": ""})
}

func TestUniquenessOfKeyAndLabels(t *testing.T) {
	s, st := newTestService(t)
	create(t, s, "k", "v", map[string]string{"a": "1", "b": "2"})
	create(t, s, "k", "v", map[string]string{"a": "1"})                                                // another label set
	create(t, s, "k", "v", nil)                                                                        // no labels
	if _, err := s.Create(context.Background(), CreateInput{Project: "other", Key: "k"}); err != nil { // another project
		t.Fatal(err)
	}
	before := st.Revision()
	_, err := s.Create(context.Background(), CreateInput{Project: "default", Key: "k", Labels: map[string]string{"b": "2", "a": "1"}})
	if registry.KindOf(err) != registry.KindConflict {
		t.Fatalf("duplicate: %v", err)
	}
	if st.Revision() != before {
		t.Fatal("a refused create wrote")
	}
}

func TestBadInputWritesNothing(t *testing.T) {
	s, st := newTestService(t)
	kv := create(t, s, "k", "v", nil)
	seven := map[string]string{}
	for _, c := range "abcdefg" {
		seven[string(c)] = "x"
	}
	creates := []struct {
		name string
		in   CreateInput
		kind registry.Kind
	}{
		{"no key", CreateInput{Project: "default"}, registry.KindInvalid},
		{"bad key", CreateInput{Project: "default", Key: "a/b"}, registry.KindInvalid},
		{"long key", CreateInput{Project: "default", Key: strings.Repeat("k", MaxKeyBytes+1)}, registry.KindInvalid},
		{"7 labels", CreateInput{Project: "default", Key: "k2", Labels: seven}, registry.KindInvalid},
		{"bad label name", CreateInput{Project: "default", Key: "k2", Labels: map[string]string{"a b": "x"}}, registry.KindInvalid},
		{"bad label value", CreateInput{Project: "default", Key: "k2", Labels: map[string]string{"a": "x/y"}}, registry.KindInvalid},
		{"big value", CreateInput{Project: "default", Key: "k2", Value: strings.Repeat("v", MaxValueBytes+1)}, registry.KindInvalid},
		{"bad type", CreateInput{Project: "default", Key: "k2", ValueType: "toml"}, registry.KindInvalid},
		{"bad status", CreateInput{Project: "default", Key: "k2", Status: "on"}, registry.KindInvalid},
		{"bad project", CreateInput{Project: "a/b", Key: "k2"}, registry.KindInvalid},
		{"duplicate", CreateInput{Project: "default", Key: "k"}, registry.KindConflict},
	}
	before := st.Revision()
	for _, c := range creates {
		if _, err := s.Create(context.Background(), c.in); registry.KindOf(err) != c.kind {
			t.Errorf("%s: %v (kind %d), want kind %d", c.name, err, registry.KindOf(err), c.kind)
		}
	}
	updates := []struct {
		name string
		in   UpdateInput
		kind registry.Kind
	}{
		{"nothing", UpdateInput{Project: "default", ID: kv.ID}, registry.KindInvalid},
		{"unknown", UpdateInput{Project: "default", ID: "nope", Value: ptr("x")}, registry.KindNotFound},
		{"big", UpdateInput{Project: "default", ID: kv.ID, Value: ptr(strings.Repeat("v", MaxValueBytes+1))}, registry.KindInvalid},
		{"bad status", UpdateInput{Project: "default", ID: kv.ID, Status: ptr("off")}, registry.KindInvalid},
		{"bad type", UpdateInput{Project: "default", ID: kv.ID, ValueType: ptr("csv")}, registry.KindInvalid},
		{"rename", UpdateInput{Project: "default", ID: kv.ID, Key: "other", Value: ptr("x")}, registry.KindInvalid},
		{"relabel", UpdateInput{Project: "default", ID: kv.ID, Labels: map[string]string{"a": "b"}, Value: ptr("x")}, registry.KindInvalid},
	}
	for _, c := range updates {
		if _, err := s.Update(context.Background(), c.in); registry.KindOf(err) != c.kind {
			t.Errorf("%s: %v (kind %d), want kind %d", c.name, err, registry.KindOf(err), c.kind)
		}
	}
	if err := s.Delete(context.Background(), "default", "nope"); registry.KindOf(err) != registry.KindNotFound {
		t.Errorf("delete unknown: %v", err)
	}
	if err := s.DeleteMany(context.Background(), "default", nil); registry.KindOf(err) != registry.KindInvalid {
		t.Errorf("delete none: %v", err)
	}
	if st.Revision() != before {
		t.Fatalf("bad input wrote: revision %d → %d", before, st.Revision())
	}
	// The limits themselves are fine.
	create(t, s, strings.Repeat("k", MaxKeyBytes), strings.Repeat("v", MaxValueBytes),
		map[string]string{"a": "1", "b": "", "c": "3", "d": "4", "e": "5", strings.Repeat("f", 32): strings.Repeat("x", 160)})
}

func TestDeleteMany(t *testing.T) {
	s, _ := newTestService(t)
	a, b, c := create(t, s, "a", "1", nil), create(t, s, "b", "1", nil), create(t, s, "c", "1", nil)
	if err := s.DeleteMany(context.Background(), "default", []string{a.ID, "missing", b.ID, a.ID}); err != nil {
		t.Fatal(err)
	}
	kvs, _, _ := s.List("default", &Query{})
	if len(kvs) != 1 || kvs[0].ID != c.ID {
		t.Fatalf("left %+v", kvs)
	}
	if err := s.DeleteMany(context.Background(), "default", []string{"missing"}); registry.KindOf(err) != registry.KindNotFound {
		t.Fatalf("only missing ids: %v", err)
	}
}

func TestListFilters(t *testing.T) {
	s, _ := newTestService(t)
	create(t, s, "app.timeout", "1", map[string]string{"app": "shop", "env": "prod"})
	create(t, s, "app.retries", "1", map[string]string{"app": "shop"})
	create(t, s, "db.url", "1", map[string]string{"app": "shop", "env": "prod", "v": "1"})
	dis, _ := s.Create(context.Background(), CreateInput{Project: "default", Key: "app.off", Status: StatusDisabled,
		Labels: map[string]string{"app": "shop"}})
	shop := map[string]string{"app": "shop"}
	cases := []struct {
		name string
		q    Query
		want []string
	}{
		{"all", Query{}, []string{"app.off", "app.retries", "app.timeout", "db.url"}},
		{"contains", Query{Labels: map[string]string{"env": "prod"}}, []string{"app.timeout", "db.url"}},
		{"exact", Query{Labels: shop, Match: MatchExact}, []string{"app.off", "app.retries"}},
		{"exact key", Query{Labels: shop, Match: MatchExact, Key: KeyFilter{KeyExact, "app.retries"}}, []string{"app.retries"}},
		{"beginWith", Query{Key: KeyFilter{KeyBeginWith, "app."}}, []string{"app.off", "app.retries", "app.timeout"}},
		{"wildcard", Query{Key: KeyFilter{KeyWildcard, "*.t*t"}}, []string{"app.timeout"}},
		{"disabled", Query{Status: StatusDisabled}, []string{"app.off"}},
		{"enabled", Query{Status: StatusEnabled, Labels: shop, Match: MatchExact}, []string{"app.retries"}},
		{"none", Query{Labels: map[string]string{"app": "other"}}, nil},
	}
	for _, c := range cases {
		kvs, rev, err := s.List("default", &c.q)
		var got []string
		for _, kv := range kvs {
			got = append(got, kv.Key)
		}
		if err != nil || strings.Join(got, ",") != strings.Join(c.want, ",") || rev != dis.UpdateRevision {
			t.Errorf("%s: %v rev %d %v, want %v", c.name, got, rev, err, c.want)
		}
	}
	if kvs, rev, _ := s.List("empty", &Query{}); len(kvs) != 0 || rev != 0 {
		t.Fatalf("empty project: %v %d", kvs, rev)
	}
}

func TestReloadFromStore(t *testing.T) {
	s, st := newTestService(t)
	kv := create(t, s, "k", "persisted", map[string]string{"a": "1"})
	s2, err := New(context.Background(), st, Options{Logger: quietLogger()})
	if err != nil {
		t.Fatal(err)
	}
	defer s2.Close()
	got, err := s2.Get("default", kv.ID)
	if err != nil || got.Value != "persisted" || got.UpdateRevision != kv.UpdateRevision || s2.Revision("default") != kv.UpdateRevision {
		t.Fatalf("reload: %+v %v", got, err)
	}
	if _, err := s2.Create(context.Background(), CreateInput{Project: "default", Key: "k", Labels: map[string]string{"a": "1"}}); registry.KindOf(err) != registry.KindConflict {
		t.Fatalf("uniqueness after reload: %v", err)
	}
}

func TestEscapedKeysCannotForge(t *testing.T) {
	r := Ref{Project: "a/b", ID: "c"}
	if got, ok := parseKVKey(kvKey(r)); !ok || got != r {
		t.Fatalf("round trip %v → %q → %v", r, kvKey(r), got)
	}
	if kvKey(Ref{Project: "a", ID: "b/c"}) == kvKey(Ref{Project: "a/b", ID: "c"}) {
		t.Fatal("two refs share a store key")
	}
	if _, ok := parseKVKey(kvPrefix + "a/b/c"); ok {
		t.Fatal("a key with an extra part parsed")
	}
}

// DeleteMany is one transaction: beyond what the store's transactions hold
// (etcd's 128 ops: 63 kvs) it is refused as invalid and deletes nothing.
func TestDeleteManyBeyondTheStoreOpLimit(t *testing.T) {
	s, st := newTestService(t)
	ctx := context.Background()
	var ids []string
	for i := range 100 {
		ids = append(ids, create(t, s, fmt.Sprintf("k%d", i), "v", nil).ID)
	}
	before := enginetest.State(t, st)
	err := s.DeleteMany(ctx, "default", ids)
	if store.LimitsOf(st).Fits(100, 201) {
		if err != nil {
			t.Fatalf("DeleteMany of 100: %v", err)
		}
		return
	}
	if registry.KindOf(err) != registry.KindInvalid {
		t.Fatalf("DeleteMany of 100: %v, want invalid", err)
	}
	if enginetest.State(t, st) != before {
		t.Fatal("a refused DeleteMany wrote")
	}
}
