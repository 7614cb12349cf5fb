package v3

import (
	"encoding/json"
	"net/http"
	"strings"

	"github.com/causeway-dev/causeway/api/httpx"
	"github.com/causeway-dev/causeway/api/nacos/nacosresult"
	"github.com/causeway-dev/causeway/api/nacos/nacoswire"
	"github.com/causeway-dev/causeway/registry"
	"github.com/causeway-dev/causeway/registry/naming"
)

// nsMetrics is nacos-api's MetricsInfo. With onlyStatus (the default)
// Nacos fills the status only and leaves the counts null.
type nsMetrics struct {
	Status                      string `json:"status"`
	ServiceCount                *int   `json:"serviceCount"`
	InstanceCount               *int   `json:"instanceCount"`
	SubscribeCount              *int   `json:"subscribeCount"`
	ClientCount                 *int   `json:"clientCount"`
	ConnectionBasedClientCount  *int   `json:"connectionBasedClientCount"`
	EphemeralIPPortClientCount  *int   `json:"ephemeralIpPortClientCount"`
	PersistentIPPortClientCount *int   `json:"persistentIpPortClientCount"`
	ResponsibleClientCount      *int   `json:"responsibleClientCount"`
}

// nsMetricsOf: GET /ns/ops/metrics. One node is responsible for every
// client.
func (a *api) nsMetricsOf(r *http.Request, p httpx.Params) (any, error) {
	rd := newNSReader(p)
	onlyStatus := rd.Bool("onlyStatus", true)
	if rd.Err() != nil {
		return nil, rd.Err()
	}
	sw, err := a.deps.Naming.GetSwitches(r.Context())
	if err != nil {
		return nil, err
	}
	out := nsMetrics{Status: "UP"}
	// The overriddenServerStatus switch, as Nacos's ServerStatusManager.
	if raw, ok := sw.Other["overriddenServerStatus"]; ok {
		var s string
		if json.Unmarshal(raw, &s) == nil && s != "" {
			out.Status = s
		}
	}
	if onlyStatus {
		return out, nil
	}
	services, instances := a.deps.Naming.Counts()
	var subs, clients, conn, eph, pers int
	for _, id := range a.deps.Naming.ClientIDs() {
		clients++
		subs += len(a.deps.Naming.Subscribed(id))
		switch {
		case !strings.Contains(id, "#"):
			conn++
		case strings.HasSuffix(id, "#false"):
			pers++
		default:
			eph++
		}
	}
	out.ServiceCount, out.InstanceCount, out.SubscribeCount = &services, &instances, &subs
	out.ClientCount, out.ConnectionBasedClientCount = &clients, &conn
	out.EphemeralIPPortClientCount, out.PersistentIPPortClientCount = &eph, &pers
	out.ResponsibleClientCount = &clients
	return out, nil
}

// nsUpdateHealth: PUT /ns/health/instance sets the health of a persistent
// instance by hand (UpdateHealthForm). Ephemeral instances are judged by
// their beats: refused with 21011. As in Nacos, an instance that is not
// registered changes nothing and answers "ok".
func (a *api) nsUpdateHealth(r *http.Request, p httpx.Params) (any, error) {
	rd := newNSReader(p)
	healthy := rd.OptBool("healthy")
	if healthy == nil {
		rd.SetErr(nacosresult.FormMissing("healthy", "Boolean"))
	}
	ref := naming.InstanceRef{Service: rd.ServiceKey()}
	ref.IP = rd.Need("ip")
	ref.Port = int(rd.NeedInt32("port"))
	ref.Cluster = rd.Str("clusterName", naming.DefaultCluster)
	if rd.Err() != nil {
		return nil, rd.Err()
	}
	if err := naming.ValidateServiceKey(ref.Service); err != nil {
		return nil, err
	}
	if v, err := a.deps.Naming.GetService(ref.Service); err == nil {
		if c, ok := v.Service.Clusters[ref.Cluster]; ok && c.HealthChecker.Type != "" && c.HealthChecker.Type != "NONE" {
			return nil, registry.Errorf(registry.KindHealthCheckRunning,
				"health check is still working, service: %s, cluster: %s", ref.Service.Grouped(), ref.Cluster)
		}
	}
	err := a.deps.Naming.SetHealth(r.Context(), ref, *healthy)
	switch registry.KindOf(err) {
	case registry.KindServiceNotFound, registry.KindInstanceNotFound:
		return "ok", nil
	}
	if err != nil {
		return nil, err
	}
	return "ok", nil
}

