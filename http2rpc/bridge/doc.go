// Package bridge is Causeway's HTTP to Dubbo bridge: the HTTP server on
// --http2rpc-addr that gateways send mapped requests to. A request names
// its mapping and method in x-causeway-http2rpc (set by the gateway route,
// see controlplane/translate); the bridge takes the method's parameters
// from the path, query, headers and JSON body, converts them to their Java
// types, calls a healthy provider of the mapping's registry service with a
// Dubbo 2 generic invocation and answers the result as JSON.
//
// The route also sends x-causeway-http2rpc-seal, an HMAC of the target and
// the route's timeout under a key in the store: the bridge refuses (403) a
// request without a valid one, so that a client reaching the bridge's port
// directly cannot skip the gateway's plugins or pick its own timeout.
//
// Answers: 200 {"result": ...}; 403 for a request no gateway route sent;
// 400 naming a parameter that is missing or
// does not convert; 404 for a request no mapping claims; 500 with the
// exception class and message when the provider throws; 503 when no
// provider is healthy or reachable; 504 when the provider does not answer
// in time.
package bridge
