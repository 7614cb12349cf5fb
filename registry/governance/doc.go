// Package governance holds the microservice-governance rules of the CSE
// API: traffic definitions (match groups), the policies bound to them by
// name (retry, rate limiting, load balancing, circuit breaking, instance
// isolation, fault injection, bulkhead) and the gray-release route rules of
// a service. ServiceComb SDKs enforce such rules in the application;
// Causeway's control plane turns them into Envoy and gRPC configuration,
// so this package also answers which rules govern the traffic to one
// service (Snapshot.For).
//
// Rules are stored as the API gave them (the raw spec is echoed back) and
// parsed into typed specs with ServiceComb's defaults; a spec that does not
// parse is refused before anything is written.
package governance
