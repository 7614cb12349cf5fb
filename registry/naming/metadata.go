package naming

import (
	"bytes"
	"encoding/json"
	"strconv"
	"strings"

	"github.com/causeway-dev/causeway/registry"
)

// ParseMetadata reads metadata as Nacos accepts it: a JSON object whose
// values are scalars (kept as strings), or "k1=v1,k2=v2". Blank input is an
// empty map. kind is the error kind to report (instance or service metadata).
func ParseMetadata(s string, kind registry.Kind) (map[string]string, error) {
	if strings.TrimSpace(s) == "" {
		return map[string]string{}, nil
	}
	if md, ok := parseJSONMetadata(s); ok {
		return md, nil
	}
	md := map[string]string{}
	for _, pair := range strings.Split(s, ",") {
		kv := strings.Split(pair, "=")
		if len(kv) != 2 {
			return nil, registry.FieldErrorf(kind, "metadata", "metadata format incorrect:%s", s)
		}
		md[kv[0]] = kv[1]
	}
	return md, nil
}

func parseJSONMetadata(s string) (map[string]string, bool) {
	dec := json.NewDecoder(strings.NewReader(s))
	dec.UseNumber()
	var raw map[string]any
	if err := dec.Decode(&raw); err != nil || raw == nil || dec.More() {
		return nil, false
	}
	md := make(map[string]string, len(raw))
	for k, v := range raw {
		str, ok := scalarString(v)
		if !ok {
			return nil, false
		}
		md[k] = str
	}
	return md, true
}

func scalarString(v any) (string, bool) {
	switch t := v.(type) {
	case string:
		return t, true
	case json.Number:
		return t.String(), true
	case bool:
		return strconv.FormatBool(t), true
	case nil:
		return "", true
	}
	return "", false
}

// ParseSelector reads a Nacos selector JSON ({"type":"label","expression":...});
// blank means none.
func ParseSelector(s string) (Selector, error) {
	if strings.TrimSpace(s) == "" {
		return Selector{Type: "none"}, nil
	}
	var sel Selector
	dec := json.NewDecoder(bytes.NewReader([]byte(s)))
	if err := dec.Decode(&sel); err != nil {
		return Selector{}, registry.FieldErrorf(registry.KindSelector, "selector", "selector format incorrect: %s", s)
	}
	if sel.Type == "" {
		sel.Type = "none"
	}
	return sel, ValidateSelector(sel)
}
