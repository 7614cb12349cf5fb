package artifact

import (
	"strconv"
	"strings"
)

// compareVersions orders versions by their dot-separated parts, numeric
// parts as numbers ("1.10.0" after "1.9.0"), the rest as text.
func compareVersions(a, b string) int {
	as, bs := strings.Split(a, "."), strings.Split(b, ".")
	for i := 0; i < len(as) && i < len(bs); i++ {
		an, aerr := strconv.ParseUint(as[i], 10, 64)
		bn, berr := strconv.ParseUint(bs[i], 10, 64)
		switch {
		case aerr == nil && berr == nil && an != bn:
			if an < bn {
				return -1
			}
			return 1
		case (aerr != nil || berr != nil) && as[i] != bs[i]:
			return strings.Compare(as[i], bs[i])
		}
	}
	return len(as) - len(bs)
}

// nextVersion answers the version after the highest of m's: its last
// numeric part plus one ("1.0.0" → "1.0.1"); "1.0.0" for the first.
func nextVersion(m *Meta) string {
	if m == nil || len(m.Versions) == 0 {
		return "1.0.0"
	}
	hi := m.Versions[0].Version
	for _, v := range m.Versions[1:] {
		if compareVersions(v.Version, hi) > 0 {
			hi = v.Version
		}
	}
	parts := strings.Split(hi, ".")
	for i := len(parts) - 1; i >= 0; i-- {
		if n, err := strconv.ParseUint(parts[i], 10, 64); err == nil {
			parts[i] = strconv.FormatUint(n+1, 10)
			parts = parts[:i+1]
			for len(parts) < 3 {
				parts = append(parts, "0")
			}
			return strings.Join(parts, ".")
		}
	}
	return hi + ".1"
}
