package v1

import (
	"bytes"
	"encoding/json"
	"net/http"
	"strconv"
	"strings"

	"github.com/causeway-dev/causeway/api/httpx"
	"github.com/causeway-dev/causeway/registry"
	"github.com/causeway-dev/causeway/registry/naming"
)

// batchUpdateMetadata: PUT /instance/metadata/batch merges metadata into
// the selected instances.
func (h *handler) batchUpdateMetadata(w http.ResponseWriter, r *http.Request, p httpx.Params) error {
	return h.batchMetadata(w, r, p, false)
}

// batchDeleteMetadata: DELETE /instance/metadata/batch removes the keys of
// metadata from the selected instances (the values are ignored).
func (h *handler) batchDeleteMetadata(w http.ResponseWriter, r *http.Request, p httpx.Params) error {
	return h.batchMetadata(w, r, p, true)
}

// batchJSON is the answer: "ip:port:unknown:cluster:ephemeral|persist" for
// every instance changed.
type batchJSON struct {
	Updated []string `json:"updated"`
}

func (h *handler) batchMetadata(w http.ResponseWriter, r *http.Request, p httpx.Params, remove bool) error {
	k, err := serviceKey(p, errRequired)
	if err != nil {
		return err
	}
	targets, err := parseBatchInstances(p.Get("instances"))
	if err != nil {
		return err
	}
	if !p.Has("metadata") {
		return errRequired("metadata")
	}
	md, err := naming.ParseMetadata(p.Get("metadata"), registry.KindInstanceMetadata)
	if err != nil {
		return err
	}
	if !remove {
		// Refuse metadata no instance could carry before changing any.
		probe := naming.Instance{Service: k, IP: "127.0.0.1", Port: 1, Cluster: naming.DefaultCluster, Weight: 1, Metadata: md}
		if err := naming.ValidateInstance(&probe); err != nil {
			return err
		}
	}
	selects := batchSelection(p.Str("consistencyType", ""), targets)
	changed, err := h.reg.BatchMetadata(r.Context(), k, selects, md, remove)
	if err != nil && registry.KindOf(err) != registry.KindServiceNotFound {
		return err
	}
	out := batchJSON{Updated: make([]string, 0, len(changed))}
	for _, in := range changed {
		out.Updated = append(out.Updated, in.Address()+":unknown:"+in.Cluster+":"+kindName(in.Ephemeral))
	}
	return writeJackson(w, out)
}

func kindName(ephemeral bool) string {
	if ephemeral {
		return "ephemeral"
	}
	return "persist"
}

// batchSelection picks the instances to change, with the seed's rules:
// consistencyType "ephemeral" or "persist" selects every instance of that
// kind and overrides instances; any other consistencyType selects none;
// without one, the listed instances are selected (none when none are
// listed, where Nacos would change every instance of the service).
func batchSelection(consistencyType string, targets []batchTarget) func(*naming.Instance) bool {
	switch consistencyType {
	case "ephemeral":
		return func(in *naming.Instance) bool { return in.Ephemeral }
	case "persist":
		return func(in *naming.Instance) bool { return !in.Ephemeral }
	case "":
		return func(in *naming.Instance) bool {
			for _, t := range targets {
				if t.matches(in) {
					return true
				}
			}
			return false
		}
	}
	return func(*naming.Instance) bool { return false }
}

// batchTarget locates one instance of the "instances" parameter.
type batchTarget struct {
	ip        string
	port      int
	cluster   string
	ephemeral bool
}

func (t batchTarget) matches(in *naming.Instance) bool {
	return in.IP == t.ip && in.Port == t.port && in.Cluster == t.cluster && in.Ephemeral == t.ephemeral
}

// parseBatchInstances reads the "instances" JSON array. Ports and ephemeral
// flags may be strings, as the seed's examples send them; clusterName
// defaults to DEFAULT and ephemeral to true.
func parseBatchInstances(s string) ([]batchTarget, error) {
	if strings.TrimSpace(s) == "" {
		return nil, nil
	}
	var raw []map[string]json.RawMessage
	if err := json.Unmarshal([]byte(s), &raw); err != nil {
		return nil, errInstances("it should be a JSON array of instances")
	}
	out := make([]batchTarget, 0, len(raw))
	for _, obj := range raw {
		t, err := parseBatchTarget(obj)
		if err != nil {
			return nil, err
		}
		out = append(out, t)
	}
	return out, nil
}

func errInstances(reason string) error {
	return errBadRequest("Param 'instances' is illegal, " + reason + ".")
}

func parseBatchTarget(obj map[string]json.RawMessage) (batchTarget, error) {
	t := batchTarget{cluster: naming.DefaultCluster, ephemeral: true}
	ip, ok1 := scalar(obj, "ip")
	port, ok2 := scalar(obj, "port")
	cluster, ok3 := scalar(obj, "clusterName")
	eph, ok4 := scalar(obj, "ephemeral")
	if !ok1 || !ok2 || !ok3 || !ok4 {
		return t, errInstances("ip, port, clusterName and ephemeral must be scalars")
	}
	t.ip = strings.TrimSpace(ip)
	if err := naming.ValidateIP(t.ip); err != nil {
		return t, err
	}
	n, err := strconv.Atoi(strings.TrimSpace(port))
	if err != nil {
		n = -1
	}
	if err := naming.ValidatePort(n); err != nil {
		return t, err
	}
	t.port = n
	if c := strings.TrimSpace(cluster); c != "" {
		t.cluster = c
	}
	if err := naming.ValidateCluster(t.cluster); err != nil {
		return t, err
	}
	switch strings.ToLower(strings.TrimSpace(eph)) {
	case "", "true":
	case "false":
		t.ephemeral = false
	default:
		return t, errNotABoolean("ephemeral", eph)
	}
	return t, nil
}

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
