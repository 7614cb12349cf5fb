// Package ai is the AI registry of Nacos 3 (seed 003 §6-10): MCP servers
// (local stdio and remote SSE / streamable, their tools and endpoints),
// A2A agent cards and their versions, prompts and skills with their draft
// → submit → publish life cycle, labels, biz tags, online status and
// scope, and agent specs.
//
// Each kind is its own registry over the shared store, under its own key
// prefix (keys.go), with an in-memory view fed by the store's watch like
// every other registry: a write returns once the writer's view shows it,
// and every node of a cluster sees it through its own watch. Published
// versions are immutable; which one is "latest" is recorded explicitly,
// never inferred from order. The rules every kind shares live here, one
// each: namespace.go, paging.go, search.go, version.go, tags.go,
// labels.go, and the versioned view (versioned.go) of prompts, skills
// and agent specs; MCP servers and agent cards are in package catalog,
// skills and agent specs in package artifact. The rules serve every API
// that exposes them (the Nacos 3 admin routes, api/nacos/v3/ai; the
// gateway, which can expose a registered MCP server to agents).
package ai
