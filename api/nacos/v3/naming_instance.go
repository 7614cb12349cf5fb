package v3

import (
	"maps"
	"net/http"
	"strconv"

	"github.com/causeway-dev/causeway/api/httpx"
	"github.com/causeway-dev/causeway/api/nacos/nacosform"
	"github.com/causeway-dev/causeway/api/nacos/nacoswire"
	"github.com/causeway-dev/causeway/registry"
	"github.com/causeway-dev/causeway/registry/naming"
)

// nsInstanceForm is Nacos's InstanceForm: the parameters of register,
// deregister, update, partial update and detail. weight and enabled stay
// nil when absent, for the partial update.
type nsInstanceForm struct {
	ref       naming.InstanceRef
	healthy   bool
	enabled   *bool
	ephemeral bool
	weight    *float64
	metadata  map[string]string
	rawMD     string
}

// readNSInstanceForm applies InstanceForm.validate (service name, ip and
// port required, defaults filled) and the metadata parsing. defEphemeral
// is the defaultInstanceEphemeral switch.
func readNSInstanceForm(p httpx.Params, defEphemeral bool) (*nsInstanceForm, error) {
	rd := newNSReader(p)
	f := &nsInstanceForm{}
	f.ref.Service = rd.ServiceKey()
	f.ref.IP = rd.Need("ip")
	f.ref.Port = int(rd.NeedInt32("port"))
	f.ref.Cluster = rd.Str("clusterName", naming.DefaultCluster)
	f.healthy = rd.Bool("healthy", true)
	f.enabled = rd.OptBool("enabled")
	f.ephemeral = rd.Bool("ephemeral", defEphemeral)
	f.weight = rd.OptFloat("weight")
	f.rawMD = rd.Str("metadata", "")
	if rd.Err() != nil {
		return nil, rd.Err()
	}
	if err := naming.ValidateServiceKey(f.ref.Service); err != nil {
		return nil, err
	}
	if f.weight != nil {
		if err := naming.ValidateWeight(*f.weight); err != nil {
			return nil, err
		}
	}
	md, err := naming.ParseMetadata(f.rawMD, registry.KindInstanceMetadata)
	if err != nil {
		return nil, err
	}
	f.metadata = md
	return f, nil
}

func (a *api) readNSInstanceForm(r *http.Request, p httpx.Params) (*nsInstanceForm, error) {
	sw, err := a.deps.Naming.GetSwitches(r.Context())
	if err != nil {
		return nil, err
	}
	return readNSInstanceForm(p, sw.DefaultInstanceEphemeral)
}

func (f *nsInstanceForm) instance() naming.Instance {
	in := naming.Instance{
		Service: f.ref.Service, IP: f.ref.IP, Port: f.ref.Port, Cluster: f.ref.Cluster,
		Weight: 1, Enabled: true, Healthy: f.healthy, Ephemeral: f.ephemeral, Metadata: f.metadata,
	}
	if f.weight != nil {
		in.Weight = *f.weight
	}
	if f.enabled != nil {
		in.Enabled = *f.enabled
	}
	return in
}

// nsCheckCluster applies NamingUtils.checkInstanceIsLegal's cluster rule,
// which Nacos reports as 21004 instance error.
func nsCheckCluster(cluster string) error {
	err := naming.ValidateCluster(cluster)
	if err == nil {
		return nil
	}
	return registry.Errorf(registry.KindInstance, "%v", err)
}

// nsRegisterInstance: POST /ns/instance. An ephemeral instance registered
// here is an HTTP client's: without beats it goes after its delete
// timeout, as the SDK warns.
func (a *api) nsRegisterInstance(r *http.Request, p httpx.Params) (any, error) {
	f, err := a.readNSInstanceForm(r, p)
	if err != nil {
		return nil, err
	}
	if err := nsCheckCluster(f.ref.Cluster); err != nil {
		return nil, err
	}
	if err := a.deps.Naming.RegisterByAddress(r.Context(), f.instance()); err != nil {
		return nil, err
	}
	return "ok", nil
}

// nsDeregisterInstance: DELETE /ns/instance; an instance already gone is
// not an error, as in Nacos.
func (a *api) nsDeregisterInstance(r *http.Request, p httpx.Params) (any, error) {
	f, err := a.readNSInstanceForm(r, p)
	if err != nil {
		return nil, err
	}
	if err := a.deps.Naming.DeregisterByAddress(r.Context(), f.ref); err != nil {
		return nil, err
	}
	return "ok", nil
}

// nsUpdateInstance: PUT /ns/instance changes weight, enabled and metadata
// (the given keys laid over the registered ones, as Nacos's metadata
// overlay reads); health and kind stay.
func (a *api) nsUpdateInstance(r *http.Request, p httpx.Params) (any, error) {
	f, err := a.readNSInstanceForm(r, p)
	if err != nil {
		return nil, err
	}
	if err := nsCheckCluster(f.ref.Cluster); err != nil {
		return nil, err
	}
	if err := a.nsRequireServiceForUpdate(f); err != nil {
		return nil, err
	}
	in := f.instance()
	err = a.deps.Naming.UpdateInstance(r.Context(), f.ref, func(cur *naming.Instance) error {
		cur.Weight, cur.Enabled = in.Weight, in.Enabled
		maps.Copy(cur.Metadata, f.metadata)
		return nil
	})
	if err != nil {
		return nil, err
	}
	return "ok", nil
}

