package config

import (
	"context"
	"strconv"
	"strings"
	"testing"

	"github.com/causeway-dev/causeway/registry"
	"github.com/causeway-dev/causeway/registry/store/enginetest"
)

func TestPublishGetDelete(t *testing.T) {
	s, _ := newTestService(t)
	ctx := context.Background()
	c, err := s.Publish(ctx, PublishInput{Group: "G", DataID: "app.yaml", Content: "a: 1", Type: "yaml",
		AppName: "app", SrcUser: "alice", ConfigTags: "x,y", Desc: "d"})
	if err != nil {
		t.Fatal(err)
	}
	if c.MD5 != MD5Hex("a: 1") || c.Type != "yaml" || c.Tenant != "public" || c.CreatedAt == 0 {
		t.Fatalf("published %+v", c)
	}
	// "" and "public" are one namespace.
	got, err := s.Get("public", "G", "app.yaml")
	if err != nil || got.Content != "a: 1" || got.SrcUser != "alice" || got.ConfigTags != "x,y" {
		t.Fatalf("get: %+v %v", got, err)
	}
	c2 := publish(t, s, "", "G", "app.yaml", "a: 2")
	if c2.CreatedAt != c.CreatedAt || c2.MD5 != MD5Hex("a: 2") || c2.Type != "text" {
		t.Fatalf("update %+v", c2)
	}
	if err := s.Delete(ctx, "", "G", "app.yaml", "bob"); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Get("", "G", "app.yaml"); registry.KindOf(err) != registry.KindNotFound {
		t.Fatalf("after delete: %v", err)
	}
	// Deleting what is not there succeeds and writes nothing.
	if err := s.Delete(ctx, "", "G", "app.yaml", "bob"); err != nil {
		t.Fatal(err)
	}
}

func TestHistoryOps(t *testing.T) {
	s, _ := newTestService(t)
	ctx := context.Background()
	publish(t, s, "ns1", "G", "d", "v1")
	publish(t, s, "ns1", "G", "d", "v2")
	if err := s.Delete(ctx, "ns1", "G", "d", "bob"); err != nil {
		t.Fatal(err)
	}
	page, err := s.ListHistory(ctx, "ns1", "G", "d", 1, 10)
	if err != nil {
		t.Fatal(err)
	}
	if page.TotalCount != 3 || len(page.Items) != 3 {
		t.Fatalf("page %+v", page)
	}
	// Newest first: D keeps v2, U keeps v1, I has v1.
	want := []struct {
		op      Op
		content string
	}{{OpDelete, "v2"}, {OpUpdate, "v1"}, {OpInsert, "v1"}}
	for i, w := range want {
		h := page.Items[i]
		if h.Content != "" {
			t.Fatalf("list item %d has content %q", i, h.Content)
		}
		h, err := s.GetHistory(ctx, h.NID)
		if err != nil || h.Op != w.op || h.Content != w.content || h.MD5 != MD5Hex(w.content) || h.Tenant != "ns1" {
			t.Fatalf("item %d: %+v, want %v %q", i, h, w.op, w.content)
		}
		if i > 0 && h.NID >= page.Items[i-1].NID {
			t.Fatalf("nids not increasing: %d then %d", h.NID, page.Items[i-1].NID)
		}
	}
	if page.Items[0].SrcUser != "bob" {
		t.Fatalf("src user %q", page.Items[0].SrcUser)
	}
	h, err := s.GetHistory(ctx, page.Items[1].NID)
	if err != nil || h.Op != OpUpdate {
		t.Fatalf("get history: %+v %v", h, err)
	}
	if _, err := s.GetHistory(ctx, 999999); registry.KindOf(err) != registry.KindNotFound {
		t.Fatalf("missing nid: %v", err)
	}
	if p2, _ := s.ListHistory(ctx, "ns1", "G", "d", 2, 2); len(p2.Items) != 1 || p2.PagesAvailable != 2 {
		t.Fatalf("page 2: %+v", p2)
	}
	// Nacos lowers a page size over 500 and refuses non-positive ones.
	if p, err := s.ListHistory(ctx, "ns1", "G", "d", 1, 501); err != nil || len(p.Items) != 3 {
		t.Fatalf("page size 501: %+v %v", p, err)
	}
	for _, bad := range [][2]int{{0, 10}, {1, 0}, {1, -1}} {
		if _, err := s.ListHistory(ctx, "ns1", "G", "d", bad[0], bad[1]); registry.KindOf(err) != registry.KindInvalid ||
			err.Error() != "pageNo and pageSize must be greater than zero" {
			t.Fatalf("page %v: %v", bad, err)
		}
	}
}

