package v2

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/causeway-dev/causeway/api/httpx"
	"github.com/causeway-dev/causeway/registry/store"
	"github.com/causeway-dev/causeway/registry/store/badger"
	"github.com/causeway-dev/causeway/registry/tenancy"
)

// nsFixture is the namespace dialect over an in-memory store.
type nsFixture struct {
	*fixture
	ns *tenancy.Service
	st store.Store
}

func newNSFixture(t *testing.T) *nsFixture {
	t.Helper()
	st, err := badger.Open(badger.Options{InMemory: true, Logger: quietLogger()})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = st.Close() })
	ns, err := tenancy.New(context.Background(), st, tenancy.Options{Logger: quietLogger()})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(ns.Close)
	mux := http.NewServeMux()
	httpx.Mount(mux, nil, NamespaceDialect(ns, Options{Logger: quietLogger()}))
	return &nsFixture{fixture: &fixture{t: t, mux: mux}, ns: ns, st: st}
}

var nsKeys = []string{"namespace", "namespaceShowName", "namespaceDesc", "quota", "configCount", "type"}

func TestNamespaceList(t *testing.T) {
	f := newNSFixture(t)
	f.ok(http.MethodPost, namespacePath, vals("namespaceId", "dev", "namespaceName", "Dev", "namespaceDesc", "d"))
	l := f.okList(http.MethodGet, namespaceListPath, nil)
	if len(l) != 2 {
		t.Fatalf("list %v", l)
	}
	wantKeys(t, "public", l[0], nsKeys...)
	for k, v := range map[string]any{"namespace": "", "namespaceShowName": "public",
		"namespaceDesc": "Default Namespace", "quota": 200, "configCount": 0, "type": 0} {
		wantField(t, "public", l[0], k, v)
	}
	for k, v := range map[string]any{"namespace": "dev", "namespaceShowName": "Dev",
		"namespaceDesc": "d", "quota": 200, "type": 2} {
		wantField(t, "dev", l[1], k, v)
	}
}

func TestNamespaceGet(t *testing.T) {
	f := newNSFixture(t)
	f.ok(http.MethodPost, namespacePath, vals("namespaceId", "dev", "namespaceName", "Dev"))
	m := f.okMap(http.MethodGet, namespacePath, vals("namespaceId", "dev"))
	wantKeys(t, "dev", m, nsKeys...)
	if m["namespaceDesc"] != nil || m["type"] != float64(2) {
		t.Fatalf("dev %v", m)
	}
	// The default namespace answers under the id it was asked by.
	for _, id := range []string{"public", ""} {
		m = f.okMap(http.MethodGet, namespacePath, vals("namespaceId", id))
		wantField(t, "public", m, "namespace", id)
		wantField(t, "public", m, "type", 0)
	}
}

func TestNamespaceCreateEditDelete(t *testing.T) {
	f := newNSFixture(t)
	if f.ok(http.MethodPost, namespacePath, vals("namespaceId", "dev", "namespaceName", "Dev")) != true {
		t.Fatal("create did not answer true")
	}
	if f.ok(http.MethodPut, namespacePath, vals("namespaceId", "dev", "namespaceName", "Dev2", "namespaceDesc", "x")) != true {
		t.Fatal("edit did not answer true")
	}
	if n, _ := f.ns.Get("dev"); n.Name != "Dev2" || n.Desc != "x" {
		t.Fatalf("after edit %+v", n)
	}
	if f.ok(http.MethodDelete, namespacePath, vals("namespaceId", "dev")) != true {
		t.Fatal("delete did not answer true")
	}
	if f.ns.Exists("dev") {
		t.Fatal("still there after delete")
	}
	// An empty namespaceId is present: Nacos generates a UUID.
	f.ok(http.MethodPost, namespacePath, vals("namespaceId", "", "namespaceName", "Gen"))
	if l := f.ns.List(); len(l) != 2 || len(l[1].ID) != 36 {
		t.Fatalf("generated %+v", l)
	}
}

