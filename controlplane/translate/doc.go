// Package translate turns an index snapshot into the Envoy resources one
// node should hold. It is a pure function: same snapshot and node, same
// resources, in a stable order, so it is tested with golden files
// (testdata/*.in.yaml -> *.out.yaml; go test -update refreshes them).
//
// Names are stable and readable (DESIGN.md). A service is one pool of
// instances, each at its own ip:port: its cluster is
// outbound|||<name>.<group>.<namespace>, a route rule's subset
// outbound||v=2.0.0|<name>.<group>.<namespace>, and a port shows only where
// a client addressed one (outbound|8081||...). A cluster's endpoint
// assignment is named after the cluster's definition
// (<cluster>~<digest>, see nameAssignment). A sidecar's listener and route
// configuration are outbound|<port>, a gateway's gateway|<id>|<port>.
package translate
