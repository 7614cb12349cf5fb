package v2

import (
	"maps"
	"net/http"

	"github.com/causeway-dev/causeway/api/httpx"
	"github.com/causeway-dev/causeway/api/nacos/nacosform"
	"github.com/causeway-dev/causeway/api/nacos/nacoswire"
	"github.com/causeway-dev/causeway/registry"
	"github.com/causeway-dev/causeway/registry/naming"
)

// instanceForm is Nacos's InstanceForm: the parameters of register,
// deregister and update, with its defaults filled in.
type instanceForm struct {
	ref       naming.InstanceRef
	healthy   bool
	enabled   bool
	ephemeral bool
	weight    float64
	metadata  map[string]string
}

// readInstanceForm applies InstanceForm.validate, the controller's weight
// check and its metadata parsing, in Nacos's order. defEphemeral is the
// switch defaultInstanceEphemeral, the kind of an instance that does not
// say.
func readInstanceForm(p httpx.Params, defEphemeral bool) (*instanceForm, error) {
	rd := nacosform.New(p, formMissing)
	f := &instanceForm{}
	f.ref.Service = rd.ServiceKey()
	f.ref.IP = rd.Need("ip")
	f.ref.Port = rd.NeedInt("port")
	f.ref.Cluster = rd.Str("clusterName", naming.DefaultCluster)
	f.healthy = rd.Bool("healthy", true)
	f.enabled = rd.Bool("enabled", true)
	f.ephemeral = rd.Bool("ephemeral", defEphemeral)
	f.weight = rd.Float("weight", 1)
	if rd.Err() != nil {
		return nil, rd.Err()
	}
	if err := naming.ValidateWeight(f.weight); err != nil {
		return nil, err
	}
	md, err := naming.ParseMetadata(p.Get("metadata"), registry.KindInstanceMetadata)
	if err != nil {
		return nil, err
	}
	f.metadata = md
	return f, nil
}

// readInstanceForm reads the form with the registry's current switches.
func (a *api) readInstanceForm(r *http.Request, p httpx.Params) (*instanceForm, error) {
	sw, err := a.reg.GetSwitches(r.Context())
	if err != nil {
		return nil, err
	}
	return readInstanceForm(p, sw.DefaultInstanceEphemeral)
}

func (f *instanceForm) instance() naming.Instance {
	return naming.Instance{
		Service: f.ref.Service, IP: f.ref.IP, Port: f.ref.Port, Cluster: f.ref.Cluster,
		Weight: f.weight, Enabled: f.enabled, Healthy: f.healthy, Ephemeral: f.ephemeral,
		Metadata: f.metadata,
	}
}

// checkCluster applies NamingUtils.checkInstanceIsLegal's cluster rule,
// which Nacos reports as 21004 instance error, not as a plain bad parameter.
func checkCluster(cluster string) error {
	return rekind(naming.ValidateCluster(cluster), registry.KindInstance)
}

func (a *api) registerInstance(r *http.Request, p httpx.Params) (any, error) {
	f, err := a.readInstanceForm(r, p)
	if err != nil {
		return nil, err
	}
	if err := checkCluster(f.ref.Cluster); err != nil {
		return nil, err
	}
	if err := a.reg.RegisterByAddress(r.Context(), f.instance()); err != nil {
		return nil, err
	}
	return true, nil
}

// deregisterInstance removes an instance; one that is already gone is not
// an error, as in Nacos.
func (a *api) deregisterInstance(r *http.Request, p httpx.Params) (any, error) {
	f, err := a.readInstanceForm(r, p)
	if err != nil {
		return nil, err
	}
	if err := a.reg.DeregisterByAddress(r.Context(), f.ref); err != nil {
		return nil, err
	}
	return true, nil
}

// updateInstance changes what Nacos's v2 update changes: weight, enabled and
// metadata, the given keys laid over the registered ones. Health and kind
// stay as registered.
func (a *api) updateInstance(r *http.Request, p httpx.Params) (any, error) {
	f, err := a.readInstanceForm(r, p)
	if err != nil {
		return nil, err
	}
	if err := checkCluster(f.ref.Cluster); err != nil {
		return nil, err
	}
	if err := a.requireServiceForUpdate(f); err != nil {
		return nil, err
	}
	err = a.reg.UpdateInstance(r.Context(), f.ref, func(in *naming.Instance) error {
		in.Weight, in.Enabled = f.weight, f.enabled
		maps.Copy(in.Metadata, f.metadata)
		return nil
	})
	if err != nil {
		return nil, err
	}
	return true, nil
}

// requireServiceForUpdate answers Nacos's error for an update of an instance
// of a service that does not exist (21004, with the Java rendering of the
// service).
func (a *api) requireServiceForUpdate(f *instanceForm) error {
	k := f.ref.Service
	if err := naming.ValidateServiceKey(k); err != nil {
		return err
	}
	if _, err := a.reg.GetService(k); registry.KindOf(err) == registry.KindServiceNotFound {
		return registry.Errorf(registry.KindInstance,
			"service not found, namespace: %s, service: Service{namespace='%s', group='%s', name='%s', ephemeral=%t, revision=0}",
			k.Namespace, k.Namespace, k.Group, k.Name, f.ephemeral)
	}
	return nil
}

// instanceDetailView is Nacos's InstanceDetailInfoVo. instanceId is null
// for instances registered over HTTP, as in Nacos (it only keeps ids that a
// client chose).
type instanceDetailView struct {
	ServiceName string            `json:"serviceName"`
	IP          string            `json:"ip"`
	Port        int               `json:"port"`
	ClusterName string            `json:"clusterName"`
	Weight      nacoswire.Double  `json:"weight"`
	Healthy     bool              `json:"healthy"`
	InstanceID  *string           `json:"instanceId"`
	Metadata    map[string]string `json:"metadata"`
}

func (a *api) instanceDetail(_ *http.Request, p httpx.Params) (any, error) {
	rd := nacosform.New(p, queryMissing)
	k := rd.ServiceKey()
	cluster := rd.Str("clusterName", naming.DefaultCluster)
	ip := rd.Need("ip")
	port := rd.NeedInt("port")
	if rd.Err() != nil {
		return nil, rd.Err()
	}
	in, err := a.reg.GetInstance(naming.InstanceRef{Service: k, IP: ip, Port: port, Cluster: cluster})
	if err != nil {
		return nil, a.lookupError(k, cluster, err)
	}
	return instanceDetailView{
		ServiceName: k.Grouped(), IP: in.IP, Port: in.Port, ClusterName: in.Cluster,
		Weight: nacoswire.Double(in.Weight), Healthy: in.Healthy, Metadata: in.Metadata,
	}, nil
}

// lookupError words a failed instance lookup as Nacos's getInstance0 does:
// 404 resource not found, "no ips" when the service has no instance at all.
func (a *api) lookupError(k naming.ServiceKey, cluster string, err error) error {
	switch registry.KindOf(err) {
	case registry.KindServiceNotFound, registry.KindInstanceNotFound:
	default:
		return err
	}
	if v, verr := a.reg.GetService(k); verr != nil || len(v.Instances) == 0 {
		return registry.Errorf(registry.KindNotFound, "no ips found for cluster %s in service %s", cluster, k.Grouped())
	}
	return registry.Errorf(registry.KindNotFound, "no matched ip found!")
}
