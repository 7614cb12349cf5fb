package v1

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"net/http"
	"strconv"
	"strings"

	"github.com/causeway-dev/causeway/api/httpx"
	"github.com/causeway-dev/causeway/registry"
	"github.com/causeway-dev/causeway/registry/naming"
)

// Result codes of a beat (Nacos NamingResponseCode).
const (
	beatOK       = 10200
	beatNotFound = 20404
)

// beatJSON is the answer of a beat, in Nacos's field order.
type beatJSON struct {
	ClientBeatInterval int64 `json:"clientBeatInterval"`
	Code               int   `json:"code"`
	LightBeatEnabled   bool  `json:"lightBeatEnabled"`
}

// beat: PUT /instance/beat. A full beat (the "beat" JSON) carries the whole
// instance, and re-registers it when the server lost it; a light beat (ip,
// port and clusterName parameters) only refreshes a known instance and
// answers code 20404 for an unknown one, telling the client to register.
func (h *handler) beat(w http.ResponseWriter, r *http.Request, p httpx.Params) error {
	bi, err := parseBeat(p.Get("beat"))
	if err != nil {
		return err
	}
	k, err := serviceKey(p, errRequired)
	if err != nil {
		return err
	}
	ref, full, err := beatTarget(p, k, bi)
	if err != nil {
		return err
	}
	sw, err := h.reg.GetSwitches(r.Context())
	if err != nil {
		return err
	}
	code := beatOK
	_, err = h.reg.Beat(r.Context(), ref, full)
	if full == nil && registry.KindOf(err) == registry.KindInstanceNotFound {
		code, err = beatNotFound, nil
	}
	if err != nil {
		return err
	}
	return writeJSON(w, beatJSON{
		ClientBeatInterval: h.beatInterval(ref, sw),
		Code:               code,
		LightBeatEnabled:   sw.LightBeatEnabled,
	})
}

// beatTarget works out which instance a beat is for and, for a full beat,
// the instance to register again if it is gone.
func beatTarget(p httpx.Params, k naming.ServiceKey, bi *beatInfo) (naming.InstanceRef, *naming.Instance, error) {
	cluster, err := clusterParam(p)
	if err != nil {
		return naming.InstanceRef{}, nil, err
	}
	if bi == nil {
		if !p.Has("ip") {
			return naming.InstanceRef{}, nil, errRequired("beat")
		}
		ip := p.Str("ip", "")
		if err := naming.ValidateIP(ip); err != nil {
			return naming.InstanceRef{}, nil, err
		}
		port, err := portParam(p, "port")
		return naming.InstanceRef{Service: k, IP: ip, Port: port, Cluster: cluster}, nil, err
	}
	if bi.Cluster != "" {
		cluster = bi.Cluster
	}
	ref := naming.InstanceRef{Service: k, IP: bi.IP, Port: bi.Port, Cluster: cluster}
	full := &naming.Instance{
		Service: k, IP: bi.IP, Port: bi.Port, Cluster: cluster, Weight: bi.Weight,
		Enabled: true, Healthy: true, Ephemeral: bi.Ephemeral, Metadata: bi.Metadata,
	}
	// Validate now, so a bad beat is refused even when the instance exists
	// and the registry would not look at the full instance.
	return ref, full, naming.ValidateInstance(full)
}

// beatInterval is what the client should beat at: its instance's
// preserved.heart.beat.interval, else the clientBeatInterval switch.
func (h *handler) beatInterval(ref naming.InstanceRef, sw naming.Switches) int64 {
	if in, err := h.reg.GetInstance(ref); err == nil {
		if _, ok := in.Metadata[naming.MetaBeatInterval]; ok {
			return in.BeatInterval().Milliseconds()
		}
	}
	return sw.ClientBeatInterval
}

// beatInfo is the part of a client's beat JSON (Nacos RsInfo) that matters.
type beatInfo struct {
	IP        string
	Port      int
	Cluster   string
	Weight    float64
	Ephemeral bool
	Metadata  map[string]string
}

