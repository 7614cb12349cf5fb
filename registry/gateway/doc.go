// Package gateway is the domain of Causeway's application gateways: a
// gateway (its listeners) and the HTTP routes it serves, per project, as the
// CSE gateway API (api/cse) manages them and the control plane turns them
// into Envoy listeners and routes. A route sends to a registered service, to
// an MCP server (mcp.go) or to an A2A agent (a2a.go) of the AI registry
// (docs/AI_GATEWAY.md).
//
// Writes go to the store under Prefix with guarded transactions, so a
// record is written whole or not at all and two writers never both win;
// reads come from an in-memory view fed by the store's watch, and a write
// returns only after the view shows it. The same watch drives a coalescing
// change feed (Listen) that the control plane's index follows.
//
// Validation lives here, not in the API: every message names the field it
// is about (listeners[1].port: must be 1-65535), and nothing that Envoy
// would refuse is ever stored.
package gateway
