package artifact

import "github.com/causeway-dev/causeway/registry/ai"

// nextVersion answers the version after the highest of m's by the AI
// registry's version rules (ai.NextVersion): "1.0.0" for the first.
func nextVersion(m *Meta) string {
	if m == nil {
		return ai.NextVersion("")
	}
	vs := make([]string, len(m.Versions))
	for i, v := range m.Versions {
		vs[i] = v.Version
	}
	return ai.NextVersion(ai.Newest(vs))
}
