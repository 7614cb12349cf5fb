// Package naming is the service registry of Causeway: namespaces, services
// (group@@name), clusters and instances, the health of ephemeral instances, the
// protect threshold, and the client bookkeeping Nacos reports.
//
// Writes go to the store; reads come from an in-memory index fed by the
// store's watch. A write returns only after the index has applied its
// revision, so a caller reads its own writes, and the same watch feeds the
// control plane, so every change the registry makes reaches Envoy.
//
// Validation rules live here, not in the API dialects: Nacos v1, v2 and the
// ServiceComb dialect share them. So do a namespace's limits (quota.go):
// a tenant's namespace refuses a new service or instance past them in
// every write path that adds one.
package naming
