package bridge

import (
	"strings"
	"sync/atomic"

	"github.com/causeway-dev/causeway/registry"
	"github.com/causeway-dev/causeway/registry/http2rpc"
	"github.com/causeway-dev/causeway/registry/naming"
)

// Instances is where providers come from: *naming.Registry.
type Instances interface {
	ListInstances(k naming.ServiceKey, q naming.Query) (*naming.InstanceList, error)
}

// providers picks a healthy provider of a mapping, in turn.
type providers struct {
	reg  Instances
	next atomic.Uint64
}

// destination answers the registry service of a mapping's providers: its
// routeDestinationName in the gateway project's namespace, in group
// DEFAULT_GROUP (where Dubbo's Nacos registry puts providers:...) unless
// the name says group@@name.
func destination(project string, m *http2rpc.Mapping) naming.ServiceKey {
	group, name, found := strings.Cut(m.RouteDestinationName, naming.GroupSeparator)
	if !found {
		group, name = registry.DefaultGroup, m.RouteDestinationName
	}
	return naming.ServiceKey{Namespace: registry.NamespaceOfProject(project), Group: group, Name: name}
}

// pick answers the address of a healthy, enabled provider; "" when there
// is none.
func (p *providers) pick(k naming.ServiceKey) string {
	list, err := p.reg.ListInstances(k, naming.Query{HealthyOnly: true})
	if err != nil {
		return ""
	}
	var live []*naming.Instance
	for _, in := range list.Instances {
		if in.Healthy && in.Enabled {
			live = append(live, in)
		}
	}
	if len(live) == 0 {
		return ""
	}
	return live[p.next.Add(1)%uint64(len(live))].Address()
}
