package nacosform

import (
	"encoding/json"
	"strings"

	"github.com/causeway-dev/causeway/api/httpx"
	"github.com/causeway-dev/causeway/api/nacos/nacosresult"
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

// ServiceForm is Nacos's ServiceForm, parsed, with its defaults: not
// ephemeral, protect threshold 0, no metadata, selector none.
type ServiceForm struct {
	Key       naming.ServiceKey
	Ephemeral bool
	Threshold float64
	Metadata  map[string]string
	Selector  naming.Selector
}

// ServiceRules are where the Nacos 2 and 3 readings of ServiceForm differ.
type ServiceRules struct {
	// CheckKey applies the service name rules right after the required
	// name, before the selector, as Nacos 3's ServiceForm.validate() does;
	// Nacos 2 leaves them to the write.
	CheckKey bool
	// Selector reads the selector parameter ("" when absent).
	Selector func(raw string) (naming.Selector, error)
}

// ReadServiceForm checks in Nacos's order: the required name (a missing one
// worded as the form's validate() does), the name rules if rules.CheckKey,
// the selector, then the metadata. Nacos parses service metadata with the
// same helper as instance metadata, so a malformed one is 21002.
func ReadServiceForm(p httpx.Params, rules ServiceRules) (*ServiceForm, error) {
	rd := New(p, nacosresult.FormMissing)
	f := &ServiceForm{Key: rd.ServiceKey()}
	f.Ephemeral = rd.Bool("ephemeral", false)
	f.Threshold = rd.Float("protectThreshold", 0)
	rawMD, rawSel := rd.Str("metadata", ""), rd.Str("selector", "")
	if rd.Err() != nil {
		return nil, rd.Err()
	}
	if rules.CheckKey {
		if err := naming.ValidateServiceKey(f.Key); err != nil {
			return nil, err
		}
	}
	sel, err := rules.Selector(rawSel)
	if err != nil {
		return nil, err
	}
	f.Selector = sel
	f.Metadata, err = naming.ParseMetadata(rawMD, registry.KindInstanceMetadata)
	return f, err
}
