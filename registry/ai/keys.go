package ai

// Key prefixes of the AI registry, one per kind; every key of a kind lives
// under its prefix and the namespace of the resource:
//
//	ai/mcp/<namespace>/...        MCP servers (catalog)
//	ai/a2a/<namespace>/...        A2A agent cards (catalog)
//	ai/prompt/<namespace>/...     prompts (prompt*.go)
//	ai/skill/<namespace>/...      skills (artifact)
//	ai/agentspec/<namespace>/...  agent specs (artifact)
const (
	Prefix          = "ai/"
	MCPPrefix       = Prefix + "mcp/"
	A2APrefix       = Prefix + "a2a/"
	PromptPrefix    = Prefix + "prompt/"
	SkillPrefix     = Prefix + "skill/"
	AgentSpecPrefix = Prefix + "agentspec/"
)
