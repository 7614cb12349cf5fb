// Package http2rpc will hold the HTTP to Dubbo bridge. Its parts live in
// sub-packages: dubbo (the Dubbo 2 framing) so far; the Hessian2 generic
// invocation, the pooled client and the bridge are still to come (issue 8).
package http2rpc