// TestPreviousByConfigID: the config id survives updates, a re-created
// config gets a new one, and previous answers the newest record of an id.
func TestPreviousByConfigID(t *testing.T) {
	s, _ := newTestService(t)
	ctx := context.Background()
	first := publish(t, s, "", "G", "d", "v1")
	second := publish(t, s, "", "G", "d", "v2")
	if first.ID == 0 || second.ID != first.ID {
		t.Fatalf("ids %d then %d: want one stable id", first.ID, second.ID)
	}
	prev, err := s.PreviousHistory(ctx, first.ID)
	if err != nil || prev.Op != OpUpdate || prev.Content != "v1" || prev.ConfigID != first.ID {
		t.Fatalf("previous after update: %+v %v", prev, err)
	}
	if err := s.Delete(ctx, "", "G", "d", ""); err != nil {
		t.Fatal(err)
	}
	third := publish(t, s, "", "G", "d", "v3")
	if third.ID == first.ID {
		t.Fatalf("re-created config kept id %d", third.ID)
	}
	if prev, err = s.PreviousHistory(ctx, first.ID); err != nil || prev.Op != OpDelete || prev.Content != "v2" {
		t.Fatalf("previous of deleted id: %+v %v", prev, err)
	}
	if prev, err = s.PreviousHistory(ctx, third.ID); err != nil || prev.Op != OpInsert || prev.Content != "v3" {
		t.Fatalf("previous of new id: %+v %v", prev, err)
	}
	if _, err := s.PreviousHistory(ctx, 424242); registry.KindOf(err) != registry.KindNotFound {
		t.Fatalf("unknown id: %v", err)
	}
}

func TestValidationWritesNothing(t *testing.T) {
	s, st := newTestService(t)
	long := func(n int) string { return strings.Repeat("a", n) }
	cases := []struct {
		name string
		in   PublishInput
		kind registry.Kind
		msg  string
	}{
		{"no dataId", PublishInput{Group: "G", Content: "c"}, registry.KindMissing, ""},
		{"bad dataId", PublishInput{Group: "G", DataID: "a/b", Content: "c"}, registry.KindInvalid, "invalid dataId : a/b"},
		{"space dataId", PublishInput{Group: "G", DataID: "a b", Content: "c"}, registry.KindInvalid, "invalid dataId : a b"},
		{"long dataId", PublishInput{Group: "G", DataID: long(257), Content: "c"}, registry.KindInvalid, "too long dataId, over 256"},
		{"no group", PublishInput{DataID: "d", Content: "c"}, registry.KindMissing, ""},
		{"bad group", PublishInput{Group: "G?", DataID: "d", Content: "c"}, registry.KindInvalid, "invalid group : G?"},
		{"long group", PublishInput{Group: long(129), DataID: "d", Content: "c"}, registry.KindInvalid, "too long group, over 128"},
		{"bad tenant", PublishInput{Tenant: "n s", Group: "G", DataID: "d", Content: "c"}, registry.KindInvalid, "invalid tenant"},
		{"long tenant", PublishInput{Tenant: long(129), Group: "G", DataID: "d", Content: "c"}, registry.KindInvalid, "too long tenant, over 128"},
		{"blank content", PublishInput{Group: "G", DataID: "d", Content: "  "}, registry.KindInvalid, "content is blank :   "},
		{"big content", PublishInput{Group: "G", DataID: "d", Content: long(10<<20 + 1)}, registry.KindInvalid, "invalid content, over 10485760"},
		// Nacos counts Java chars: one outside the BMP is two.
		{"big astral content", PublishInput{Group: "G", DataID: "d", Content: strings.Repeat("😀", 5<<20) + "a"}, registry.KindInvalid, "invalid content, over 10485760"},
		{"six tags", PublishInput{Group: "G", DataID: "d", Content: "c", ConfigTags: "a,b,c,d,e,f"}, registry.KindInvalid, "too much config_tags, over 5"},
		{"long tag", PublishInput{Group: "G", DataID: "d", Content: "c", ConfigTags: long(65)}, registry.KindInvalid, "too long tag, over 64"},
		{"long desc", PublishInput{Group: "G", DataID: "d", Content: "c", Desc: long(129)}, registry.KindInvalid, "too long desc, over 128"},
	}
	before := enginetest.State(t, st)
	for _, c := range cases {
		_, err := s.Publish(context.Background(), c.in)
		if registry.KindOf(err) != c.kind || (c.msg != "" && err.Error() != c.msg) {
			t.Errorf("%s: got %v (kind %d), want kind %d %q", c.name, err, registry.KindOf(err), c.kind, c.msg)
		}
	}
	if enginetest.State(t, st) != before {
		t.Fatal("bad input wrote")
	}
	// The limits themselves are fine; unicode letters are letters.
	publish(t, s, long(128), long(128), long(256), long(10<<20))
	publish(t, s, "", "G", "astral", strings.Repeat("😀", 5<<20))
	publish(t, s, "", "组", "配置-1_a.b:c", "c")
}

