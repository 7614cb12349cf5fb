package kie

import (
	"errors"
	"net/http"
	"testing"

	"github.com/causeway-dev/causeway/api/httpx"
	"github.com/causeway-dev/causeway/registry"
)

// fakeAuth answers err for every request, or an identity when err is nil.
type fakeAuth struct{ err error }

func (a fakeAuth) Authenticate(*http.Request) (*httpx.Identity, error) {
	if a.err != nil {
		return nil, a.err
	}
	return &httpx.Identity{Username: "nacos", GlobalAdmin: true}, nil
}

func TestDenyAnswersInTheKieShape(t *testing.T) {
	f := newFixture(t, fakeAuth{registry.Errorf(registry.KindUnauthorized, "token invalid")})
	a := f.do("POST", kvURL, `{"key":"k"}`)
	if a.code != 401 || a.body["error_code"] != "401201" || a.body["errorCode"] != "401201" || f.st.Revision() != 0 {
		t.Fatalf("answered %d %s", a.code, a.raw)
	}
	f = newFixture(t, fakeAuth{errors.New("store: closed")})
	if a := f.do("GET", kvURL, ""); a.code != 500 || a.body["error_code"] != "500003" {
		t.Fatalf("answered %d %s", a.code, a.raw)
	}
	f = newFixture(t, fakeAuth{})
	f.must(200, "POST", kvURL, `{"key":"k"}`)
}

func TestClassifyHidesInternalErrors(t *testing.T) {
	status, body := classify(kvFamily, registry.Errorf(registry.KindInternal, "store: disk on fire at /var/lib"))
	if status != 500 || body.Code != "500003" || body.Detail == "store: disk on fire at /var/lib" {
		t.Fatalf("internal error answered %d %+v", status, body)
	}
	status, body = classify(fileFamily, errors.New("plain"))
	if status != 500 || body.Code != "SVCSTG.00500400" || body.Msg == "" || body.Message != "" {
		t.Fatalf("plain error answered %d %+v", status, body)
	}
	// A table 9-3 code is the file family's only.
	status, body = classify(kvFamily, &codedError{errBadFile, registry.Errorf(registry.KindInvalid, "x")})
	if status != 400 || body.Code != "400001" {
		t.Fatalf("coded error in the kv family answered %d %+v", status, body)
	}
}
