// Package http2rpc is Causeway's HTTP to Dubbo path. Its parts live in
// sub-packages: bridge (the HTTP server on --http2rpc-addr that gateways
// send mapped requests to) and dubbo (the Dubbo 2 client: framing,
// hessian2 generic invocation, the pooled multiplexed client, parameter
// conversion). The mappings themselves are registry/http2rpc's; see
// docs/HTTP2RPC.md.
package http2rpc