// nsRequireServiceForUpdate answers Nacos's error for an update of an
// instance of a service that does not exist (21004, with the Java
// rendering of the service).
func (a *api) nsRequireServiceForUpdate(f *nsInstanceForm) error {
	k := f.ref.Service
	if _, err := a.deps.Naming.GetService(k); registry.KindOf(err) == registry.KindServiceNotFound {
		return registry.Errorf(registry.KindInstance,
			"service not found, namespace: %s, service: Service{namespace='%s', group='%s', name='%s', ephemeral=%t, revision=0}",
			k.Namespace, k.Namespace, k.Group, k.Name, f.ephemeral)
	}
	return nil
}

// nsPartialUpdateInstance: PUT /ns/instance/partial changes only what was
// sent: metadata (when not blank), weight, enabled.
func (a *api) nsPartialUpdateInstance(r *http.Request, p httpx.Params) (any, error) {
	f, err := a.readNSInstanceForm(r, p)
	if err != nil {
		return nil, err
	}
	if _, err := a.deps.Naming.GetInstance(f.ref); err != nil {
		return nil, a.nsLookupError(f.ref, err)
	}
	err = a.deps.Naming.UpdateInstance(r.Context(), f.ref, func(cur *naming.Instance) error {
		if f.rawMD != "" {
			maps.Copy(cur.Metadata, f.metadata)
		}
		if f.weight != nil {
			cur.Weight = *f.weight
		}
		if f.enabled != nil {
			cur.Enabled = *f.enabled
		}
		return nil
	})
	if err != nil {
		return nil, a.nsLookupError(f.ref, err)
	}
	return "ok", nil
}

// nsInstanceDetail: GET /ns/instance answers the instance as nacos-api's
// Instance.
func (a *api) nsInstanceDetail(r *http.Request, p httpx.Params) (any, error) {
	f, err := a.readNSInstanceForm(r, p)
	if err != nil {
		return nil, err
	}
	in, err := a.deps.Naming.GetInstance(f.ref)
	if err != nil {
		return nil, a.nsLookupError(f.ref, err)
	}
	return nacoswire.NewHost(in), nil
}

// nsLookupError words a failed instance lookup as Nacos's getInstance0
// does: 404 resource not found, "no ips" when the service has none.
func (a *api) nsLookupError(ref naming.InstanceRef, err error) error {
	switch registry.KindOf(err) {
	case registry.KindServiceNotFound, registry.KindInstanceNotFound:
	default:
		return err
	}
	if v, verr := a.deps.Naming.GetService(ref.Service); verr != nil || len(v.Instances) == 0 {
		return registry.Errorf(registry.KindNotFound, "no ips found for cluster %s in service %s", ref.Cluster, ref.Service.Grouped())
	}
	return registry.Errorf(registry.KindNotFound, "no matched ip found!")
}

// nsListInstances: GET /ns/instance/list answers the instances of one
// cluster (DEFAULT unless named), as InstanceControllerV3 does: a missing
// service or cluster is Nacos's plain 404.
func (a *api) nsListInstances(_ *http.Request, p httpx.Params) (any, error) {
	rd := newNSReader(p)
	k := rd.ServiceKey()
	cluster := rd.Str("clusterName", naming.DefaultCluster)
	healthyOnly := rd.Bool("healthyOnly", false)
	if rd.Err() != nil {
		return nil, rd.Err()
	}
	if err := naming.ValidateServiceKey(k); err != nil {
		return nil, err
	}
	v, err := a.deps.Naming.GetService(k)
	if registry.KindOf(err) == registry.KindServiceNotFound {
		return nil, nsServerError(http.StatusNotFound, "service %s is not found!", k.Grouped())
	}
	if err != nil {
		return nil, err
	}
	found := false
	for _, c := range v.Clusters {
		found = found || c.Name == cluster
	}
	if !found {
		return nil, nsServerError(http.StatusNotFound, "cluster %s is not found!", cluster)
	}
	out := []nacoswire.Host{}
	for _, in := range v.Instances {
		if in.Cluster == cluster && (!healthyOnly || in.Healthy) {
			out = append(out, nacoswire.NewHost(in))
		}
	}
	return out, nil
}

// nsBatchResult is InstanceMetadataBatchResult: the instances changed.
type nsBatchResult struct {
	Updated []string `json:"updated"`
}

// nsBatchMetadata: PUT (merge) and DELETE (remove keys) of
// /ns/instance/metadata/batch, the form read as Nacos 2's (nacosform): an
// instance list that cannot be read is refused where Nacos logs and ignores
// it; an empty list selects every instance of the consistency type.
func (a *api) nsBatchMetadata(remove bool) func(*http.Request, httpx.Params) (any, error) {
	return func(r *http.Request, p httpx.Params) (any, error) {
		f, err := nacosform.ReadBatchForm(p)
		if err != nil {
			return nil, err
		}
		changed, err := a.deps.Naming.BatchMetadata(r.Context(), f.Key, f.Selects, f.Metadata, remove)
		if err != nil {
			return nil, err
		}
		out := nsBatchResult{Updated: []string{}}
		for _, in := range changed {
			// Nacos answers each as ip:port:site:cluster:kind, the site
			// always "unknown".
			kind := "persist"
			if in.Ephemeral {
				kind = "ephemeral"
			}
			out.Updated = append(out.Updated, in.IP+":"+strconv.Itoa(in.Port)+":unknown:"+in.Cluster+":"+kind)
		}
		return out, nil
	}
}
