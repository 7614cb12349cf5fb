package nacoswire

import "github.com/causeway-dev/causeway/registry/tenancy"

// Namespace is Nacos's Namespace model (core/namespace/model) as both
// console namespace APIs, v1 and v2, answer it, in its field order.
type Namespace struct {
	Namespace         string  `json:"namespace"`
	NamespaceShowName string  `json:"namespaceShowName"`
	NamespaceDesc     *string `json:"namespaceDesc"`
	Quota             int     `json:"quota"`
	ConfigCount       int     `json:"configCount"`
	Type              int     `json:"type"`
}

// NamespaceOf renders n under the id the client should see. Nacos stores no
// description as null, so an empty one answers null.
func NamespaceOf(id string, n tenancy.Namespace) Namespace {
	v := Namespace{Namespace: id, NamespaceShowName: n.Name, Quota: n.Quota, ConfigCount: n.ConfigCount, Type: n.Type}
	if n.Desc != "" {
		v.NamespaceDesc = &n.Desc
	}
	return v
}

// Namespaces renders the list both APIs answer: the default namespace is
// listed under the empty id, Nacos's namespaceDefaultId.
func Namespaces(all []tenancy.Namespace) []Namespace {
	out := make([]Namespace, len(all))
	for i, n := range all {
		id := n.ID
		if n.Type == tenancy.TypeGlobal {
			id = ""
		}
		out[i] = NamespaceOf(id, n)
	}
	return out
}

// RestResult is Nacos's RestResult as RestResultUtils.success fills it: the
// v1 console answers its namespace list in it, and so does CSE's console
// facade over the same namespaces (seed 004 §6).
type RestResult struct {
	Code    int     `json:"code"`
	Message *string `json:"message"`
	Data    any     `json:"data"`
}
