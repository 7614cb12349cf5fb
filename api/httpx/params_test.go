package httpx

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

func read(t *testing.T, method, target, body string) (Params, error) {
	t.Helper()
	r := httptest.NewRequest(method, target, strings.NewReader(body))
	if body != "" {
		r.Header.Set("Content-Type", "application/x-www-form-urlencoded; charset=UTF-8")
	}
	return ReadParams(httptest.NewRecorder(), r)
}

// Nacos clients send DELETE with a form body; body and query both count.
func TestReadParamsMergesFormBodyForAnyMethod(t *testing.T) {
	p, err := read(t, http.MethodDelete, "/x?serviceName=q&ip=1.1.1.1", "serviceName=b&port=80")
	if err != nil {
		t.Fatal(err)
	}
	if p.Str("serviceName", "") != "b" || p.Str("ip", "") != "1.1.1.1" || p.Str("port", "") != "80" {
		t.Fatalf("params %v", p.Values)
	}
}

func TestReadParamsRefusesMalformedInput(t *testing.T) {
	if _, err := read(t, http.MethodPost, "/x", "a=%zz"); err == nil {
		t.Fatal("malformed form body accepted")
	}
	if _, err := read(t, http.MethodGet, "/x?a=%zz", ""); err == nil {
		t.Fatal("malformed query accepted")
	}
	big := strings.Repeat("a", MaxFormBytes+1)
	if _, err := read(t, http.MethodPost, "/x", "k="+big); err == nil {
		t.Fatal("oversized form body accepted")
	}
}

func TestTypedParams(t *testing.T) {
	p, _ := read(t, http.MethodGet, "/x?n=12&f=0.5&b=TRUE&bad=x&blank=%20", "")
	cases := []struct {
		name string
		err  func() error
		ok   bool
	}{
		{"int", func() error { _, err := p.Int("n", 0); return err }, true},
		{"int bad", func() error { _, err := p.Int("bad", 0); return err }, false},
		{"float", func() error { _, err := p.Float("f", 0); return err }, true},
		{"float bad", func() error { _, err := p.Float("bad", 0); return err }, false},
		{"bool any case", func() error { _, err := p.Bool("b", false, true); return err }, true},
		{"bool strict bad", func() error { _, err := p.Bool("bad", false, true); return err }, false},
		{"bool lenient bad", func() error { _, err := p.Bool("bad", false, false); return err }, true},
		{"required blank", func() error { _, err := p.Required("blank"); return err }, false},
		{"required absent", func() error { _, err := p.Required("none"); return err }, false},
	}
	for _, tc := range cases {
		err := tc.err()
		if (err == nil) != tc.ok {
			t.Errorf("%s: err %v", tc.name, err)
		}
		if err != nil {
			if _, ok := IsParamError(err); !ok {
				t.Errorf("%s: %v is not a ParamError", tc.name, err)
			}
		}
	}
	if n, _ := p.Int("absent", 7); n != 7 {
		t.Errorf("default int %d", n)
	}
}
