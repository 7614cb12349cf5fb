package v1

import (
	"context"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/causeway-dev/causeway/api/httpx"
	"github.com/causeway-dev/causeway/registry/store/badger"
	"github.com/causeway-dev/causeway/registry/tenancy"
)

// consoleEnv is the v1 console namespace routes over a real tenancy
// service on an in-memory store.
type consoleEnv struct {
	t   *testing.T
	ns  *tenancy.Service
	mux *http.ServeMux
}

func newConsoleEnv(t *testing.T) *consoleEnv {
	t.Helper()
	st, err := badger.Open(badger.Options{InMemory: true, Logger: quiet()})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = st.Close() })
	ns, err := tenancy.New(context.Background(), st, tenancy.Options{Logger: quiet()})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(ns.Close)
	mux := http.NewServeMux()
	httpx.Mount(mux, nil, ConsoleNamespaceDialect(ns, Options{Logger: quiet()}))
	return &consoleEnv{t: t, ns: ns, mux: mux}
}

// call sends params in the query for GET and as a form body otherwise, as
// the Nacos console does.
func (e *consoleEnv) call(method string, params url.Values) (int, string) {
	e.t.Helper()
	target := consoleNamespaces
	var r *http.Request
	if method == http.MethodGet {
		if params != nil {
			target += "?" + params.Encode()
		}
		r = httptest.NewRequest(method, target, nil)
	} else {
		r = httptest.NewRequest(method, target, strings.NewReader(params.Encode()))
		r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	w := httptest.NewRecorder()
	e.mux.ServeHTTP(w, r)
	return w.Code, w.Body.String()
}

func (e *consoleEnv) want(method string, params url.Values, status int, body string) {
	e.t.Helper()
	code, got := e.call(method, params)
	if code != status || got != body {
		e.t.Fatalf("%s %v = %d %q, want %d %q", method, params, code, got, status, body)
	}
}

func form(kv ...string) url.Values {
	v := url.Values{}
	for i := 0; i+1 < len(kv); i += 2 {
		v.Add(kv[i], kv[i+1])
	}
	return v
}

func TestConsoleNamespacesLifecycle(t *testing.T) {
	e := newConsoleEnv(t)
	e.want(http.MethodGet, nil, 200,
		`{"code":200,"message":null,"data":[{"namespace":"","namespaceShowName":"public","namespaceDesc":"Default Namespace","quota":200,"configCount":0,"type":0}]}`)
	e.want(http.MethodGet, form("checkNamespaceIdExist", "true", "customNamespaceId", "dev"), 200, "false")
	e.want(http.MethodPost, form("customNamespaceId", "dev", "namespaceName", "Dev", "namespaceDesc", "for dev"), 200, "true")
	e.want(http.MethodGet, form("checkNamespaceIdExist", "true", "customNamespaceId", "dev"), 200, "true")
	e.want(http.MethodGet, form("show", "all", "namespaceId", "dev"), 200,
		`{"namespace":"dev","namespaceShowName":"Dev","namespaceDesc":"for dev","quota":200,"configCount":0,"type":2}`)
	e.want(http.MethodPut, form("namespace", "dev", "namespaceShowName", "Development"), 200, "true")
	e.want(http.MethodGet, form("show", "all", "namespaceId", "dev"), 200,
		`{"namespace":"dev","namespaceShowName":"Development","namespaceDesc":null,"quota":200,"configCount":0,"type":2}`)
	e.want(http.MethodGet, nil, 200,
		`{"code":200,"message":null,"data":[{"namespace":"","namespaceShowName":"public","namespaceDesc":"Default Namespace","quota":200,"configCount":0,"type":0},`+
			`{"namespace":"dev","namespaceShowName":"Development","namespaceDesc":null,"quota":200,"configCount":0,"type":2}]}`)
	e.want(http.MethodDelete, form("namespaceId", "dev"), 200, "true")
	e.want(http.MethodGet, form("checkNamespaceIdExist", "true", "customNamespaceId", "dev"), 200, "false")
	// A blank id is a generated UUID, as Nacos does.
	e.want(http.MethodPost, form("customNamespaceId", " ", "namespaceName", "Gen"), 200, "true")
	if l := e.ns.List(); len(l) != 2 || len(l[1].ID) != 36 || l[1].Name != "Gen" {
		t.Fatalf("generated namespace %+v", l)
	}
}

func TestConsoleNamespacesDefaultNamespace(t *testing.T) {
	e := newConsoleEnv(t)
	for _, id := range []string{"", "public"} {
		e.want(http.MethodGet, form("show", "all", "namespaceId", id), 200,
			`{"namespace":"`+id+`","namespaceShowName":"public","namespaceDesc":"Default Namespace","quota":200,"configCount":0,"type":0}`)
	}
	// Nacos's edit and delete match no row for it and answer true; nothing
	// changes.
	e.want(http.MethodPut, form("namespace", "public", "namespaceShowName", "x"), 200, "true")
	e.want(http.MethodDelete, form("namespaceId", "public"), 200, "true")
	e.want(http.MethodPost, form("customNamespaceId", "public", "namespaceName", "x"), 200, "false")
	if n, _ := e.ns.Get("public"); n.Name != "public" {
		t.Fatalf("default namespace changed: %+v", n)
	}
}

// Bad input: Nacos's parameter checker (400, text), its controller's plain
// false, Spring's missing-parameter text; nothing is stored in any case.
func TestConsoleNamespacesBadInput(t *testing.T) {
	e := newConsoleEnv(t)
	if code, _ := e.call(http.MethodPost, form("customNamespaceId", "taken", "namespaceName", "T")); code != 200 {
		t.Fatal("setup")
	}
	long := strings.Repeat("a", 129)
	missing := func(name string) string {
		return "caused: Required request parameter '" + name + "' for method parameter type String is not present;"
	}
	const (
		badID     = "Param 'namespaceId/tenant' is illegal, illegal characters should not appear in the param."
		longID    = "Param 'namespaceId/tenant' is illegal, the param length should not exceed 128."
		badName   = "Param 'namespaceShowName' is illegal, illegal characters should not appear in the param."
		longName  = "Param 'namespaceShowName' is illegal, the param length should not exceed 256."
		notExists = "caused: namespaceId [ ghost ] not exist;"
	)
	cases := []struct {
		name   string
		method string
		params url.Values
		status int
		body   string
	}{
		{"create without id", http.MethodPost, form("namespaceName", "N"), 400, missing("customNamespaceId")},
		{"create without name", http.MethodPost, form("customNamespaceId", "n"), 400, missing("namespaceName")},
		{"create bad id", http.MethodPost, form("customNamespaceId", "a b", "namespaceName", "N"), 400, badID},
		{"create id too long", http.MethodPost, form("customNamespaceId", long, "namespaceName", "N"), 400, longID},
		{"create bad name", http.MethodPost, form("customNamespaceId", "n", "namespaceName", "a@b"), 400, badName},
		{"create name too long", http.MethodPost, form("customNamespaceId", "n", "namespaceName", strings.Repeat("é", 257)), 400, longName},
		{"create empty name", http.MethodPost, form("customNamespaceId", "n", "namespaceName", ""), 200, "false"},
		{"create taken id", http.MethodPost, form("customNamespaceId", "taken", "namespaceName", "N"), 200, "false"},
		{"create name over the store's limit", http.MethodPost, form("customNamespaceId", "n", "namespaceName", strings.Repeat("n", 200)), 200, "false"},
		{"create desc too long", http.MethodPost, form("customNamespaceId", "n", "namespaceName", "N", "namespaceDesc", strings.Repeat("d", 300)), 200, "false"},
		{"edit without namespace", http.MethodPut, form("namespaceShowName", "N"), 400, missing("namespace")},
		{"edit without name", http.MethodPut, form("namespace", "taken"), 400, missing("namespaceShowName")},
		{"edit bad name", http.MethodPut, form("namespace", "taken", "namespaceShowName", "a*b"), 200, "false"},
		{"edit empty name", http.MethodPut, form("namespace", "taken", "namespaceShowName", ""), 200, "false"},
		{"edit unknown", http.MethodPut, form("namespace", "ghost", "namespaceShowName", "G"), 200, "true"},
		{"delete without id", http.MethodDelete, form("other", "x"), 400, missing("namespaceId")},
		{"delete bad id", http.MethodDelete, form("namespaceId", "a/b"), 400, badID},
		{"delete unknown", http.MethodDelete, form("namespaceId", "ghost"), 200, "true"},
		{"show without id", http.MethodGet, form("show", "all"), 400, missing("namespaceId")},
		{"show unknown", http.MethodGet, form("show", "all", "namespaceId", "ghost"), 404, notExists},
		{"show bad id", http.MethodGet, form("show", "all", "namespaceId", "a$b"), 400, badID},
		{"check without id", http.MethodGet, form("checkNamespaceIdExist", "true"), 400, missing("customNamespaceId")},
		{"check blank id", http.MethodGet, form("checkNamespaceIdExist", "true", "customNamespaceId", " "), 200, "false"},
		{"check bad id", http.MethodGet, form("checkNamespaceIdExist", "true", "customNamespaceId", "a.b"), 400, badID},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			e.t = t
			e.want(c.method, c.params, c.status, c.body)
			l := e.ns.List()
			if len(l) != 2 || l[1].ID != "taken" || l[1].Name != "T" {
				t.Fatalf("namespaces changed: %+v", l)
			}
		})
	}
}

func TestConsoleNamespacesContentTypes(t *testing.T) {
	e := newConsoleEnv(t)
	for _, c := range []struct {
		method string
		params url.Values
		want   string
	}{
		{http.MethodGet, nil, contentJSON},
		{http.MethodPost, form("customNamespaceId", "x", "namespaceName", "X"), contentJSON},
		{http.MethodGet, form("show", "all"), contentText},
	} {
		r := httptest.NewRequest(c.method, consoleNamespaces+"?"+c.params.Encode(), nil)
		w := httptest.NewRecorder()
		e.mux.ServeHTTP(w, r)
		if got := w.Header().Get("Content-Type"); got != c.want {
			t.Fatalf("%s %v: Content-Type %q, want %q", c.method, c.params, got, c.want)
		}
	}
}
