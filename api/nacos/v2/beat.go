package v2

import (
	"net/http"
	"strings"

	"github.com/causeway-dev/causeway/api/nacos/nacosform"
	"github.com/causeway-dev/causeway/api/nacos/nacosresult"

	"github.com/causeway-dev/causeway/api/httpx"
	"github.com/causeway-dev/causeway/api/nacos/nacoswire"
	"github.com/causeway-dev/causeway/registry"
	"github.com/causeway-dev/causeway/registry/naming"
)

// beat renews an ephemeral instance (PUT /nacos/v2/ns/instance/beat). An
// unknown instance answers code 20404 with HTTP 200, which tells the client
// to register again, unless the beat carries the instance, which is then
// registered again.
func (a *api) beat(r *http.Request, p httpx.Params) (any, error) {
	ref, info, err := readBeat(p)
	if err != nil {
		return nil, err
	}
	sw, err := a.reg.GetSwitches(r.Context())
	if err != nil {
		return nil, err
	}
	full := info.Instance(ref)
	res, err := a.reg.Beat(r.Context(), ref, full)
	reply, err := nacoswire.NewBeatReply(res, err, full == nil, sw)
	if err != nil {
		return nil, err
	}
	return nacosresult.Bare{V: reply}, nil
}

// readBeat reads the beat's parameters; the beat JSON, when given, names the
// instance (and its cluster when it has one), as in Nacos.
func readBeat(p httpx.Params) (naming.InstanceRef, *naming.BeatInfo, error) {
	rd := nacosform.New(p, queryMissing)
	ns := rd.Str("namespaceId", naming.DefaultNamespace)
	grouped := rd.Need("serviceName")
	ref := naming.InstanceRef{IP: rd.Str("ip", ""), Cluster: rd.Str("clusterName", naming.DefaultCluster)}
	ref.Port = rd.Int("port", 0)
	raw := rd.Str("beat", "")
	if rd.Err() != nil {
		return ref, nil, rd.Err()
	}
	info, err := naming.ParseBeat(raw)
	if err != nil {
		return ref, nil, err
	}
	if info != nil {
		ref = info.Ref(ref.Service, ref.Cluster)
	}
	group, name, err := splitGroupedName(grouped)
	ref.Service = naming.ServiceKey{Namespace: ns, Group: group, Name: name}
	return ref, info, err
}

// splitGroupedName applies NamingUtils.checkServiceNameFormat: the beat's
// serviceName must be groupName@@serviceName.
func splitGroupedName(grouped string) (group, name string, err error) {
	group, name, ok := strings.Cut(grouped, naming.GroupSeparator)
	if !ok || name == "" {
		return "", "", registry.FieldErrorf(registry.KindInvalid, "serviceName",
			"Param 'serviceName' is illegal, it should be format as 'groupName@@serviceName'")
	}
	if group == "" {
		return "", "", registry.FieldErrorf(registry.KindInvalid, "serviceName",
			"Param 'serviceName' is illegal, groupName can't be empty")
	}
	return group, name, nil
}
