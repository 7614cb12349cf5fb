package naming

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/causeway-dev/causeway/registry"
)

// BeatInfo is the part of a client's beat JSON (Nacos RsInfo) that matters:
// the instance a 1.x client sends with its beats, so that a server which
// lost it can register it again.
type BeatInfo struct {
	IP        string
	Port      int
	Cluster   string // "" when the beat names none
	Weight    float64
	Ephemeral bool
	Metadata  map[string]string // never nil
}

// ParseBeat reads the beat JSON as leniently as Nacos's Jackson does:
// unknown fields are ignored, numbers and booleans may come as strings and
// metadata values may be any scalar. It is stricter where Jackson would let
// nonsense through: a weight must be a finite number, ephemeral "true" or
// "false", metadata an object. An absent weight is 1 rather than Jackson's
// 0, so a re-registered instance keeps receiving traffic. Blank or "null"
// means no beat: nil, nil. A refusal is a KindInvalid error on "beat"
// ("Param 'beat' is illegal, <reason>."), or a KindInstanceMetadata one for
// metadata ParseMetadata refuses.
func ParseBeat(s string) (*BeatInfo, error) {
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
	bi := &BeatInfo{Weight: 1, Ephemeral: true, Metadata: map[string]string{}}
	for _, step := range []func(map[string]json.RawMessage, *BeatInfo) error{
		beatIP, beatPort, beatCluster, beatWeight, beatEphemeral, beatMetadata,
	} {
		if err := step(raw, bi); err != nil {
			return nil, err
		}
	}
	return bi, nil
}

// Ref answers the instance a beat is for in service k: the beat's address,
// in the beat's cluster or, when it names none, in cluster (Nacos #2533).
func (b *BeatInfo) Ref(k ServiceKey, cluster string) InstanceRef {
	if b.Cluster != "" {
		cluster = b.Cluster
	}
	return InstanceRef{Service: k, IP: b.IP, Port: b.Port, Cluster: cluster}
}

// Instance answers the instance the beat describes at ref, to be registered
// again if it is gone; nil for no beat.
func (b *BeatInfo) Instance(ref InstanceRef) *Instance {
	if b == nil {
		return nil
	}
	return &Instance{
		Service: ref.Service, IP: ref.IP, Port: ref.Port, Cluster: ref.Cluster, Weight: b.Weight,
		Enabled: true, Healthy: true, Ephemeral: b.Ephemeral, Metadata: b.Metadata,
	}
}

func errBeat(reason string) error {
	return registry.FieldErrorf(registry.KindInvalid, "beat", "Param 'beat' is illegal, %s.", reason)
}

// beatScalar answers a field of the beat as text: "" when it is absent or
// null, ok false when it is an object or an array.
func beatScalar(raw map[string]json.RawMessage, name string) (string, bool) {
	v, present := raw[name]
	if !present {
		return "", true
	}
	dec := json.NewDecoder(bytes.NewReader(v))
	dec.UseNumber()
	var x any
	if dec.Decode(&x) != nil {
		return "", false
	}
	return scalarString(x)
}

func beatIP(raw map[string]json.RawMessage, bi *BeatInfo) error {
	ip, ok := beatScalar(raw, "ip")
	if !ok {
		return errBeat("'ip' must be a string")
	}
	bi.IP = strings.TrimSpace(ip)
	return nil
}

func beatPort(raw map[string]json.RawMessage, bi *BeatInfo) error {
	v, ok := beatScalar(raw, "port")
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

func beatCluster(raw map[string]json.RawMessage, bi *BeatInfo) error {
	c, ok := beatScalar(raw, "cluster")
	if !ok {
		return errBeat("'cluster' must be a string")
	}
	bi.Cluster = strings.TrimSpace(c)
	return nil
}

func beatWeight(raw map[string]json.RawMessage, bi *BeatInfo) error {
	v, ok := beatScalar(raw, "weight")
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

func beatEphemeral(raw map[string]json.RawMessage, bi *BeatInfo) error {
	v, ok := beatScalar(raw, "ephemeral")
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

// beatMetadata reads the metadata object with ParseMetadata, as Nacos reads
// an instance's metadata parameter.
func beatMetadata(raw map[string]json.RawMessage, bi *BeatInfo) error {
	v := raw["metadata"]
	t := bytes.TrimSpace(v)
	if len(t) == 0 || string(t) == "null" {
		return nil // absent
	}
	if t[0] != '{' {
		return errBeat("'metadata' must be a JSON object")
	}
	md, err := ParseMetadata(string(v), registry.KindInstanceMetadata)
	if err != nil {
		return err
	}
	bi.Metadata = md
	return nil
}
