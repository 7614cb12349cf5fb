// Package ai serves the AI section of the Nacos 3 admin API
// (/nacos/v3/admin/ai/..., seed 003 §6-10) over registry/ai: MCP servers,
// A2A agent cards, prompts, skills and agent specs, in the v3 envelope
// with Nacos's error codes (api/nacos/nacosresult). It translates and
// validates the wire; the rules are registry/ai's.
package ai
