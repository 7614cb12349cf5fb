// Package xds serves the translator's resources to Envoy and gRPC clients
// over ADS, state of the world and delta alike, with go-control-plane's
// snapshot cache: every node holds a snapshot whose per-type versions are
// hashes of their content, so a change re-sends only the types it touched
// (and, on delta streams, only the resources).
//
// It tracks every connected node (stream kind, versions sent and ACKed,
// the last NACK) and debounces registry changes into pushes.
package xds
