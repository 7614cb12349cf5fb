package catalog

import (
	"context"
	"testing"

	"github.com/causeway-dev/causeway/registry"
	"github.com/causeway-dev/causeway/registry/ai"
)

func card(t *testing.T, s string) *AgentCard {
	t.Helper()
	c, err := ParseAgentCard(s)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// Register, publish versions with an explicit latest, list and delete.
func TestA2ALifeCycle(t *testing.T) {
	ctx := context.Background()
	a := newA2A(t)
	v1 := `{"name":"helper","version":"1.0.0","protocolVersion":"0.3.0","url":"http://h:1/a2a","skills":[{"id":"s"}]}`
	if err := a.Register(ctx, "", card(t, v1), ""); err != nil {
		t.Fatal(err)
	}
	wantErr(t, a.Register(ctx, "", card(t, v1), ""), registry.KindConflict, nil)
	v2 := `{"name":"helper","version":"2.0.0","url":"http://h:2/a2a"}`
	if err := a.Update(ctx, "public", card(t, v2), false, "SERVICE"); err != nil {
		t.Fatal(err)
	}
	got, err := a.Get("", "helper", "")
	if err != nil || got.Card.Version != "1.0.0" || string(got.Card.Skills) != `[{"id":"s"}]` || got.Card.RegistrationType != "URL" {
		t.Fatalf("latest: %+v %v", got, err)
	}
	if err := a.Update(ctx, "", card(t, v2), true, "SERVICE"); err != nil {
		t.Fatal(err)
	}
	x, err := a.Versions("", "helper")
	if err != nil || x.Latest != "2.0.0" || len(x.Versions) != 2 {
		t.Fatalf("versions: %+v %v", x, err)
	}
	wantErr(t, a.Update(ctx, "", card(t, `{"name":"helper","version":"2.0.0","url":"http://other/"}`), true, ""),
		registry.KindConflict, ErrAgentVersionExists)
	wantErr(t, a.Update(ctx, "", card(t, `{"name":"nobody","version":"1"}`), true, ""), registry.KindNotFound, ErrAgentNotFound)
	if p, err := a.List("", ai.SearchBlur, "elp", 1, 10); err != nil || p.TotalCount != 1 || p.PageItems[0].Card.Version != "2.0.0" {
		t.Fatalf("search: %+v %v", p, err)
	}
	if err := a.Delete(ctx, "", "helper", "2.0.0"); err != nil {
		t.Fatal(err)
	}
	if x, _ := a.Versions("", "helper"); x.Latest != "1.0.0" {
		t.Fatalf("latest after deleting 2.0.0: %+v", x)
	}
	if err := a.Delete(ctx, "", "helper", ""); err != nil {
		t.Fatal(err)
	}
	_, err = a.Get("", "helper", "")
	wantErr(t, err, registry.KindNotFound, ErrAgentNotFound)
}

func TestA2ARefusals(t *testing.T) {
	ctx := context.Background()
	a := newA2A(t)
	cases := []struct {
		name, card, rt string
		kind           registry.Kind
	}{
		{"no name", `{"version":"1"}`, "", registry.KindMissing},
		{"no version", `{"name":"a"}`, "", registry.KindMissing},
		{"slash", `{"name":"a/b","version":"1"}`, "", registry.KindInvalid},
		{"bad registration type", `{"name":"a","version":"1"}`, "DNS", registry.KindInvalid},
		{"relative url", `{"name":"a","version":"1","url":"/x"}`, "", registry.KindInvalid},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			wantErr(t, a.Register(ctx, "", card(t, tc.card), tc.rt), tc.kind, nil)
			if p, _ := a.List("", ai.SearchAccurate, "", 1, 10); p.TotalCount != 0 {
				t.Fatal("a refused write left an agent")
			}
		})
	}
	if _, err := ParseAgentCard(`{"name":`); registry.KindOf(err) != registry.KindInvalid {
		t.Fatalf("bad json: %v", err)
	}
	if _, err := ParseAgentCard(""); registry.KindOf(err) != registry.KindMissing {
		t.Fatalf("no card: %v", err)
	}
	_, err := a.Get("", "nobody", "")
	wantErr(t, err, registry.KindNotFound, ErrAgentNotFound)
	wantErr(t, a.Delete(ctx, "", "nobody", ""), registry.KindNotFound, ErrAgentNotFound)
}