// nsHealthCheckers: GET /ns/health/checkers. Causeway probes nothing: a
// persistent instance is healthy until someone says otherwise, which is
// Nacos's NONE checker, the only one it answers and accepts.
func (a *api) nsHealthCheckers(_ *http.Request, _ httpx.Params) (any, error) {
	return map[string]nsHealthChecker{"NONE": {Type: "NONE"}}, nil
}

// nsUpdateCluster: PUT /ns/cluster (UpdateClusterForm) replaces a
// cluster's settings. Nacos answers a missing service with a plain 400.
func (a *api) nsUpdateCluster(r *http.Request, p httpx.Params) (any, error) {
	rd := newNSReader(p)
	k := rd.ServiceKey()
	c := naming.Cluster{Name: rd.Need("clusterName")}
	if rd.Err() == nil && !rd.Has("checkPort") {
		rd.SetErr(nacosresult.FormMissing("checkPort", "Integer"))
	}
	c.CheckPort = int(rd.Int32("checkPort", 0))
	useInstancePort := rd.OptBool("useInstancePort4Check")
	if rd.Err() == nil && useInstancePort == nil {
		rd.SetErr(nacosresult.FormMissing("useInstancePort4Check", "Boolean"))
	}
	rawChecker := rd.Need("healthChecker")
	rawMD := rd.Str("metadata", "")
	if rd.Err() != nil {
		return nil, rd.Err()
	}
	c.UseInstancePort = *useInstancePort
	if err := naming.ValidateServiceKey(k); err != nil {
		return nil, err
	}
	if err := naming.ValidateCluster(c.Name); err != nil {
		return nil, err
	}
	var checker struct {
		Type string `json:"type"`
	}
	if err := json.Unmarshal([]byte(rawChecker), &checker); err != nil || checker.Type == "" {
		return nil, registry.FieldErrorf(registry.KindInvalid, "healthChecker",
			"healthChecker is not a health checker's JSON: %s", rawChecker)
	}
	if !strings.EqualFold(checker.Type, "NONE") {
		return nil, registry.FieldErrorf(registry.KindInvalid, "healthChecker",
			"health checker %s is not supported: Causeway does not probe instances, only NONE is", checker.Type)
	}
	c.HealthChecker.Type = "NONE"
	md, err := naming.ParseMetadata(rawMD, registry.KindInstanceMetadata)
	if err != nil {
		return nil, err
	}
	c.Metadata = md
	err = a.deps.Naming.UpdateCluster(r.Context(), k, c)
	if registry.KindOf(err) == registry.KindServiceNotFound {
		return nil, nsServerError(http.StatusBadRequest, "service not found groupName: %s,serviceName: %s", k.Group, k.Name)
	}
	if err != nil {
		return nil, err
	}
	return "ok", nil
}

// nsSwitches: GET /ns/ops/switches, Nacos's SwitchDomain.
func (a *api) nsSwitches(r *http.Request, _ httpx.Params) (any, error) {
	sw, err := a.deps.Naming.GetSwitches(r.Context())
	if err != nil {
		return nil, err
	}
	return nacoswire.NewSwitchDomain(sw), nil
}

// nsUpdateSwitch: PUT /ns/ops/switches sets one switch by its entry name
// (UpdateSwitchForm); an entry Nacos does not know changes nothing and
// answers "ok". Nacos answers a value its SwitchManager refuses with 500;
// it is bad input, so Causeway answers 400 (20002) with the same message.
// debug (this node only) is accepted: the store is shared, so a change
// applies everywhere.
func (a *api) nsUpdateSwitch(r *http.Request, p httpx.Params) (any, error) {
	rd := newNSReader(p)
	entry, value := rd.Need("entry"), rd.Need("value")
	rd.OptBool("debug")
	if rd.Err() != nil {
		return nil, rd.Err()
	}
	err := a.deps.Naming.UpdateSwitches(r.Context(), func(s *naming.Switches) error {
		_, err := naming.SetSwitch(s, entry, value)
		return err
	})
	if err != nil {
		return nil, err
	}
	return "ok", nil
}
