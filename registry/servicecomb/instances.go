package servicecomb

import (
	"context"

	"github.com/causeway-dev/causeway/registry"
	"github.com/causeway-dev/causeway/registry/naming"
)

// normalizeInstance fills service-center's defaults and validates in. A
// push heartbeat every interval seconds, times misses allowed: interval at
// least 5 s and times at least 3 (30 s × 3 when absent).
func normalizeInstance(in *Instance) (string, int, error) {
	if in.Status == "" {
		in.Status = StatusUp
	}
	if in.HealthCheck == nil {
		in.HealthCheck = &HealthCheck{Mode: "push"}
	}
	hc := in.HealthCheck
	if hc.Mode == "" {
		hc.Mode = "push"
	}
	if hc.Interval <= 0 {
		hc.Interval = DefaultInterval
	}
	if hc.Times <= 0 {
		hc.Times = DefaultTimes
	}
	hc.Interval, hc.Times = max(hc.Interval, 5), max(hc.Times, 3)
	for _, err := range []error{
		checkLen("hostName", in.HostName, true, 64),
		checkEnum("status", in.Status, instanceStat),
		checkEnum("healthCheck.mode", hc.Mode, []string{"push", "pull"}),
		checkProperties("properties", in.Properties),
		checkInstanceID(in.InstanceID),
	} {
		if err != nil {
			return "", 0, err
		}
	}
	if hc.Interval > 3600 || hc.Times > 100 {
		return "", 0, invalid("healthCheck", "healthCheck interval is at most 3600 s and times at most 100")
	}
	if len(in.Endpoints) > 16 {
		return "", 0, invalid("endpoints", "an instance has at most 16 endpoints")
	}
	host, port, ok := address(in.Endpoints)
	if !ok {
		return "", 0, invalid("endpoints", "endpoints %q hold no scheme://host:port", in.Endpoints)
	}
	return host, port, nil
}

func checkInstanceID(id string) error {
	if id == "" {
		return nil
	}
	if len(id) > 64 || !instanceIDChars.MatchString(id) {
		return invalid("instanceId", "instanceId %q is not 1 to 64 of A-Z a-z 0-9 _ - .", id)
	}
	return nil
}

// RegisterInstance registers an instance of a microservice and answers its
// id. An instance without an id that has the address of one of the
// microservice's instances takes over that instance's id; registering an
// existing id again replaces it (and counts as a heartbeat).
func (r *Registry) RegisterInstance(ctx context.Context, project, serviceID string, in Instance) (string, error) {
	s, err := r.GetService(project, serviceID)
	if err != nil {
		return "", err
	}
	host, port, err := normalizeInstance(&in)
	if err != nil {
		return "", err
	}
	in.ServiceID, in.Version = serviceID, s.Version
	in.Timestamp = r.timestamp()
	in.ModTimestamp = in.Timestamp // a re-registration keeps the first timestamp, not this one
	k := namingKey(project, s.AppID, s.ServiceName)
	at := naming.InstanceRef{Service: k, IP: host, Port: port, Cluster: naming.DefaultCluster}
	if old, err := r.naming.GetInstance(at); err == nil && old.Metadata[metaServiceID] == serviceID {
		if in.InstanceID == "" {
			in.InstanceID = old.Metadata[metaInstanceID]
		}
		if ts := old.Metadata[metaTimestamp]; ts != "" && old.Metadata[metaInstanceID] == in.InstanceID {
			in.Timestamp = ts
		}
	}
	fresh := in.InstanceID == ""
	if fresh {
		in.InstanceID = registry.NewID()
	}
	// A new id lives nowhere yet: only a known one may have moved (and
	// looking it up can mean a scan of the service's instances).
	if !fresh {
		if prev, ok := r.locate(project, serviceID, in.InstanceID); ok && prev.Ref() != at {
			if err := r.naming.Deregister(ctx, prev.Ref()); err != nil { // the instance moved
				return "", err
			}
		}
	}
	if err := r.naming.Register(ctx, toNaming(project, s, &in, host, port)); err != nil {
		return "", err
	}
	r.refs.Store(instanceKey{project, in.InstanceID}, at)
	return in.InstanceID, nil
}

// locate answers an instance of a microservice as naming holds it: found
// through the cached id→address when that is still right, else by a scan
// of the microservice's instances.
func (r *Registry) locate(project, serviceID, instanceID string) (*naming.Instance, bool) {
	key := instanceKey{project, instanceID}
	if v, ok := r.refs.Load(key); ok {
		if in, err := r.naming.GetInstance(v.(naming.InstanceRef)); err == nil && owns(in, serviceID, instanceID) {
			return in, true
		}
		r.refs.Delete(key)
	}
	// The scan learns every instance's address: after a restart, when the
	// cache is empty, the first heartbeat of each instance in a service of
	// thousands would otherwise scan it again.
	var found *naming.Instance
	for _, in := range r.instancesOf(project, serviceID) {
		id := in.Metadata[metaInstanceID]
		r.refs.Store(instanceKey{project, id}, in.Ref())
		if id == instanceID {
			found = in
		}
	}
	return found, found != nil
}

