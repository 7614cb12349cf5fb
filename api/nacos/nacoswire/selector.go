package nacoswire

import "github.com/causeway-dev/causeway/registry/naming"

// Selector is a Nacos naming selector as Jackson writes it in a service's
// detail: the none selector works on no context, the label selector on
// CMDB labels.
type Selector struct {
	Type        string `json:"type"`
	ContextType string `json:"contextType"`
	Expression  string `json:"expression,omitempty"`
}

// NewSelector renders s.
func NewSelector(s naming.Selector) Selector {
	if s.Type == "label" {
		return Selector{Type: "label", ContextType: "CMDB", Expression: s.Expression}
	}
	return Selector{Type: "none", ContextType: "NONE"}
}
