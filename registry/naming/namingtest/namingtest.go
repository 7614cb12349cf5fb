// Package namingtest holds helpers for tests of the packages built on the
// naming registry.
package namingtest

import (
	"sort"
	"strings"

	"github.com/causeway-dev/causeway/registry/naming"
)

// Addresses lists the instances of service name in the default namespace
// and group, disabled ones included, as sorted "ip:port@cluster"; "" when
// the service does not exist.
func Addresses(reg *naming.Registry, name string) string {
	k := naming.ServiceKey{Namespace: naming.DefaultNamespace, Group: naming.DefaultGroup, Name: name}
	list, err := reg.ListInstances(k, naming.Query{IncludeDisabled: true})
	if err != nil {
		return ""
	}
	out := make([]string, 0, len(list.Instances))
	for _, in := range list.Instances {
		out = append(out, in.Address()+"@"+in.Cluster)
	}
	sort.Strings(out)
	return strings.Join(out, ",")
}
