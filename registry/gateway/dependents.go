package gateway

import "github.com/causeway-dev/causeway/registry/store"

// Dependent keeps records that belong to gateways (plugins, http2rpc
// mappings) and must go when their gateway goes: deleting a gateway
// deletes them in the same transaction, so a gateway created again with
// the same id starts empty rather than with its predecessor's plugins.
type Dependent interface {
	// GatewayRecords answers the store operations that delete the
	// dependent's records of gateway k.
	GatewayRecords(k Key) []store.Op
}

// AddDependent makes DeleteGateway delete d's records of the gateway too.
func (r *Registry) AddDependent(d Dependent) {
	r.depMu.Lock()
	defer r.depMu.Unlock()
	r.dependents = append(r.dependents, d)
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
