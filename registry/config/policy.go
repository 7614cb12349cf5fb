package config

// SamePolicy is what an import does with a config that exists (Nacos's
// SameConfigPolicy). The same declaration as the clone's on i18-config:
// when both branches meet, keep one.
type SamePolicy string

// The policies.
const (
	PolicyAbort     SamePolicy = "ABORT"
	PolicySkip      SamePolicy = "SKIP"
	PolicyOverwrite SamePolicy = "OVERWRITE"
)

// ParsePolicy reads a policy as Spring binds the enum: its exact name.
func ParsePolicy(s string) (SamePolicy, bool) {
	switch p := SamePolicy(s); p {
	case PolicyAbort, PolicySkip, PolicyOverwrite:
		return p, true
	}
	return "", false
}
