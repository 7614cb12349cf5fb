// Package client is a small REST client of a Causeway server for the CLI
// (cmd/causeway cli_*.go) and for scripts and tests: it logs in through the
// Nacos v1 auth API, saves that login (config.go), and reads and writes
// only through the public APIs: Nacos for services, configs and namespaces,
// the CSE APIs for gateways, routes, plugins, policies, route rules and
// http2rpc mappings, and /causeway/v1 for xDS nodes and WASM modules.
//
// Manifests (manifest.go) are the declarative side: multi-document YAML
// whose spec is the CSE body of one object, applied create-or-update by
// name (apply.go), so that applying a file twice changes nothing.
package client
