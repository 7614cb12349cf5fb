// Package controlplane will turn the registry into Envoy configuration: an
// index fed by the store's watch, a pure translator tested with golden files,
// and an xDS server on go-control-plane. It is empty until that work lands.
package controlplane