// Nacos answers true, changing nothing, for edits and deletes that match no
// row: the default namespace and unknown ids.
func TestNamespaceNoopAnswersTrue(t *testing.T) {
	f := newNSFixture(t)
	rev := f.st.Revision()
	for _, c := range []struct {
		method string
		params url.Values
	}{
		{http.MethodPut, vals("namespaceId", "public", "namespaceName", "x")},
		{http.MethodPut, vals("namespaceId", "", "namespaceName", "x")},
		{http.MethodPut, vals("namespaceId", "nope", "namespaceName", "x")},
		{http.MethodPut, vals("namespaceId", "a b", "namespaceName", "x")},
		{http.MethodDelete, vals("namespaceId", "public")},
		{http.MethodDelete, vals("namespaceId", "")},
		{http.MethodDelete, vals("namespaceId", "nope")},
	} {
		if got := f.ok(c.method, namespacePath, c.params); got != true {
			t.Errorf("%s %v answered %v", c.method, c.params, got)
		}
	}
	if f.st.Revision() != rev {
		t.Fatal("a no-op wrote")
	}
}

func TestNamespaceBadInput(t *testing.T) {
	f := newNSFixture(t)
	f.ok(http.MethodPost, namespacePath, vals("namespaceId", "dev", "namespaceName", "Dev"))
	const (
		missing = "parameter missing"
		illegal = "illegal namespace"
	)
	cases := []struct {
		name, method string
		params       url.Values
		status, code int
		message      string
		data         string
	}{
		{"get without id", http.MethodGet, nil, 400, 10000, missing,
			"Required request parameter 'namespaceId' for method parameter type String is not present"},
		{"get unknown", http.MethodGet, vals("namespaceId", "nope"), 404, 22001, "namespace not exist",
			"namespaceId [ nope ] not exist"},
		{"create without id", http.MethodPost, vals("namespaceName", "n"), 400, 10000, missing,
			"required parameter 'namespaceId' is missing"},
		{"create without name", http.MethodPost, vals("namespaceId", "x"), 400, 10000, missing,
			"required parameter 'namespaceName' is missing"},
		{"create bad id", http.MethodPost, vals("namespaceId", "a/b", "namespaceName", "n"), 400, 22000, illegal,
			"namespaceId [a/b] mismatch the pattern"},
		{"create long id", http.MethodPost, vals("namespaceId", strings.Repeat("a", 129), "namespaceName", "n"),
			400, 22000, illegal, "too long namespaceId, over 128"},
		{"create existing", http.MethodPost, vals("namespaceId", " dev", "namespaceName", "@"), 400, 22000, illegal,
			"the namespaceId is existed, namespaceId:  dev"},
		{"create public", http.MethodPost, vals("namespaceId", "public", "namespaceName", "n"), 400, 22000, illegal,
			"the namespaceId is existed, namespaceId: public"},
		{"create empty name", http.MethodPost, vals("namespaceId", "x", "namespaceName", ""), 400, 22000, illegal,
			"namespaceName [] contains illegal char"},
		{"create bad name", http.MethodPost, vals("namespaceId", "x", "namespaceName", "a#b"), 400, 22000, illegal,
			"namespaceName [a#b] contains illegal char"},
		{"create long desc", http.MethodPost, vals("namespaceId", "x", "namespaceName", "n",
			"namespaceDesc", strings.Repeat("d", 257)), 400, 22000, illegal, "too long namespaceDesc, over 256"},
		{"edit without id", http.MethodPut, vals("namespaceName", "n"), 400, 10000, missing,
			"required parameter 'namespaceId' is missing"},
		{"edit without name", http.MethodPut, vals("namespaceId", "dev"), 400, 10000, missing,
			"required parameter 'namespaceName' is missing"},
		{"edit bad name", http.MethodPut, vals("namespaceId", "dev", "namespaceName", "a%b"), 400, 22000, illegal,
			"namespaceName [a%b] contains illegal char"},
		{"edit long name", http.MethodPut, vals("namespaceId", "dev", "namespaceName", strings.Repeat("n", 129)),
			400, 22000, illegal, "too long namespaceName, over 128"},
		{"delete without id", http.MethodDelete, nil, 400, 10000, missing,
			"Required request parameter 'namespaceId' for method parameter type String is not present"},
	}
	rev := f.st.Revision()
	for _, c := range cases {
		status, body := f.call(c.method, namespacePath, c.params)
		if status != c.status || body["code"] != float64(c.code) || body["message"] != c.message || body["data"] != c.data {
			t.Errorf("%s: got %d %v, want %d %d %q %q", c.name, status, body, c.status, c.code, c.message, c.data)
		}
	}
	if f.st.Revision() != rev {
		t.Fatal("bad input wrote")
	}
	if n, _ := f.ns.Get("dev"); n.Name != "Dev" {
		t.Fatalf("dev changed: %+v", n)
	}
}
