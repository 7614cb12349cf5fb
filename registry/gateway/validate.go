package gateway

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/causeway-dev/causeway/registry"
)

// Limits. They keep one gateway's translation small and every record far
// below the store's 1 MiB value limit.
const (
	MaxListeners = 32
	MaxRoutes    = 1000 // per gateway
	MaxDomains   = 64   // per route
	MaxHeaders   = 16   // per route
	MaxValueLen  = 1024 // paths, regexes, header values, rewrite prefixes
	MaxNameLen   = 64
	MaxDomainLen = 253
)

var (
	idPattern      = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$`)
	projectPattern = regexp.MustCompile(`^[A-Za-z0-9._-]{1,64}$`)
	namePattern    = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$`)
)

const nameRule = "must be 1-64 letters, digits, '.', '_' or '-', starting with a letter or digit"

// invalid is a validation error about one field, worded "field: problem".
func invalid(field, format string, args ...any) *registry.Error {
	return &registry.Error{Kind: registry.KindInvalid, Field: field, Msg: field + ": " + fmt.Sprintf(format, args...)}
}

// ValidateKey checks the project and gateway ids of an API path. They
// appear in Envoy resource names (gateway|<id>|<port>), hence the narrow
// alphabet.
func ValidateKey(k Key) error {
	if !projectPattern.MatchString(k.Project) {
		return invalid("project_id", "must be 1-64 letters, digits, '.', '_' or '-'")
	}
	if !idPattern.MatchString(k.ID) {
		return invalid("gateway_id", nameRule)
	}
	return nil
}

// ValidateGateway fills the defaults of g (protocol HTTP) and checks it:
// 1-32 listeners with unique names and unique ports 1-65535, HTTP only.
func ValidateGateway(g *Gateway) error {
	if len(g.Listeners) == 0 {
		return invalid("listeners", "at least one listener is required")
	}
	if len(g.Listeners) > MaxListeners {
		return invalid("listeners", "at most %d listeners are allowed", MaxListeners)
	}
	names, ports := map[string]int{}, map[int]int{}
	for i := range g.Listeners {
		l := &g.Listeners[i]
		field := fmt.Sprintf("listeners[%d]", i)
		if err := validateListener(field, l); err != nil {
			return err
		}
		if j, dup := names[l.Name]; dup {
			return invalid(field+".name", "%q is already the name of listeners[%d]", l.Name, j)
		}
		if j, dup := ports[l.Port]; dup {
			return invalid(field+".port", "%d is already the port of listeners[%d]", l.Port, j)
		}
		names[l.Name], ports[l.Port] = i, i
	}
	return nil
}

func validateListener(field string, l *Listener) error {
	if !namePattern.MatchString(l.Name) {
		return invalid(field+".name", nameRule)
	}
	if l.Port < 1 || l.Port > 65535 {
		return invalid(field+".port", "must be 1-65535")
	}
	l.Protocol = strings.ToUpper(strings.TrimSpace(l.Protocol))
	switch l.Protocol {
	case "":
		l.Protocol = ProtocolHTTP
	case ProtocolHTTP:
	case "HTTPS", "TCP", "GRPC", "HTTP2":
		return invalid(field+".protocol", "%s listeners are not supported yet; use HTTP", l.Protocol)
	default:
		return invalid(field+".protocol", "must be HTTP")
	}
	return nil
}
