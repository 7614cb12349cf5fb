package cse

import (
	"errors"
	"net/http"
	"testing"

	"github.com/causeway-dev/causeway/api/httpx"
	"github.com/causeway-dev/causeway/registry"
	"github.com/causeway-dev/causeway/registry/auth"
)

// fakeAuth answers err for every request, or an identity when err is nil.
type fakeAuth struct{ err error }

func (a fakeAuth) Authenticate(*http.Request) (*httpx.Identity, error) {
	if a.err != nil {
		return nil, a.err
	}
	return &httpx.Identity{Username: "nacos", GlobalAdmin: true}, nil
}

func TestDenyAnswersInTheCSEShape(t *testing.T) {
	cases := []struct {
		name   string
		err    error
		status int
		code   string
		detail string
	}{
		{"no token", auth.ErrTokenMissing, 401, "SVCSTG.00300401", "user not found!"},
		{"bad token", auth.ErrTokenInvalid, 401, "SVCSTG.00300401", auth.ErrTokenInvalid.Error()},
		{"store down", errors.New("store: closed"), 500, "SVCSTG.00500400", "internal error"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			f := newFixture(t, fakeAuth{c.err})
			for _, path := range []string{gwPath, routesURL, routesURL + "/x"} {
				code, out := f.do("GET", path, "")
				wantError(t, code, out, c.status, c.code, c.detail)
			}
			code, out := f.do("PUT", gwPath, gwBody)
			wantError(t, code, out, c.status, c.code, c.detail)
			if f.storeRevision() != 0 {
				t.Fatal("an unauthenticated request wrote to the store")
			}
		})
	}
	f := newFixture(t, fakeAuth{})
	f.must(http.StatusOK, "PUT", gwPath, gwBody)
}

func TestClassifyHidesInternalErrors(t *testing.T) {
	e := classify(registry.Errorf(registry.KindInternal, "store: disk on fire at /var/lib"))
	if e.status != 500 || e.body.Code != "SVCSTG.00500400" || e.body.Detail == "store: disk on fire at /var/lib" {
		t.Fatalf("internal error answered %+v", e)
	}
	e = classify(errors.New("plain"))
	if e.status != 500 {
		t.Fatalf("plain error answered %+v", e)
	}
	e = classify(registry.Errorf(registry.KindConflict, "taken"))
	if e.status != 409 || e.body.Code != "SVCSTG.00400107" || e.body.Detail != "taken" {
		t.Fatalf("conflict answered %+v", e)
	}
}
