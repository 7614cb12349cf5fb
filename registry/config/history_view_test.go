package config

import (
	"context"
	"testing"

	"github.com/causeway-dev/causeway/registry"
)

func TestHistoryExtInfo(t *testing.T) {
	cases := []struct {
		name string
		h    History
		want string
	}{
		{"insert: the publisher first", History{Op: OpInsert, SrcUser: "bob", Type: "yaml", ConfigTags: "a,b", Desc: "<d>", ConfigUser: "x"},
			`{"src_user":"bob","type":"yaml","config_tags":"a,b","c_desc":"<d>"}`},
		{"update: the old config's own user", History{Op: OpUpdate, SrcUser: "bob", Type: "text", ConfigUser: "alice"},
			`{"type":"text","src_user":"alice"}`},
		{"delete without user", History{Op: OpDelete, Type: "json", Desc: "q\"uote"}, `{"type":"json","c_desc":"q\"uote"}`},
		{"nothing", History{Op: OpDelete}, ``},
	}
	for _, c := range cases {
		if got := c.h.ExtInfo(); got != c.want {
			t.Errorf("%s: %s, want %s", c.name, got, c.want)
		}
	}
}

func TestHistoryForChecksTheConfig(t *testing.T) {
	s, _ := newTestService(t)
	ctx := context.Background()
	c := publish(t, s, "", "G", "d", "v1")
	publish(t, s, "", "G", "d", "v2")
	page, err := s.ListHistory(ctx, "", "G", "d", 1, 10)
	if err != nil {
		t.Fatal(err)
	}
	nid := page.Items[0].NID
	if h, err := s.HistoryFor(ctx, "public", "G", "d", nid); err != nil || h == nil || h.Content != "v1" {
		t.Fatalf("own record: %+v %v", h, err)
	}
	if h, err := s.PreviousFor(ctx, "", "G", "d", c.ID); err != nil || h == nil || h.NID != nid {
		t.Fatalf("previous: %+v %v", h, err)
	}
	for _, k := range [][3]string{{"ns", "G", "d"}, {"", "H", "d"}, {"", "G", "e"}} {
		if _, err := s.HistoryFor(ctx, k[0], k[1], k[2], nid); registry.KindOf(err) != registry.KindForbidden {
			t.Fatalf("%v: %v", k, err)
		}
	}
	if h, err := s.HistoryFor(ctx, "", "G", "d", 424242); h != nil || err != nil {
		t.Fatalf("unknown nid: %+v %v", h, err)
	}
	if h, err := s.PreviousFor(ctx, "", "G", "d", 424242); h != nil || err != nil {
		t.Fatalf("unknown id: %+v %v", h, err)
	}
}
