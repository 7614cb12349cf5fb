package gateway

import (
	"context"
	"fmt"
	"slices"

	"github.com/causeway-dev/causeway/registry/store"
)

// Dependent keeps records that belong to gateways (plugins, http2rpc
// mappings) and must go when their gateway goes: deleting a gateway
// deletes them in the same transaction, so a gateway created again with
// the same id starts empty rather than with its predecessor's plugins.
type Dependent interface {
	// GatewayRecords answers the store operations that delete the
	// dependent's records of gateway k.
	GatewayRecords(k Key) []store.Op
	// Applied is the watermark of the dependent's view: DeleteGateway
	// waits for it too, so that the dependent's reads after a delete
	// (its lists) no longer show what was deleted.
	Applied() *store.Watermark
}

// AddDependent makes DeleteGateway delete d's records of the gateway too.
func (r *Registry) AddDependent(d Dependent) {
	r.depMu.Lock()
	defer r.depMu.Unlock()
	r.dependents = append(r.dependents, d)
}

// waitDependents waits until every dependent's view has applied what
// this registry's view has, which includes the caller's own write. A
// dependent that held no record of the gateway sees no event of that
// write and never reaches its revision: the wait is capped (UnseenCap)
// and only ctx's end is an error.
func (r *Registry) waitDependents(ctx context.Context) error {
	r.depMu.Lock()
	deps := slices.Clone(r.dependents)
	r.depMu.Unlock()
	rev := r.view.applied.Load()
	capped, cancel := context.WithTimeout(ctx, store.UnseenCap)
	defer cancel()
	for _, d := range deps {
		if err := d.Applied().Wait(capped, rev); err != nil && ctx.Err() != nil {
			return fmt.Errorf("wait for the views of the gateway's plugins and mappings: %w", ctx.Err())
		}
	}
	return nil
}

// dependentOps answers the operations that delete every dependent's
// records of k.
func (r *Registry) dependentOps(k Key) []store.Op {
	r.depMu.Lock()
	defer r.depMu.Unlock()
	var ops []store.Op
	for _, d := range r.dependents {
		ops = append(ops, d.GatewayRecords(k)...)
	}
	return ops
}
