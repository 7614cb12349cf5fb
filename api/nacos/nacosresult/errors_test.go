package nacosresult

import (
	"errors"
	"testing"

	"github.com/causeway-dev/causeway/api/httpx"
	"github.com/causeway-dev/causeway/registry"
)

func TestClassify(t *testing.T) {
	cases := []struct {
		name   string
		err    error
		status int
		code   int
		msg    string
		detail string
	}{
		{"missing param", &httpx.ParamError{Name: "ip", Missing: true}, 400, 10000, "parameter missing", "Required parameter 'ip' is not present"},
		{"malformed param", &httpx.ParamError{Name: "port", Value: "x", Want: "int"}, 400, 20002, "parameter validate error", `Param 'port' is illegal, "x" is not a valid int`},
		{"service exists", registry.Errorf(registry.KindServiceExists, "exists"), 400, 21007, "service already exist", "exists"},
		{"not found", registry.Errorf(registry.KindNotFound, "gone"), 404, 20004, "resource not found", "gone"},
		{"conflict", registry.Errorf(registry.KindConflict, "busy"), 409, 20005, "resource conflict", "busy"},
		{"namespace", registry.Errorf(registry.KindNamespace, "ns"), 400, 22000, "illegal namespace", "ns"},
		{"forbidden", registry.Errorf(registry.KindForbidden, "no"), 403, 10001, "access denied", "no"},
		{"wrapped", errors.Join(errors.New("ctx"), registry.Errorf(registry.KindWeight, "w")), 400, 21001, "weight error", "w"},
		{"internal", registry.Errorf(registry.KindInternal, "disk"), 500, 30000, "server error", "disk"},
		{"plain error", errors.New("boom"), 500, 30000, "server error", "boom"},
	}
	for _, tc := range cases {
		got := Classify(tc.err)
		if got.Status != tc.status || got.Code != tc.code || got.Message != tc.msg || got.Detail != tc.detail {
			t.Errorf("%s: classify = %+v", tc.name, got)
		}
	}
	for kind := registry.KindInternal; kind <= registry.KindForbidden; kind++ {
		if _, ok := codes[kind]; !ok {
			t.Errorf("kind %d has no v2 code", kind)
		}
	}
}
