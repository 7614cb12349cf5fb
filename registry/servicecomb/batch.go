package servicecomb

import (
	"context"
	"strconv"
)

// BatchService is one service query of a batch find.
type BatchService struct {
	Env, AppID, ServiceName, Version string
	Rev                              string
}

// BatchInstance is one instance query of a batch find.
type BatchInstance struct {
	ServiceID, InstanceID string
	Rev                   string
}

// BatchUpdated is a query whose answer changed since its rev.
type BatchUpdated struct {
	Index     int
	Rev       string
	Instances []*Instance
	// JSON is Instances encoded as a JSON array. A service query's is its
	// find's cached encoding, shared with every caller (never modify it):
	// answering a batch encodes no instance again.
	JSON []byte
}

// BatchFailed is a query that failed, with its error.
type BatchFailed struct {
	Index int
	Err   error
}

// BatchResult answers one list of a batch find (seed 002).
type BatchResult struct {
	Updated     []BatchUpdated
	NotModified []int
	Failed      []BatchFailed
}

// BatchFindServices runs each service query as Find would.
func (r *Registry) BatchFindServices(ctx context.Context, project, consumerID string, qs []BatchService) (*BatchResult, error) {
	out := &BatchResult{}
	for i, q := range qs {
		rule, err := ParseVersionRule(q.Version)
		if err != nil {
			out.Failed = append(out.Failed, BatchFailed{i, err})
			continue
		}
		res, err := r.Find(ctx, FindQuery{Project: project, ConsumerID: consumerID, AppID: q.AppID,
			ServiceName: q.ServiceName, Version: rule, Env: q.Env})
		switch {
		case err != nil && ctx.Err() != nil:
			return nil, err
		case err != nil:
			out.Failed = append(out.Failed, BatchFailed{i, err})
		case q.Rev == res.Rev:
			out.NotModified = append(out.NotModified, i)
		default:
			out.Updated = append(out.Updated, BatchUpdated{i, res.Rev, res.Instances, res.JSON()})
		}
	}
	return out, nil
}

// BatchFindInstances answers each named instance; its revision is the
// naming revision of its last change.
func (r *Registry) BatchFindInstances(project string, qs []BatchInstance) *BatchResult {
	out := &BatchResult{}
	for i, q := range qs {
		in, err := r.instance(project, q.ServiceID, q.InstanceID)
		if err != nil {
			out.Failed = append(out.Failed, BatchFailed{i, err})
			continue
		}
		rev := strconv.FormatInt(in.Revision, 10)
		if q.Rev == rev {
			out.NotModified = append(out.NotModified, i)
			continue
		}
		found := []*Instance{fromNaming(project, in)}
		out.Updated = append(out.Updated, BatchUpdated{i, rev, found, mustJSON(found)})
	}
	return out
}
