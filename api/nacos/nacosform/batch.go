package nacosform

import (
	"encoding/json"
	"strconv"
	"strings"

	"github.com/causeway-dev/causeway/api/httpx"
	"github.com/causeway-dev/causeway/api/nacos/nacosresult"
	"github.com/causeway-dev/causeway/registry"
	"github.com/causeway-dev/causeway/registry/naming"
)

// ConsistencyPersist is UtilsAndCommons.PERSIST: the batch then works on
// persistent instances, otherwise on ephemeral ones.
const ConsistencyPersist = "persist"

// BatchForm is Nacos's InstanceMetadataBatchOperationForm, parsed: the
// form of PUT and DELETE .../instance/metadata/batch in Nacos 2 and 3.
type BatchForm struct {
	Key       naming.ServiceKey
	Ephemeral bool
	Targets   []Target // empty: every instance of the kind
	Metadata  map[string]string
}

// Target locates one instance by ip, port, cluster and kind.
type Target struct {
	IP        string
	Port      int
	Cluster   string
	Ephemeral bool
}

// Selects reports whether the batch works on in: one of its targets, or
// with no targets every instance of its kind.
func (f *BatchForm) Selects(in *naming.Instance) bool {
	if len(f.Targets) == 0 {
		return in.Ephemeral == f.Ephemeral
	}
	for _, t := range f.Targets {
		if t.IP == in.IP && t.Port == in.Port && t.Cluster == in.Cluster && t.Ephemeral == in.Ephemeral {
			return true
		}
	}
	return false
}

// ReadBatchForm reads the batch form: the service, the required metadata,
// consistencyType and the instance list, missing parameters worded as the
// form's validate() does.
func ReadBatchForm(p httpx.Params) (*BatchForm, error) {
	rd := New(p, nacosresult.FormMissing)
	f := &BatchForm{Key: rd.ServiceKey()}
	rawMD := rd.Need("metadata")
	f.Ephemeral = rd.Str("consistencyType", "") != ConsistencyPersist
	rawInstances := rd.Str("instances", "")
	if rd.Err() != nil {
		return nil, rd.Err()
	}
	if err := naming.ValidateServiceKey(f.Key); err != nil {
		return nil, err
	}
	md, err := naming.ParseMetadata(rawMD, registry.KindInstanceMetadata)
	if err != nil {
		return nil, err
	}
	f.Metadata = md
	f.Targets, err = ParseTargets(rawInstances, f.Ephemeral)
	if err != nil {
		return nil, err
	}
	return f, nil
}

// ParseTargets reads the instances parameter, a JSON array of Nacos
// Instance objects. Like Jackson it takes numbers and booleans given as
// strings. Unlike Nacos, which ignores an unreadable list and then updates
// every instance, it refuses it, so a typo does not change every instance
// of the service.
func ParseTargets(raw string, ephemeral bool) ([]Target, error) {
	if raw == "" {
		return nil, nil
	}
	dec := json.NewDecoder(strings.NewReader(raw))
	dec.UseNumber()
	var items []map[string]any
	if err := dec.Decode(&items); err != nil {
		return nil, badInstances("it should be a JSON array of instances")
	}
	out := make([]Target, 0, len(items))
	for _, it := range items {
		t, err := parseTarget(it, ephemeral)
		if err != nil {
			return nil, err
		}
		out = append(out, t)
	}
	return out, nil
}

// parseTarget reads one instance; one that does not say whether it is
// ephemeral is of the batch's kind, and a blank cluster is DEFAULT, as in
// Nacos's buildOperationInfo.
func parseTarget(it map[string]any, ephemeral bool) (Target, error) {
	t := Target{IP: Scalar(it["ip"]), Cluster: Scalar(it["clusterName"]), Ephemeral: ephemeral}
	if t.IP == "" {
		return t, badInstances("every instance needs an ip")
	}
	if t.Cluster == "" {
		t.Cluster = naming.DefaultCluster
	}
	port, err := strconv.Atoi(Scalar(it["port"]))
	if err != nil {
		return t, badInstances("port " + strconv.Quote(Scalar(it["port"])) + " is not a valid int")
	}
	t.Port = port
	if e := Scalar(it["ephemeral"]); e != "" {
		b, err := strconv.ParseBool(e)
		if err != nil {
			return t, badInstances("ephemeral " + strconv.Quote(e) + " is not a valid boolean")
		}
		t.Ephemeral = b
	}
	for _, check := range []error{naming.ValidateIP(t.IP), naming.ValidatePort(t.Port), naming.ValidateCluster(t.Cluster)} {
		if check != nil {
			return t, check
		}
	}
	return t, nil
}

// Scalar renders a JSON scalar decoded with UseNumber as its text, a string
// trimmed; objects, arrays and null are empty.
func Scalar(v any) string {
	switch x := v.(type) {
	case string:
		return strings.TrimSpace(x)
	case json.Number:
		return x.String()
	case bool:
		return strconv.FormatBool(x)
	}
	return ""
}

func badInstances(why string) error {
	return registry.FieldErrorf(registry.KindInvalid, "instances", "Param 'instances' is illegal, %s", why)
}
