package servicecomb

import "context"

// maxHeartbeats bounds one batch heartbeat; service-center has no bound,
// but a request is not a way to make the server do unbounded work.
const maxHeartbeats = 1000

// InstanceRef names an instance of a microservice.
type InstanceRef struct {
	ServiceID  string `json:"serviceId"`
	InstanceID string `json:"instanceId"`
}

// HeartbeatResult is one instance of a batch heartbeat: Err is why its
// beat failed, nil when it was renewed.
type HeartbeatResult struct {
	InstanceRef
	Err error
}

// Heartbeats renews several instances' leases, each as Heartbeat would; an
// instance whose beat fails does not stop the others. An instance named
// twice is beaten and answered once, as in service-center.
func (r *Registry) Heartbeats(ctx context.Context, project string, refs []InstanceRef) ([]HeartbeatResult, error) {
	if len(refs) == 0 {
		return nil, invalid("instances", "Request format invalid: instances is empty")
	}
	if len(refs) > maxHeartbeats {
		return nil, invalid("instances", "at most %d instances at once", maxHeartbeats)
	}
	seen := make(map[InstanceRef]bool, len(refs))
	out := make([]HeartbeatResult, 0, len(refs))
	for _, ref := range refs {
		if seen[ref] {
			continue
		}
		seen[ref] = true
		err := r.Heartbeat(ctx, project, ref.ServiceID, ref.InstanceID)
		if err != nil && ctx.Err() != nil {
			return nil, err
		}
		out = append(out, HeartbeatResult{InstanceRef: ref, Err: err})
	}
	return out, nil
}
