// Package http2rpc will hold the Hessian2 codec, the Dubbo client and the
// HTTP to Dubbo bridge. It is empty until that work lands.
package http2rpc
