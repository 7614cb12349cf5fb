package v2

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/causeway-dev/causeway/api/httpx"
	"github.com/causeway-dev/causeway/registry"
	"github.com/causeway-dev/causeway/registry/naming"
)

// Codes of the beat answer (ResponseCode.OK, NamingResponseCode.RESOURCE_NOT_FOUND).
const (
	beatOK       = 10200
	beatNotFound = 20404
)

// beatInfo is the beat parameter: the part of Nacos's RsInfo that matters,
// the JSON a 1.x client sends so that a lost instance can be registered
// again.
type beatInfo struct {
	IP        string
	Port      int
	Cluster   string
	Weight    float64
	Ephemeral bool
	Metadata  map[string]string
}

// beatReply is the bare object the beat answers.
type beatReply struct {
	ClientBeatInterval int64 `json:"clientBeatInterval"`
	Code               int   `json:"code"`
	LightBeatEnabled   bool  `json:"lightBeatEnabled"`
}

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
	full := info.instance(ref)
	if full != nil {
		// Checked now, so a bad beat is refused even for an instance that
		// exists, when the registry would not look at it.
		if err := naming.ValidateInstance(full); err != nil {
			return nil, err
		}
	}
	code := beatOK
	_, err = a.reg.Beat(r.Context(), ref, full)
	if full == nil && registry.KindOf(err) == registry.KindInstanceNotFound {
		code, err = beatNotFound, nil
	}
	if err != nil {
		return nil, err
	}
	return bare{beatReply{
		ClientBeatInterval: a.beatInterval(ref, sw),
		Code:               code,
		LightBeatEnabled:   sw.LightBeatEnabled,
	}}, nil
}

// beatInterval is Nacos's getHeartBeatInterval: the instance's own
// preserved.heart.beat.interval, else the clientBeatInterval switch.
func (a *api) beatInterval(ref naming.InstanceRef, sw naming.Switches) int64 {
	in, err := a.reg.GetInstance(ref)
	if err == nil {
		if _, ok := in.Metadata[naming.MetaBeatInterval]; ok {
			return in.BeatInterval().Milliseconds()
		}
	}
	return sw.ClientBeatInterval
}

// readBeat reads the beat's parameters; the beat JSON, when given, names the
// instance (and its cluster when it has one), as in Nacos.
func readBeat(p httpx.Params) (naming.InstanceRef, *beatInfo, error) {
	rd := newReader(p, queryMissing)
	ns := rd.str("namespaceId", naming.DefaultNamespace)
	grouped := rd.need("serviceName")
	ref := naming.InstanceRef{IP: rd.str("ip", ""), Cluster: rd.str("clusterName", naming.DefaultCluster)}
	ref.Port = rd.integer("port", 0)
	raw := rd.str("beat", "")
	if rd.err != nil {
		return ref, nil, rd.err
	}
	info, err := parseBeat(raw)
	if err != nil {
		return ref, nil, err
	}
	if info != nil {
		if info.Cluster != "" {
			ref.Cluster = info.Cluster
		}
		ref.IP, ref.Port = info.IP, info.Port
	}
	group, name, err := splitGroupedName(grouped)
	ref.Service = naming.ServiceKey{Namespace: ns, Group: group, Name: name}
	return ref, info, err
}

// parseBeat reads the beat JSON as leniently as Jackson: unknown fields are
// ignored and numbers and booleans may come as strings. An absent weight is
// 1 rather than Jackson's 0, so a re-registered instance keeps receiving
// traffic. Blank or null means no beat.
func parseBeat(raw string) (*beatInfo, error) {
	if raw == "" {
		return nil, nil
	}
	dec := json.NewDecoder(strings.NewReader(raw))
	dec.UseNumber()
	var obj map[string]any
	if err := dec.Decode(&obj); err != nil || dec.More() {
		return nil, badBeat("it is not a JSON object")
	}
	if obj == nil {
		return nil, nil
	}
	info := &beatInfo{IP: scalar(obj["ip"]), Cluster: scalar(obj["cluster"]), Weight: 1, Ephemeral: true}
	if err := readBeatNumbers(obj, info); err != nil {
		return nil, err
	}
	md, isObj := obj["metadata"].(map[string]any)
	if !isObj && obj["metadata"] != nil {
		return nil, badBeat("'metadata' must be an object")
	}
	info.Metadata = make(map[string]string, len(md))
	for k, v := range md {
		info.Metadata[k] = scalar(v)
	}
	return info, nil
}

func readBeatNumbers(obj map[string]any, info *beatInfo) error {
	var err error
	if s := scalar(obj["port"]); s != "" {
		if info.Port, err = strconv.Atoi(s); err != nil {
			return badBeat(fmt.Sprintf("'port' %q is not an int", s))
		}
	}
	if s := scalar(obj["weight"]); s != "" {
		if info.Weight, err = strconv.ParseFloat(s, 64); err != nil {
			return badBeat(fmt.Sprintf("'weight' %q is not a number", s))
		}
	}
	if s := scalar(obj["ephemeral"]); s != "" {
		if info.Ephemeral, err = strconv.ParseBool(s); err != nil {
			return badBeat(fmt.Sprintf("'ephemeral' %q is not a boolean", s))
		}
	}
	return nil
}

func badBeat(reason string) error {
	return registry.FieldErrorf(registry.KindInvalid, "beat", "Param 'beat' is illegal, %s.", reason)
}

// instance is the instance the beat describes, registered again when it is
// gone; nil without beat JSON.
func (b *beatInfo) instance(ref naming.InstanceRef) *naming.Instance {
	if b == nil {
		return nil
	}
	return &naming.Instance{Service: ref.Service, IP: ref.IP, Port: ref.Port, Cluster: ref.Cluster,
		Weight: b.Weight, Enabled: true, Healthy: true, Ephemeral: b.Ephemeral, Metadata: b.Metadata}
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
