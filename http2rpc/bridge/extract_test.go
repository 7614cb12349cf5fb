package bridge

import (
	"encoding/json"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/causeway-dev/causeway/registry/http2rpc"
)

func method(path string, params ...http2rpc.Param) *http2rpc.Method {
	return &http2rpc.Method{ServiceMethod: "m", HTTPMethods: []string{"POST"}, HTTPPath: path, Params: params}
}

func p(key, src, typ string) http2rpc.Param {
	return http2rpc.Param{ParamKey: key, ParamSource: src, ParamType: typ}
}

func TestExtract(t *testing.T) {
	dm := method("/users/{id}/orders/{oid}",
		p("id", "PATH", "java.lang.Long"), p("oid", "PATH", "String"), p("q", "QUERY", "String"),
		p("X-Tenant", "HEADER", "String"), p("user", "BODY", "com.example.User"), p("n", "BODY", "int"))
	r := httptest.NewRequest("POST", "/users/7/orders/a%2Fb?q=x&q=y", strings.NewReader(`{"user":{"name":"a"},"n":3}`))
	r.Header.Set("x-tenant", "t1")
	got, err := extract(httptest.NewRecorder(), r, dm)
	if err != nil {
		t.Fatal(err)
	}
	want := []any{"7", "a/b", "x", "t1", map[string]any{"name": "a"}, json.Number("3")}
	if len(got) != len(want) {
		t.Fatalf("%d params", len(got))
	}
	for i := range want {
		a, _ := json.Marshal(got[i].Value)
		b, _ := json.Marshal(want[i])
		if string(a) != string(b) {
			t.Errorf("param %s = %s, want %s", got[i].Name, a, b)
		}
	}
	if got[0].Type != "java.lang.Long" || got[4].Type != "com.example.User" {
		t.Fatalf("types: %q %q", got[0].Type, got[4].Type)
	}
}

func TestExtractWholeBody(t *testing.T) {
	dm := method("/users")
	dm.ParamFromEntireBody = &http2rpc.EntireBody{ParamType: "java.util.List<com.example.User>"}
	r := httptest.NewRequest("POST", "/users", strings.NewReader(`[{"name":"a"},{"name":"b"}]`))
	got, err := extract(httptest.NewRecorder(), r, dm)
	if err != nil || len(got) != 1 || len(got[0].Value.([]any)) != 2 || got[0].Type != "java.util.List<com.example.User>" {
		t.Fatalf("%+v %v", got, err)
	}
}

func TestExtractRefusals(t *testing.T) {
	whole := method("/u")
	whole.ParamFromEntireBody = &http2rpc.EntireBody{ParamType: "com.example.User"}
	cases := []struct {
		name string
		dm   *http2rpc.Method
		path string
		body string
		want string
	}{
		{"missing query", method("/u", p("q", "QUERY", "String")), "/u", "", `"q" is missing from the query string`},
		{"missing header", method("/u", p("h", "HEADER", "String")), "/u", "", `"h" is missing from the headers`},
		{"missing body field", method("/u", p("f", "BODY", "int")), "/u", `{"g":1}`, `"f" is missing from the JSON body`},
		{"no body", method("/u", p("f", "BODY", "int")), "/u", ``, `"f" is missing`},
		{"bad JSON", method("/u", p("f", "BODY", "int")), "/u", `{"f":`, `"body" is not one JSON value`},
		{"two values", method("/u", p("f", "BODY", "int")), "/u", `{} {}`, `"body" is not one JSON value`},
		{"no whole body", whole, "/u", ``, `"body" is missing`},
		{"too large", method("/u", p("f", "BODY", "int")), "/u", `{"f":"` + strings.Repeat("x", maxBody) + `"}`, "larger than"},
	}
	for _, c := range cases {
		r := httptest.NewRequest("POST", c.path, strings.NewReader(c.body))
		_, err := extract(httptest.NewRecorder(), r, c.dm)
		var pe *ParamError
		if !errors.As(err, &pe) || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: %v, want %q", c.name, err, c.want)
		}
	}
}

func TestAttachments(t *testing.T) {
	h := http.Header{"X-User": {"alice"}, "X-Trace": {"t1"}, "Connection": {"close"}, "X-Envoy-Attempt-Count": {"1"},
		"X-Causeway-Http2rpc": {"a/b/c/0"}}
	if got := attachments(h, ""); len(got) != 0 {
		t.Fatalf("none: %v", got)
	}
	if got := attachments(h, "*"); len(got) != 2 || got["x-user"] != "alice" || got["x-trace"] != "t1" {
		t.Fatalf("all: %v", got)
	}
	if got := attachments(h, "X-User, x-nope"); len(got) != 1 || got["x-user"] != "alice" {
		t.Fatalf("listed: %v", got)
	}
}

// A client cannot choose the classes a Java provider builds: every
// "class" it wrote is gone before conversion.
func TestBodyClassKeysAreDropped(t *testing.T) {
	dm := method("/u")
	dm.ParamFromEntireBody = &http2rpc.EntireBody{ParamType: "com.example.User"}
	body := `{"class":"evil.Gadget","name":"a","address":{"class":"evil.Other","city":"x"},"tags":[{"class":"evil.T"}]}`
	got, err := extract(httptest.NewRecorder(), httptest.NewRequest("POST", "/u", strings.NewReader(body)), dm)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := json.Marshal(got[0].Value)
	if strings.Contains(string(b), "class") || !strings.Contains(string(b), `"city":"x"`) {
		t.Fatalf("after dropping class keys: %s", b)
	}
}
