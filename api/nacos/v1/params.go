package v1

import (
	"strconv"
	"strings"

	"github.com/causeway-dev/causeway/api/httpx"
	"github.com/causeway-dev/causeway/registry"
	"github.com/causeway-dev/causeway/registry/naming"
)

// missingFn words a missing parameter: instance endpoints read parameters
// through WebUtils (errRequired), service endpoints through Spring binding
// (errMissing), and Nacos words the two differently.
type missingFn func(name string) error

// serviceKey reads namespaceId, serviceName and groupName. A grouped
// serviceName ("group@@name") brings its own group and wins over groupName,
// as Nacos's ServiceNameFilter and parameter extractors make it.
func serviceKey(p httpx.Params, missing missingFn) (naming.ServiceKey, error) {
	raw := p.Str("serviceName", "")
	if raw == "" {
		return naming.ServiceKey{}, missing("serviceName")
	}
	k := naming.ServiceKey{
		Namespace: p.Str("namespaceId", naming.DefaultNamespace),
		Group:     p.Str("groupName", naming.DefaultGroup),
		Name:      raw,
	}
	if group, name, grouped := strings.Cut(raw, naming.GroupSeparator); grouped {
		if name == "" {
			return k, errBadRequest("Param 'serviceName' is illegal, it should be format as 'groupName@@serviceName'")
		}
		if group == "" {
			return k, errBadRequest("Param 'serviceName' is illegal, groupName can't be empty")
		}
		k.Group, k.Name = group, name
	}
	return k, naming.ValidateServiceKey(k)
}

// clusterParam reads clusterName, falling back to the older "cluster".
func clusterParam(p httpx.Params) (string, error) {
	c := p.Str("clusterName", p.Str("cluster", naming.DefaultCluster))
	return c, naming.ValidateCluster(c)
}

// portParam reads a required port. Anything that is not a port, numeric or
// not, gets the registry's range message, as Nacos's parameter checker does.
func portParam(p httpx.Params, name string) (int, error) {
	v, err := p.Required(name)
	if err != nil {
		return 0, err
	}
	port, err := strconv.Atoi(v)
	if err != nil {
		port = -1
	}
	return port, naming.ValidatePort(port)
}

// boolParam reads a boolean strictly (see errNotABoolean).
func boolParam(p httpx.Params, name string, def bool) (bool, error) {
	return p.Bool(name, def, true)
}

// instanceRef reads the locator of one instance: service, ip, port, cluster.
func instanceRef(p httpx.Params) (naming.InstanceRef, error) {
	k, err := serviceKey(p, errRequired)
	if err != nil {
		return naming.InstanceRef{}, err
	}
	ip, err := p.Required("ip")
	if err != nil {
		return naming.InstanceRef{}, err
	}
	if err := naming.ValidateIP(ip); err != nil {
		return naming.InstanceRef{}, err
	}
	port, err := portParam(p, "port")
	if err != nil {
		return naming.InstanceRef{}, err
	}
	cluster, err := clusterParam(p)
	if err != nil {
		return naming.InstanceRef{}, err
	}
	return naming.InstanceRef{Service: k, IP: ip, Port: port, Cluster: cluster}, nil
}

// instanceFields are the settable fields of an instance request; nil means
// the parameter was absent.
type instanceFields struct {
	weight    *float64
	enabled   *bool
	healthy   *bool
	ephemeral *bool
	metadata  map[string]string
}

// readInstanceFields reads weight, enabled (or the older "enable"),
// healthy, ephemeral and metadata, each only when present.
func readInstanceFields(p httpx.Params) (instanceFields, error) {
	var f instanceFields
	var err error
	if p.Has("weight") {
		w, err := p.Float("weight", 1)
		if err != nil {
			return f, err
		}
		f.weight = &w
	}
	enabledName := "enabled"
	if !p.Has(enabledName) {
		enabledName = "enable"
	}
	if f.enabled, err = optBool(p, enabledName); err != nil {
		return f, err
	}
	if f.healthy, err = optBool(p, "healthy"); err != nil {
		return f, err
	}
	if f.ephemeral, err = optBool(p, "ephemeral"); err != nil {
		return f, err
	}
	if p.Has("metadata") {
		f.metadata, err = naming.ParseMetadata(p.Get("metadata"), registry.KindInstanceMetadata)
	}
	return f, err
}

// optBool reads an instance's flag (healthy, enabled, ephemeral) as
// HttpRequestInstanceBuilder does with ConvertUtils.toBoolean: y, yes, on,
// true or t is true and n, no, off, false or f false, in any case. Nacos
// reads anything else as false; Causeway refuses it (see errNotABoolean).
// Nil when absent.
func optBool(p httpx.Params, name string) (*bool, error) {
	if !p.Has(name) {
		return nil, nil
	}
	v := p.Str(name, "")
	var b bool
	switch strings.ToLower(v) {
	case "y", "yes", "on", "true", "t":
		b = true
	case "n", "no", "off", "false", "f":
	default:
		return nil, errNotABoolean(name, v)
	}
	return &b, nil
}

func orFloat(v *float64, def float64) float64 {
	if v == nil {
		return def
	}
	return *v
}

func orBool(v *bool, def bool) bool {
	if v == nil {
		return def
	}
	return *v
}
