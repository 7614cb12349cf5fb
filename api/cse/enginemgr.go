package cse

import (
	"net/http"
	"strconv"

	"github.com/causeway-dev/causeway/api/httpx"
	"github.com/causeway-dev/causeway/registry"
	"github.com/causeway-dev/causeway/registry/tenancy"
)

// The engine family of seed 004 §5.3 over registry/tenancy's Engines.
// Engines are the platform's tenants: only global admins manage them (no
// Access), an engine's own user reaches its namespace and nothing here.
const (
	enginesPath = "/v2/{project_id}/enginemgr/engines"
	enginePath  = enginesPath + "/{engine_id}"
)

func (a *api) engineRoutes() []route {
	return []route{
		{"GET /v2/{project_id}/enginemgr/flavors", a.listFlavors, nil},
		{"GET " + enginesPath, a.listEngines, nil},
		{"POST " + enginesPath, a.createEngine, nil},
		{"GET " + enginePath, a.getEngine, nil},
		{"DELETE " + enginePath, a.deleteEngine, nil},
		{"GET " + enginePath + "/jobs/{job_id}", a.getJob, nil},
		{"GET /v2/{project_id}/enginemgr/quotas", a.getQuotas, nil},
		{"PUT " + enginePath + "/upgrade", a.upgradeEngine, nil},
		{"PUT " + enginePath + "/config", a.configureEngine, nil},
		{"PUT " + enginePath + "/resize", a.resizeEngine, nil},
		{"PUT " + enginePath + "/actions", a.engineAction, nil},
	}
}

// jobStarted is the answer of every route that starts a job.
type jobStarted struct {
	ID    string `json:"id"`
	Name  string `json:"name"`
	JobID int64  `json:"jobId"`
}

// resizeStarted is §5.3.10's answer, which spells the job id job_id.
type resizeStarted struct {
	ID    string `json:"id"`
	Name  string `json:"name"`
	JobID int64  `json:"job_id"`
}

type flavorSpec struct {
	CPUMemory string `json:"availableCpuMemory"`
	Linear    string `json:"linear"`
	Prefix    string `json:"availablePrefix"`
}

type flavorBrief struct {
	Flavor      string     `json:"flavor"`
	Description string     `json:"description"`
	Spec        flavorSpec `json:"spec"`
}

// listFlavors: GET .../flavors[?spec_type=CSE2]. The seed's example
// spells the parameter specType; both are read. A given type must be one
// of the engine types (SVCSTG.00501134 otherwise).
func (a *api) listFlavors(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	for _, name := range []string{"spec_type", "specType"} {
		if _, given := q[name]; !given {
			continue
		}
		switch q.Get(name) {
		case "CSE2", "CSE", "CCE", "SpringCloud":
		default:
			return registry.FieldErrorf(registry.KindInvalid, "specType", "%s %q is not an engine type", name, q.Get(name))
		}
	}
	out := struct {
		Total int           `json:"total"`
		Data  []flavorBrief `json:"data"`
	}{Data: []flavorBrief{}}
	for _, f := range tenancy.Flavors() {
		out.Data = append(out.Data, flavorBrief{Flavor: f.Name, Description: f.Description,
			Spec: flavorSpec{CPUMemory: f.CPUMemory, Linear: strconv.FormatBool(f.Linear), Prefix: f.Prefix}})
	}
	out.Total = len(out.Data)
	httpx.WriteJSON(w, http.StatusOK, out)
	return nil
}

// listEngines: GET .../engines?offset=&limit=; total counts them all.
func (a *api) listEngines(w http.ResponseWriter, r *http.Request) error {
	offset, err := queryInt(r, "offset", 0)
	if err != nil {
		return err
	}
	limit, err := queryInt(r, "limit", -1)
	if err != nil {
		return err
	}
	all := a.engineMgr.List(r.PathValue("project_id"))
	out := struct {
		Total int          `json:"total"`
		Data  []engineInfo `json:"data"`
	}{Total: len(all), Data: []engineInfo{}}
	for i, en := range all {
		if i < offset || (limit >= 0 && i >= offset+limit) {
			continue
		}
		out.Data = append(out.Data, a.engineInfo(en))
	}
	httpx.WriteJSON(w, http.StatusOK, out)
	return nil
}

// queryInt reads a non-negative integer parameter, def when absent.
func queryInt(r *http.Request, name string, def int) (int, error) {
	s := r.URL.Query().Get(name)
	if s == "" {
		return def, nil
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < 0 {
		return 0, bodyInvalid(name, "must be a non-negative integer")
	}
	return n, nil
}

func (a *api) getEngine(w http.ResponseWriter, r *http.Request) error {
	en, err := a.engineMgr.Get(r.PathValue("project_id"), r.PathValue("engine_id"))
	if err != nil {
		return err
	}
	httpx.WriteJSON(w, http.StatusOK, a.engineDetail(en))
	return nil
}

func (a *api) getJob(w http.ResponseWriter, r *http.Request) error {
	j, err := a.engineMgr.Job(r.Context(), r.PathValue("project_id"), r.PathValue("engine_id"), r.PathValue("job_id"))
	if err != nil {
		return err
	}
	httpx.WriteJSON(w, http.StatusOK, viewJob(j))
	return nil
}

// quotaUsed is the seed's TenantQuotaUsed.
type quotaUsed struct {
	Type  string `json:"type"`
	Used  int    `json:"used"`
	Quota int    `json:"quota"`
}

// getQuotas: how many engines the project holds and may hold (the seed's
// one entry, first), then what its engines hold of their flavors' limits
// in all (Causeway's: services, instances, configs, xDS connections).
func (a *api) getQuotas(w http.ResponseWriter, r *http.Request) error {
	project := r.PathValue("project_id")
	used, quota := a.engineMgr.Quota(project)
	var held tenancy.Held
	var limit tenancy.Flavor
	for _, en := range a.engineMgr.List(project) {
		h, f := a.engineMgr.Holding(en), en.FlavorLimits()
		held.Services, held.Instances = held.Services+h.Services, held.Instances+h.Instances
		held.Configs, held.XDSConns = held.Configs+h.Configs, held.XDSConns+h.XDSConns
		limit.MaxServices, limit.MaxInstances = limit.MaxServices+f.MaxServices, limit.MaxInstances+f.MaxInstances
		limit.MaxConfigs, limit.MaxXDSConns = limit.MaxConfigs+f.MaxConfigs, limit.MaxXDSConns+f.MaxXDSConns
	}
	resources := []quotaUsed{{"Engine", used, quota}, {"Microservice", held.Services, limit.MaxServices},
		{"Instance", held.Instances, limit.MaxInstances}, {"Config", held.Configs, limit.MaxConfigs},
		{"XdsConnection", held.XDSConns, limit.MaxXDSConns}}
	httpx.WriteJSON(w, http.StatusOK, map[string]map[string][]quotaUsed{"quotas": {"resources": resources}})
	return nil
}

func username(r *http.Request) string {
	if id := httpx.IdentityFrom(r.Context()); id != nil {
		return id.Username
	}
	return ""
}

func started(w http.ResponseWriter, en *tenancy.Engine, j *tenancy.Job, err error) error {
	if err != nil {
		return err
	}
	httpx.WriteJSON(w, http.StatusOK, jobStarted{ID: en.ID, Name: en.Name, JobID: j.ID})
	return nil
}

func (a *api) deleteEngine(w http.ResponseWriter, r *http.Request) error {
	en, j, err := a.engineMgr.Delete(r.Context(), r.PathValue("project_id"), r.PathValue("engine_id"), username(r))
	return started(w, en, j, err)
}
