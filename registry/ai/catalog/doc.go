// Package catalog holds the AI registry's versioned documents of servers
// and agents: MCP servers (seed 003 §6: local stdio and remote SSE /
// streamable, their tools and endpoints, DIRECT or REF to a naming
// service) and A2A agent cards (§7). Each server or card is an index key
// (id, versions in publication order, latest) plus one immutable document
// per version, under the kind's key prefix (registry/ai keys.go).
// MCP.Endpoint and MCP.Backends are the gateway's way in.
package catalog
