package naming

import (
	"context"
	"fmt"
	"log/slog"
	"sort"
	"strings"
	"time"
)

// sweepSummary counts what one sweep did, for its one log line: a fleet
// expiring at once is one line, not one per instance (Nacos writes one per
// instance to its naming event and server logs).
type sweepSummary struct {
	unhealthy, removed int
	raced              int // left alone: they beat or changed after being judged
	services           map[ServiceKey]struct{}
	namespaces         map[string]int
}

func (s *sweepSummary) add(v verdict) {
	if v.remove {
		s.removed++
	} else {
		s.unhealthy++
	}
	if s.services == nil {
		s.services, s.namespaces = map[ServiceKey]struct{}{}, map[string]int{}
	}
	s.services[v.in.Service] = struct{}{}
	s.namespaces[v.in.Service.Namespace]++
}

// maxLoggedNamespaces bounds the namespaces the summary names.
const maxLoggedNamespaces = 10

func (s *sweepSummary) log(ctx context.Context, log *slog.Logger, took time.Duration) {
	if s.unhealthy+s.removed+s.raced == 0 {
		return
	}
	log.LogAttrs(ctx, slog.LevelInfo, "instances without beats",
		slog.Int("unhealthy", s.unhealthy), slog.Int("removed", s.removed), slog.Int("raced", s.raced),
		slog.Int("services", len(s.services)), slog.String("namespaces", s.namespaceCounts()),
		slog.Duration("took", took.Round(time.Microsecond)))
}

// namespaceCounts answers "ns=count,..." for the namespaces with the most
// instances changed, the rest summed up.
func (s *sweepSummary) namespaceCounts() string {
	names := make([]string, 0, len(s.namespaces))
	for ns := range s.namespaces {
		names = append(names, ns)
	}
	sort.Slice(names, func(i, j int) bool {
		a, b := s.namespaces[names[i]], s.namespaces[names[j]]
		if a != b {
			return a > b
		}
		return names[i] < names[j]
	})
	var sb strings.Builder
	rest := 0
	for i, ns := range names {
		if i >= maxLoggedNamespaces {
			rest += s.namespaces[ns]
			continue
		}
		if i > 0 {
			sb.WriteByte(',')
		}
		fmt.Fprintf(&sb, "%s=%d", ns, s.namespaces[ns])
	}
	if rest > 0 {
		fmt.Fprintf(&sb, ",+%d more namespaces=%d", len(names)-maxLoggedNamespaces, rest)
	}
	return sb.String()
}