func owns(in *naming.Instance, serviceID, instanceID string) bool {
	return in.Metadata[metaInstanceID] == instanceID && in.Metadata[metaServiceID] == serviceID
}

// instancesOf answers the naming instances a microservice registered.
func (r *Registry) instancesOf(project, serviceID string) []*naming.Instance {
	s := r.view.service(project, serviceID)
	if s == nil {
		return nil
	}
	list, err := r.naming.ListInstances(namingKey(project, s.rec.Service.AppID, s.rec.Service.ServiceName),
		naming.Query{IncludeDisabled: true})
	if err != nil {
		return nil
	}
	out := make([]*naming.Instance, 0, len(list.Instances))
	for _, in := range list.Instances {
		if in.Metadata[metaServiceID] == serviceID {
			out = append(out, in)
		}
	}
	return out
}

// instance answers one instance of a microservice.
func (r *Registry) instance(project, serviceID, instanceID string) (*naming.Instance, error) {
	if r.view.service(project, serviceID) == nil {
		return nil, serviceNotFound(serviceID)
	}
	in, ok := r.locate(project, serviceID, instanceID)
	if !ok {
		return nil, instanceNotFound(instanceID)
	}
	return in, nil
}

// Heartbeat renews an instance's lease: a naming beat, no write.
func (r *Registry) Heartbeat(ctx context.Context, project, serviceID, instanceID string) error {
	in, err := r.instance(project, serviceID, instanceID)
	if err != nil {
		return err
	}
	_, err = r.naming.Beat(ctx, in.Ref(), nil)
	if registry.KindOf(err) == registry.KindInstanceNotFound {
		return instanceNotFound(instanceID) // expired between the look-up and the beat
	}
	return err
}

// GetInstance answers one instance of a microservice.
func (r *Registry) GetInstance(project, serviceID, instanceID string) (*Instance, error) {
	in, err := r.instance(project, serviceID, instanceID)
	if err != nil {
		return nil, err
	}
	return fromNaming(project, in), nil
}

// ListInstances answers the instances a microservice registered.
func (r *Registry) ListInstances(project, serviceID string) ([]*Instance, error) {
	if r.view.service(project, serviceID) == nil {
		return nil, serviceNotFound(serviceID)
	}
	ins := r.instancesOf(project, serviceID)
	out := make([]*Instance, len(ins))
	for i, in := range ins {
		out[i] = fromNaming(project, in)
	}
	return out, nil
}

// Deregister removes an instance.
func (r *Registry) Deregister(ctx context.Context, project, serviceID, instanceID string) error {
	in, err := r.instance(project, serviceID, instanceID)
	if err != nil {
		return err
	}
	r.refs.Delete(instanceKey{project, instanceID})
	return r.naming.Deregister(ctx, in.Ref())
}

// UpdateStatus sets an instance's status; only UP instances take traffic.
func (r *Registry) UpdateStatus(ctx context.Context, project, serviceID, instanceID, status string) error {
	if err := checkEnum("value", status, instanceStat); err != nil {
		return err
	}
	return r.change(ctx, project, serviceID, instanceID, func(in *naming.Instance) {
		in.Metadata[metaStatus] = status
		in.Enabled = status == StatusUp
	})
}

// UpdateInstanceProperties replaces an instance's properties.
func (r *Registry) UpdateInstanceProperties(ctx context.Context, project, serviceID, instanceID string, props map[string]string) error {
	if err := checkProperties("properties", props); err != nil {
		return err
	}
	return r.change(ctx, project, serviceID, instanceID, func(in *naming.Instance) {
		for k := range in.Metadata {
			if !reservedKey(k) {
				delete(in.Metadata, k)
			}
		}
		for k, v := range props {
			in.Metadata[k] = v
		}
	})
}

func (r *Registry) change(ctx context.Context, project, serviceID, instanceID string, f func(*naming.Instance)) error {
	in, err := r.instance(project, serviceID, instanceID)
	if err != nil {
		return err
	}
	err = r.naming.UpdateInstance(ctx, in.Ref(), func(next *naming.Instance) error {
		if !owns(next, serviceID, instanceID) {
			return instanceNotFound(instanceID)
		}
		f(next)
		next.Metadata[metaModTimestamp] = r.timestamp()
		return nil
	})
	if registry.KindOf(err) == registry.KindInstanceNotFound {
		return instanceNotFound(instanceID)
	}
	return err
}
