package ai

import (
	"encoding/json"

	"github.com/causeway-dev/causeway/registry"
)

// LatestLabel is the label that names a resource's latest version (a
// prompt's, a skill's, an agent spec's). It is set explicitly (a publish
// that says so, or a label call), never inferred from version order.
const LatestLabel = "latest"

// Limits of labels, the same for every kind.
const (
	MaxLabels   = 64
	maxLabelLen = 64
)

// ValidateLabel refuses a label name that is not 1-64 letters, digits,
// '_', '-' or '.'.
func ValidateLabel(l string) error {
	if l == "" {
		return registry.FieldErrorf(registry.KindMissing, "label", "Required parameter 'label' is not present")
	}
	if len(l) > maxLabelLen || !isName(l, "_-.") {
		return registry.FieldErrorf(registry.KindInvalid, "label",
			"a label must be 1-%d letters, digits, '_', '-' or '.', not %q", maxLabelLen, l)
	}
	return nil
}

// ValidateLabels refuses a label → version map over MaxLabels, or with a
// name or version that is not valid; whether the versions exist and are
// published is the registry's check.
func ValidateLabels(m map[string]string) error {
	if len(m) > MaxLabels {
		return registry.FieldErrorf(registry.KindInvalid, "labels", "at most %d labels, not %d", MaxLabels, len(m))
	}
	for l, v := range m {
		if err := ValidateLabel(l); err != nil {
			return registry.FieldErrorf(registry.KindInvalid, "labels", "%v", err)
		}
		if err := ValidateVersion("labels", v); err != nil {
			return err
		}
	}
	return nil
}

// ParseLabels reads a labels JSON (seed §8.20, the skills' and agent
// specs' labels call): an object of label → version ({"latest":"1.0.1"}),
// checked by ValidateLabels.
func ParseLabels(s string) (map[string]string, error) {
	var m map[string]string
	if err := json.Unmarshal([]byte(s), &m); err != nil || m == nil {
		return nil, registry.FieldErrorf(registry.KindInvalid, "labels",
			"labels must be a JSON object of label to version, such as {\"latest\":\"1.0.1\"}")
	}
	if err := ValidateLabels(m); err != nil {
		return nil, err
	}
	return m, nil
}
