package registry

import (
	"errors"
	"strings"
	"testing"
)

func TestDecodeStrictNamesTheField(t *testing.T) {
	type inner struct {
		Port int `json:"port"`
	}
	type doc struct {
		Name  string  `json:"name"`
		Items []inner `json:"items"`
	}
	cases := []struct {
		raw, prefix, field, msg string
	}{
		{`{"name":1}`, "", "name", "must be a string, not a JSON number"},
		{`{"items":[{"port":"x"}]}`, "", "items.port", "must be an integer"},
		{`{"extra":1}`, "", "body", `unknown field "extra"`},
		{`{"extra":1}`, "spec", "spec.extra", "is not a known field"},
		{`{"name":"a"} {}`, "spec", "spec", "unexpected data"},
		{``, "", "body", "a JSON value is required"},
		{`{"name":`, "", "body", "ends too early"},
		{`{"name":x}`, "rules[0]", "rules[0]", "malformed JSON at offset"},
	}
	for _, c := range cases {
		var d doc
		err := DecodeStrict([]byte(c.raw), c.prefix, &d)
		var e *Error
		if !errors.As(err, &e) || e.Kind != KindInvalid || e.Field != c.field || !strings.Contains(e.Msg, c.msg) {
			t.Errorf("DecodeStrict(%q, %q) = %#v, want field %q with %q", c.raw, c.prefix, err, c.field, c.msg)
		}
	}
	var d doc
	if err := DecodeStrict([]byte(`{"name":"a","items":[{"port":80}]}`), "", &d); err != nil || d.Items[0].Port != 80 {
		t.Fatalf("valid document: %v %+v", err, d)
	}
}
