// Package xds serves the translator's resources to Envoy and gRPC clients
// over ADS, state of the world and delta alike. Nodes that see the same
// things share a scope: one go-control-plane linear cache per resource type,
// updated with only the resources whose content changed. So an instance
// change re-sends one endpoint assignment, marshalled once, to the nodes
// that watch it, whatever the number of services or nodes.
//
// It tracks every connected node (stream kind, versions sent and ACKed,
// each type's standing NACK) and debounces registry changes into pushes.
package xds