func TestMaxContentOption(t *testing.T) {
	s, _ := newTestService(t)
	s.opts.MaxContentBytes = 4
	if _, err := s.Publish(context.Background(), PublishInput{Group: "G", DataID: "d", Content: "12345"}); err == nil {
		t.Fatal("5 bytes over a 4-byte limit accepted")
	}
}

func TestReloadFromStore(t *testing.T) {
	s, st := newTestService(t)
	publish(t, s, "", "G", "d", "persisted")
	s2, err := New(context.Background(), st, Options{Logger: quietLogger()})
	if err != nil {
		t.Fatal(err)
	}
	defer s2.Close()
	if c, err := s2.Get("", "G", "d"); err != nil || c.Content != "persisted" {
		t.Fatalf("reload: %+v %v", c, err)
	}
}

func TestCountPerNamespace(t *testing.T) {
	s, _ := newTestService(t)
	publish(t, s, "", "G", "a", "1")
	publish(t, s, "public", "G", "b", "1")
	publish(t, s, "public", "G", "b", "2") // an update is not a new config
	publish(t, s, "dev", "G", "a", "1")
	if err := s.Delete(context.Background(), "dev", "G", "a", ""); err != nil {
		t.Fatal(err)
	}
	for ns, want := range map[string]int{"": 2, "public": 2, "dev": 0, "nope": 0} {
		if got := s.Count(ns); got != want {
			t.Fatalf("Count(%q) = %d, want %d", ns, got, want)
		}
	}
}

// A compare-and-set publish happens only while the stored md5 is the
// given one; a missing config never matches.
func TestPublishCompareAndSet(t *testing.T) {
	s, _ := newTestService(t)
	ctx := context.Background()
	in := PublishInput{Group: "g", DataID: "cas.yaml", Content: "a: 1", CasMD5: MD5Hex("a: 1")}
	if _, err := s.Publish(ctx, in); registry.KindOf(err) != registry.KindConflict {
		t.Fatalf("cas publish of a missing config: %v", err)
	}
	in.CasMD5 = ""
	if _, err := s.Publish(ctx, in); err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		cas  string
		want bool
	}{{MD5Hex("other"), false}, {MD5Hex("a: 1"), true}, {MD5Hex("a: 1"), false}}
	for i, c := range cases {
		in.Content, in.CasMD5 = "a: "+strconv.Itoa(i+2), c.cas
		_, err := s.Publish(ctx, in)
		if (err == nil) != c.want {
			t.Fatalf("cas %d (%s): %v, want success %v", i, c.cas, err, c.want)
		}
		if err != nil && err.Error() != "Cas publish fail, server md5 may have changed." {
			t.Fatalf("cas failure text: %v", err)
		}
	}
	if got, _ := s.Get("", "g", "cas.yaml"); got.Content != "a: 3" {
		t.Fatalf("content after the compare-and-sets: %q", got.Content)
	}
}