// parseBeat reads the beat JSON as leniently as Nacos's Jackson does:
// unknown fields are ignored, numbers and booleans may come as strings and
// metadata values may be any scalar. Blank or "null" means no beat.
func parseBeat(s string) (*beatInfo, error) {
	if strings.TrimSpace(s) == "" {
		return nil, nil
	}
	dec := json.NewDecoder(strings.NewReader(s))
	dec.UseNumber()
	var raw map[string]json.RawMessage
	if err := dec.Decode(&raw); err != nil || dec.More() {
		return nil, errBeat("it is not a JSON object")
	}
	if raw == nil {
		return nil, nil
	}
	bi := &beatInfo{Weight: 1, Ephemeral: true, Metadata: map[string]string{}}
	for _, step := range []func(map[string]json.RawMessage, *beatInfo) error{
		beatIP, beatPort, beatCluster, beatWeight, beatEphemeral, beatMetadata,
	} {
		if err := step(raw, bi); err != nil {
			return nil, err
		}
	}
	return bi, nil
}

func errBeat(reason string) error { return errBadRequest("Param 'beat' is illegal, " + reason + ".") }

// scalar answers a JSON scalar as text; ok is false for objects and arrays.
// A missing field or null is "", true.
func scalar(raw map[string]json.RawMessage, name string) (string, bool) {
	v, present := raw[name]
	if !present {
		return "", true
	}
	v = bytes.TrimSpace(v)
	switch {
	case len(v) == 0 || string(v) == "null":
		return "", true
	case v[0] == '"':
		var s string
		if json.Unmarshal(v, &s) != nil {
			return "", false
		}
		return s, true
	case v[0] == '{' || v[0] == '[':
		return "", false
	}
	return string(v), true
}

func beatIP(raw map[string]json.RawMessage, bi *beatInfo) error {
	ip, ok := scalar(raw, "ip")
	if !ok {
		return errBeat("'ip' must be a string")
	}
	bi.IP = strings.TrimSpace(ip)
	return nil
}

func beatPort(raw map[string]json.RawMessage, bi *beatInfo) error {
	v, ok := scalar(raw, "port")
	if !ok {
		return errBeat("'port' must be a number")
	}
	if v == "" {
		return nil // Jackson leaves it 0, which validation refuses
	}
	port, err := strconv.ParseInt(strings.TrimSpace(v), 10, 32)
	if err != nil {
		return errBeat(fmt.Sprintf("'port' %q is not an int", v))
	}
	bi.Port = int(port)
	return nil
}

func beatCluster(raw map[string]json.RawMessage, bi *beatInfo) error {
	c, ok := scalar(raw, "cluster")
	if !ok {
		return errBeat("'cluster' must be a string")
	}
	bi.Cluster = strings.TrimSpace(c)
	return nil
}

func beatWeight(raw map[string]json.RawMessage, bi *beatInfo) error {
	v, ok := scalar(raw, "weight")
	if !ok {
		return errBeat("'weight' must be a number")
	}
	if v == "" {
		return nil // keep weight 1 rather than Jackson's 0 for an absent weight
	}
	w, err := strconv.ParseFloat(strings.TrimSpace(v), 64)
	if err != nil || math.IsNaN(w) || math.IsInf(w, 0) {
		return errBeat(fmt.Sprintf("'weight' %q is not a number", v))
	}
	bi.Weight = w
	return nil
}

func beatEphemeral(raw map[string]json.RawMessage, bi *beatInfo) error {
	v, ok := scalar(raw, "ephemeral")
	if !ok {
		return errBeat("'ephemeral' must be a boolean")
	}
	switch strings.ToLower(strings.TrimSpace(v)) {
	case "", "true":
		bi.Ephemeral = true
	case "false":
		bi.Ephemeral = false
	default:
		return errBeat(fmt.Sprintf("'ephemeral' %q is not a boolean", v))
	}
	return nil
}

func beatMetadata(raw map[string]json.RawMessage, bi *beatInfo) error {
	v, present := raw["metadata"]
	if !present || string(bytes.TrimSpace(v)) == "null" {
		return nil
	}
	if t := bytes.TrimSpace(v); len(t) == 0 || t[0] != '{' {
		return errBeat("'metadata' must be a JSON object")
	}
	md, err := naming.ParseMetadata(string(v), registry.KindInstanceMetadata)
	if err != nil {
		return err
	}
	bi.Metadata = md
	return nil
}
