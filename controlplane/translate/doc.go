// Package translate turns an index snapshot into the Envoy resources one
// node should hold. It is a pure function: same snapshot and node, same
// resources, in a stable order, so it is tested with golden files
// (testdata/*.in.yaml -> *.out.yaml; go test -update refreshes them).
//
// Names are stable and readable (DESIGN.md): cluster
// outbound|<port>||<name>.<group>.<namespace>, listener and route
// configuration outbound|<port>.
package translate
