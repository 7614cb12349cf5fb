// Package controlplane turns the registry into Envoy configuration. Its
// stages are sub-packages wired in one place (cmd/causeway):
//
//   - index: an immutable snapshot of what the registry holds, rebuilt
//     service by service from the registry's change feed;
//   - translate: a pure function of (snapshot, node) to Envoy resources,
//     tested with golden files;
//   - xds: the go-control-plane cache and ADS server (state of the world and
//     delta), node tracking with ACK/NACK, debounced pushes.
//
// Data flows one way: registry -> index -> translate -> xds. Nothing here
// writes to the registry, and the translator never reads the store.
package controlplane
