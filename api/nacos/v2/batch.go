package v2

import (
	"encoding/json"
	"maps"
	"net/http"
	"strconv"
	"strings"

	"github.com/causeway-dev/causeway/api/httpx"
	"github.com/causeway-dev/causeway/registry"
	"github.com/causeway-dev/causeway/registry/naming"
)

// consistencyPersist is UtilsAndCommons.PERSIST: the batch then works on
// persistent instances, otherwise on ephemeral ones.
const consistencyPersist = "persist"

// batchForm is Nacos's InstanceMetadataBatchOperationForm, parsed.
type batchForm struct {
	key       naming.ServiceKey
	ephemeral bool
	targets   []batchTarget // empty: every instance of the kind
	metadata  map[string]string
}

// batchTarget locates one instance by ip, port, cluster and kind.
type batchTarget struct {
	ip        string
	port      int
	cluster   string
	ephemeral bool
}

func (f *batchForm) selects(in *naming.Instance) bool {
	if len(f.targets) == 0 {
		return in.Ephemeral == f.ephemeral
	}
	for _, t := range f.targets {
		if t.ip == in.IP && t.port == in.Port && t.cluster == in.Cluster && t.ephemeral == in.Ephemeral {
			return true
		}
	}
	return false
}

func (a *api) batchUpdateMetadata(r *http.Request, p httpx.Params) (any, error) {
	return a.batchMetadata(r, p, false)
}

func (a *api) batchDeleteMetadata(r *http.Request, p httpx.Params) (any, error) {
	return a.batchMetadata(r, p, true)
}

// batchMetadata merges (or removes) metadata keys on the selected instances.
// Every resulting instance is checked before the first write, so a batch
// that would make one instance invalid changes none.
func (a *api) batchMetadata(r *http.Request, p httpx.Params, remove bool) (any, error) {
	f, err := readBatchForm(p)
	if err != nil {
		return nil, err
	}
	if err := a.checkBatch(f, remove); err != nil {
		return nil, err
	}
	if _, err := a.reg.BatchMetadata(r.Context(), f.key, f.selects, f.metadata, remove); err != nil {
		return nil, err
	}
	return true, nil
}

func (a *api) checkBatch(f *batchForm, remove bool) error {
	view, err := a.reg.GetService(f.key)
	if err != nil {
		return err
	}
	for _, in := range view.Instances {
		if !f.selects(in) {
			continue
		}
		next := *in
		next.Metadata = maps.Clone(in.Metadata)
		applyMetadata(next.Metadata, f.metadata, remove)
		if err := naming.ValidateInstance(&next); err != nil {
			return err
		}
	}
	return nil
}

func applyMetadata(dst, md map[string]string, remove bool) {
	for k, v := range md {
		if remove {
			delete(dst, k)
		} else {
			dst[k] = v
		}
	}
}

func readBatchForm(p httpx.Params) (*batchForm, error) {
	rd := newReader(p, formMissing)
	f := &batchForm{key: rd.serviceKey()}
	rawMD := rd.need("metadata")
	f.ephemeral = rd.str("consistencyType", "") != consistencyPersist
	rawInstances := rd.str("instances", "")
	if rd.err != nil {
		return nil, rd.err
	}
	if err := naming.ValidateServiceKey(f.key); err != nil {
		return nil, err
	}
	md, err := naming.ParseMetadata(rawMD, registry.KindInstanceMetadata)
	if err != nil {
		return nil, err
	}
	f.metadata = md
	f.targets, err = parseTargets(rawInstances, f.ephemeral)
	return f, err
}

// parseTargets reads the instances parameter, a JSON array of Nacos
// Instance objects. Like Jackson it takes numbers and booleans given as
// strings. Unlike Nacos, which ignores an unreadable list and then updates
// every instance, it refuses it.
func parseTargets(raw string, ephemeral bool) ([]batchTarget, error) {
	if raw == "" {
		return nil, nil
	}
	dec := json.NewDecoder(strings.NewReader(raw))
	dec.UseNumber()
	var items []map[string]any
	if err := dec.Decode(&items); err != nil {
		return nil, badInstances("it should be a JSON array of instances")
	}
	out := make([]batchTarget, 0, len(items))
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
func parseTarget(it map[string]any, ephemeral bool) (batchTarget, error) {
	t := batchTarget{ip: scalar(it["ip"]), cluster: scalar(it["clusterName"]), ephemeral: ephemeral}
	if t.ip == "" {
		return t, badInstances("every instance needs an ip")
	}
	if t.cluster == "" {
		t.cluster = naming.DefaultCluster
	}
	port, err := strconv.Atoi(scalar(it["port"]))
	if err != nil {
		return t, badInstances("port " + strconv.Quote(scalar(it["port"])) + " is not a valid int")
	}
	t.port = port
	if e := scalar(it["ephemeral"]); e != "" {
		b, err := strconv.ParseBool(e)
		if err != nil {
			return t, badInstances("ephemeral " + strconv.Quote(e) + " is not a valid boolean")
		}
		t.ephemeral = b
	}
	for _, check := range []error{naming.ValidateIP(t.ip), naming.ValidatePort(t.port), naming.ValidateCluster(t.cluster)} {
		if check != nil {
			return t, check
		}
	}
	return t, nil
}

// scalar renders a JSON scalar as its text; objects and arrays are empty.
func scalar(v any) string {
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
