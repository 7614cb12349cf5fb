// Package http2rpc holds the http2rpc mappings of gateways (seed 004
// §7.6–7.9): which HTTP requests reaching a gateway route become which
// Dubbo calls, with where each parameter comes from and its Java type.
// The rules that make a mapping sound live here (path templates, Java
// type names, parameter sources, no two mappings claiming the same method
// and path on a gateway), so the API, the translator and the bridge read
// the same model.
package http2rpc
