package v1

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/causeway-dev/causeway/api/httpx"
	"github.com/causeway-dev/causeway/registry"
	regauth "github.com/causeway-dev/causeway/registry/auth"
)

func TestAnswerOf(t *testing.T) {
	cases := []struct {
		name   string
		err    error
		status int
		text   string
	}{
		{"missing param", &httpx.ParamError{Name: "ip", Missing: true}, 400, "Param 'ip' is required."},
		{"bad int", &httpx.ParamError{Name: "udpPort", Value: "x", Want: "int"}, 400, `For input string: "x"`},
		{"bad double", &httpx.ParamError{Name: "weight", Value: "y", Want: "double"}, 400, `For input string: "y"`},
		{"bad boolean", &httpx.ParamError{Name: "healthy", Value: "z", Want: "boolean"}, 400,
			`Param 'healthy' is illegal, "z" is not a valid boolean.`},
		{"registry missing", registry.Missing("serviceName"), 400, "Param 'serviceName' is required."},
		{"registry invalid", registry.Errorf(registry.KindInvalid, "bad"), 400, "bad"},
		{"exists", registry.Errorf(registry.KindServiceExists, "specified service x already exists!"), 400,
			"specified service x already exists!"},
		{"instance not found", registry.Errorf(registry.KindInstanceNotFound, "whatever"), 404, "no matched ip found!"},
		{"not found", registry.Errorf(registry.KindNotFound, "gone"), 404, "gone"},
		{"selector", registry.Errorf(registry.KindSelector, "selector type \"x\" is not supported"), 400,
			"not match any type of selector!"},
		{"conflict", registry.Errorf(registry.KindConflict, "busy"), 409, "busy"},
		{"forbidden", registry.Errorf(registry.KindForbidden, "no"), 403, "no"},
		{"internal", registry.Errorf(registry.KindInternal, "store: disk full"), 500, "caused: store: disk full;"},
		{"wrapped", errors.Join(errors.New("ctx"), registry.Errorf(registry.KindWeight, "w")), 400, "w"},
		{"plain", context.Canceled, 500, "caused: context canceled;"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			status, text := answerOf(c.err)
			if status != c.status || text != c.text {
				t.Fatalf("got %d %q, want %d %q", status, text, c.status, c.text)
			}
		})
	}
}

type refuseAll struct{}

func (refuseAll) Authenticate(*http.Request) (*httpx.Identity, error) {
	return nil, regauth.ErrTokenInvalid
}

// expectDenied checks Nacos's answer to a refused request on v1 as on
// every route: its AuthFilter's sendError(403, reason), which Spring Boot
// renders as its JSON error body (checked against Nacos 2.5.1).
func expectDenied(t *testing.T, rec *httptest.ResponseRecorder, msg string) {
	t.Helper()
	var body struct {
		Status               int
		Error, Message, Path string
	}
	if rec.Code != http.StatusForbidden || rec.Header().Get("Content-Type") != "application/json" ||
		json.Unmarshal(rec.Body.Bytes(), &body) != nil || body.Status != 403 || body.Error != "Forbidden" || body.Message != msg {
		t.Fatalf("denied with %d %q %s, want Spring's 403 JSON with %q", rec.Code, rec.Header().Get("Content-Type"), rec.Body, msg)
	}
}

// TestRoutesBehindAuth: secured routes answer Nacos's 403, the ones Nacos
// leaves open stay open.
func TestRoutesBehindAuth(t *testing.T) {
	e := newEnv(t, 0)
	mux := http.NewServeMux()
	httpx.Mount(mux, refuseAll{}, Dialect(e.reg, Options{Logger: quiet()}))
	for path, want := range map[string]int{
		"/instance/list?serviceName=x":      403,
		"/service/list?pageNo=1&pageSize=1": 403,
		"/operator/metrics":                 200,
		"/operator/switches":                200,
		"/operator/servers":                 200,
		"/raft/leader":                      200,
	} {
		rec := httptest.NewRecorder()
		mux.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, base+path, nil))
		if rec.Code != want {
			t.Errorf("%s: %d %s, want %d", path, rec.Code, rec.Body, want)
		}
		if want == 403 {
			expectDenied(t, rec, "token invalid!")
		}
	}
	rec := httptest.NewRecorder()
	req := httptest.NewRequest(http.MethodPost, base+"/instance", strings.NewReader("serviceName=x&ip=1.1.1.1&port=1"))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	mux.ServeHTTP(rec, req)
	expectDenied(t, rec, "token invalid!")
	if s, _ := e.reg.Counts(); s != 0 {
		t.Fatal("a denied register wrote")
	}
}

func TestUnreadableParameters(t *testing.T) {
	e := newEnv(t, 0)
	rec := e.doRaw(http.MethodPost, "/instance", "serviceName=x&ip=1.1.1.1&port=1&metadata=%zz")
	if rec.Code != 400 {
		t.Fatalf("bad form body: %d %s", rec.Code, rec.Body)
	}
	if s, _ := e.reg.Counts(); s != 0 {
		t.Fatal("a request with an unreadable body wrote")
	}
}
