package nacosform

import (
	"encoding/json"
	"strings"

	"github.com/causeway-dev/causeway/api/httpx"
	"github.com/causeway-dev/causeway/registry"
	"github.com/causeway-dev/causeway/registry/naming"
)

// ReadServiceKey reads and checks a service key alone (namespaceId,
// groupName, the required serviceName), a missing name worded by missing.
func ReadServiceKey(p httpx.Params, missing Missing) (naming.ServiceKey, error) {
	rd := New(p, missing)
	k := rd.ServiceKey()
	if rd.Err() != nil {
		return k, rd.Err()
	}
	return k, naming.ValidateServiceKey(k)
}

// SelectorJSON reads a service's selector parameter once URL-decoded (raw
// as sent, decoded after decoding): one JSON object whose type names a
// known selector. How an undecodable raw is met, and what is checked
// after, are the caller's: the Nacos 2 and 3 controllers differ there.
func SelectorJSON(raw, decoded string) (naming.Selector, error) {
	var obj map[string]any
	dec := json.NewDecoder(strings.NewReader(decoded))
	dec.UseNumber()
	if err := dec.Decode(&obj); err != nil || dec.More() {
		return naming.Selector{}, registry.FieldErrorf(registry.KindSelector, "selector", "selector format incorrect: %s", raw)
	}
	sel := naming.Selector{Type: Scalar(obj["type"]), Expression: Scalar(obj["expression"])}
	if sel.Type != "none" && sel.Type != "label" {
		return naming.Selector{}, registry.FieldErrorf(registry.KindSelector, "selector", "not match any type of selector!")
	}
	return sel, nil
}
