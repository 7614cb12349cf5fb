package config

import (
	"context"
	"testing"

	"github.com/causeway-dev/causeway/registry"
)

func TestByIDAndDeleteIDs(t *testing.T) {
	s, _ := newTestService(t)
	a := publish(t, s, "", "G", "a", "1")
	b := publish(t, s, "", "G", "b", "2")
	if got := s.ByID(a.ID); got == nil || got.DataID != "a" {
		t.Fatalf("ByID(a) = %+v", got)
	}
	if s.ByID(0) != nil || s.ByID(-5) != nil {
		t.Fatal("ids 0 and -5 name a config")
	}
	if err := s.DeleteIDs(context.Background(), []int64{a.ID, 999999}, "admin"); err != nil {
		t.Fatal(err)
	}
	if s.ByID(a.ID) != nil || s.ByID(b.ID) == nil {
		t.Fatal("wrong configs deleted")
	}
	h, err := s.PreviousHistory(context.Background(), a.ID)
	if err != nil || h.Op != OpDelete || h.SrcUser != "admin" {
		t.Fatalf("delete history = %+v, %v", h, err)
	}
}

func TestUpdateMetadata(t *testing.T) {
	s, _ := newTestService(t)
	a := publish(t, s, "", "G", "a", "x=1")
	c, err := s.UpdateMetadata(context.Background(), "", "G", "a", "about", "t1,t2", "admin")
	if err != nil {
		t.Fatal(err)
	}
	if c.Desc != "about" || c.ConfigTags != "t1,t2" || c.Content != "x=1" || c.ID != a.ID {
		t.Fatalf("after metadata update: %+v", c)
	}
	if _, err := s.UpdateMetadata(context.Background(), "", "G", "nope", "", "", ""); registry.KindOf(err) != registry.KindNotFound {
		t.Fatalf("missing config: %v", err)
	}
	if _, err := s.UpdateMetadata(context.Background(), "", "G", "a", "", "a,b,c,d,e,f", ""); registry.KindOf(err) != registry.KindInvalid {
		t.Fatalf("six tags: %v", err)
	}
}

func TestClonePolicies(t *testing.T) {
	ctx := context.Background()
	s, _ := newTestService(t)
	a := publish(t, s, "", "G", "a", "A")
	b := publish(t, s, "", "G", "b", "B")
	c := publish(t, s, "", "G", "c", "C")
	publish(t, s, "dst", "G", "b", "old")
	items := []CloneItem{{ConfigID: c.ID}, {ConfigID: a.ID}, {ConfigID: b.ID}}

	res, found, err := s.Clone(ctx, "dst", items, "u", PolicyAbort)
	if err != nil || !found || res.Succ != 1 || len(res.Failed) != 1 || res.Skip != 1 {
		t.Fatalf("abort: %+v %v %v", res, found, err)
	}
	if got, _ := s.Get("dst", "G", "b"); got.Content != "old" {
		t.Fatal("abort overwrote")
	}
	res, _, err = s.Clone(ctx, "dst", items, "u", PolicySkip)
	if err != nil || res.Succ != 1 || res.Skip != 2 {
		t.Fatalf("skip: %+v %v", res, err)
	}
	res, _, err = s.Clone(ctx, "dst", items, "u", PolicyOverwrite)
	if err != nil || res.Succ != 3 || res.Skip != 0 {
		t.Fatalf("overwrite: %+v %v", res, err)
	}
	if got, _ := s.Get("dst", "G", "b"); got.Content != "B" {
		t.Fatal("overwrite did not")
	}
	res, _, err = s.Clone(ctx, "dst2", []CloneItem{{ConfigID: a.ID, Group: "G2", DataID: "renamed"}}, "u", PolicyAbort)
	if err != nil || res.Succ != 1 {
		t.Fatalf("rename: %+v %v", res, err)
	}
	if _, err := s.Get("dst2", "G2", "renamed"); err != nil {
		t.Fatal(err)
	}
	if _, found, _ := s.Clone(ctx, "dst", []CloneItem{{ConfigID: 424242}}, "u", PolicyAbort); found {
		t.Fatal("unknown id found")
	}
	if _, _, err := s.Clone(ctx, "dst", []CloneItem{{ConfigID: a.ID, DataID: "bad/id"}}, "u", PolicyAbort); registry.KindOf(err) != registry.KindInvalid {
		t.Fatalf("bad target: %v", err)
	}
	if got := s.InNamespace("dst"); len(got) != 3 {
		t.Fatalf("InNamespace(dst) = %d configs", len(got))
	}
}

func TestSearchContent(t *testing.T) {
	s, _ := newTestService(t)
	publish(t, s, "", "G", "a", "hello world")
	publish(t, s, "", "G", "b", "bye")
	p, err := s.Search(Query{Blur: true, Content: "*wor*", PageNo: 1, PageSize: 10})
	if err != nil || p.TotalCount != 1 || p.Items[0].DataID != "a" {
		t.Fatalf("blur content: %+v %v", p, err)
	}
	p, _ = s.Search(Query{Content: "by", PageNo: 1, PageSize: 10})
	if p.TotalCount != 0 {
		t.Fatalf("accurate content is a pattern, not a substring: %+v", p)
	}
	p, _ = s.Search(Query{Content: "by%", PageNo: 1, PageSize: 10})
	if p.TotalCount != 1 || p.Items[0].DataID != "b" {
		t.Fatalf("accurate content: %+v", p)
	}
}

// The id index follows updates (same id) and a delete and republish (a new
// id), and is rebuilt when a new Service loads the store.
func TestByIDIndex(t *testing.T) {
	ctx := context.Background()
	s, st := newTestService(t)
	a := publish(t, s, "", "G", "a", "1")
	if b := publish(t, s, "", "G", "a", "2"); b.ID != a.ID || s.ByID(a.ID).Content != "2" {
		t.Fatalf("update changed the id or the index: %+v", b)
	}
	if err := s.Delete(ctx, "", "G", "a", ""); err != nil {
		t.Fatal(err)
	}
	c := publish(t, s, "", "G", "a", "3")
	if c.ID == a.ID || s.ByID(a.ID) != nil || s.ByID(c.ID) == nil {
		t.Fatalf("republish: old id %d new %d", a.ID, c.ID)
	}
	s2, err := New(ctx, st, Options{Logger: quietLogger()})
	if err != nil {
		t.Fatal(err)
	}
	defer s2.Close()
	if got := s2.ByID(c.ID); got == nil || got.Content != "3" {
		t.Fatalf("reloaded index: %+v", got)
	}
}
