package servicecomb

import (
	"net/http"
	"strings"

	"github.com/causeway-dev/causeway/registry"
	sc "github.com/causeway-dev/causeway/registry/servicecomb"
)

// consumerID reads X-ConsumerId (header names are case-insensitive, so the
// seed's X-consumerId is the same header).
func consumerID(r *http.Request) string { return r.Header.Get("X-ConsumerId") }

// find: GET .../instances?appId&serviceName&version&env&tags&rev. The
// answer carries X-Resource-Revision; rev equal to it answers 304 and no
// body.
func (a *api) find(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	if q.Get("serviceName") == "" {
		return registry.FieldErrorf(registry.KindInvalid, "serviceName", "serviceName is required")
	}
	rule, err := sc.ParseVersionRule(q.Get("version"))
	if err != nil {
		return err
	}
	var tags []string
	if t := q.Get("tags"); t != "" {
		tags = strings.Split(t, ",")
	}
	res, err := a.reg.Find(r.Context(), sc.FindQuery{Project: project(r), ConsumerID: consumerID(r),
		AppID: q.Get("appId"), ServiceName: q.Get("serviceName"), Version: rule, Env: q.Get("env"), Tags: tags})
	if err != nil {
		return err
	}
	w.Header().Set(HeaderRevision, res.Rev)
	if q.Get("rev") == res.Rev {
		w.WriteHeader(http.StatusNotModified)
		return nil
	}
	w.Header().Set("Content-Type", "application/json; charset=UTF-8")
	body := res.JSON()
	out := make([]byte, 0, len(body)+16)
	out = append(out, `{"instances":`...)
	out = append(out, body...)
	out = append(out, "}\n"...)
	_, _ = w.Write(out)
	return nil
}

type batchBody struct {
	ConsumerServiceID string `json:"consumerServiceId"`
	Services          []struct {
		Service *struct {
			Environment string `json:"environment"`
			AppID       string `json:"appId"`
			ServiceName string `json:"serviceName"`
			Version     string `json:"version"`
		} `json:"service"`
		Rev string `json:"rev"`
	} `json:"services"`
	Instances []struct {
		Instance *struct {
			ServiceID  string `json:"serviceId"`
			InstanceID string `json:"instanceId"`
		} `json:"instance"`
		Rev string `json:"rev"`
	} `json:"instances"`
}

// batchFind: POST .../instances/action?type=query (seed 002).
func (a *api) batchFind(w http.ResponseWriter, r *http.Request) error {
	if r.URL.Query().Get("type") != "query" {
		return registry.FieldErrorf(registry.KindInvalid, "type", "type must be query")
	}
	var b batchBody
	if err := decodeBody(w, r, &b); err != nil {
		return err
	}
	services, instances, err := b.queries()
	if err != nil {
		return err
	}
	consumer := consumerID(r)
	if consumer == "" {
		consumer = b.ConsumerServiceID
	}
	var servicesFound, instancesFound *sc.BatchResult
	if len(services) > 0 {
		if servicesFound, err = a.reg.BatchFindServices(r.Context(), project(r), consumer, services); err != nil {
			return err
		}
	}
	if len(instances) > 0 {
		instancesFound = a.reg.BatchFindInstances(project(r), instances)
	}
	writeBatchAnswer(w, servicesFound, instancesFound)
	return nil
}

// maxBatch bounds the queries of one batch find.
const maxBatch = 1000

func (b *batchBody) queries() ([]sc.BatchService, []sc.BatchInstance, error) {
	if len(b.Services) == 0 && len(b.Instances) == 0 {
		return nil, nil, registry.FieldErrorf(registry.KindInvalid, "services", "give services or instances to find")
	}
	if len(b.Services)+len(b.Instances) > maxBatch {
		return nil, nil, registry.FieldErrorf(registry.KindInvalid, "services", "at most %d queries at once", maxBatch)
	}
	services := make([]sc.BatchService, len(b.Services))
	for i, s := range b.Services {
		if s.Service == nil || s.Service.ServiceName == "" {
			return nil, nil, registry.FieldErrorf(registry.KindInvalid, "services", "services[%d].service.serviceName is required", i)
		}
		services[i] = sc.BatchService{Env: s.Service.Environment, AppID: s.Service.AppID,
			ServiceName: s.Service.ServiceName, Version: s.Service.Version, Rev: s.Rev}
	}
	instances := make([]sc.BatchInstance, len(b.Instances))
	for i, in := range b.Instances {
		if in.Instance == nil || in.Instance.ServiceID == "" || in.Instance.InstanceID == "" {
			return nil, nil, registry.FieldErrorf(registry.KindInvalid, "instances", "instances[%d].instance needs serviceId and instanceId", i)
		}
		instances[i] = sc.BatchInstance{ServiceID: in.Instance.ServiceID, InstanceID: in.Instance.InstanceID, Rev: in.Rev}
	}
	return services, instances, nil
}
