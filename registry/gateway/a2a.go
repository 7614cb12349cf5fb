package gateway

import (
	"fmt"
	"net/url"
	"strings"

	"github.com/causeway-dev/causeway/registry/ai/catalog"
	"github.com/causeway-dev/causeway/registry/naming"
)

// A2APathPrefix is where an A2A route is served when its match names no
// path: /a2a/{name}.
const A2APathPrefix = "/a2a/"

// MaxPublicURLLen bounds an A2A route's publicURL.
const MaxPublicURLLen = 1024

// A2ARef names an A2A agent of the AI registry (registry/ai/catalog) as a
// route's destination. The gateway serves the agent's card at the A2A
// well-known paths under the route's prefix, its url pointing at
// PublicURL plus the prefix, and proxies the rest of the prefix to the
// card's url; with Version empty it follows the latest version.
type A2ARef struct {
	Namespace string `json:"namespace"`
	Name      string `json:"name"`
	Version   string `json:"version,omitempty"`
	// PublicURL is how agents reach the gateway (scheme://host[:port][/path]):
	// only the operator knows it (a load balancer, TLS ended in front, a DNS
	// name), and the card served must point agents at the gateway.
	PublicURL string `json:"publicURL" yaml:"publicURL"`
}

// A2AAgents answers an agent card of the AI registry; *catalog.A2A does.
// It only feeds warnings: a route may name an agent registered later.
type A2AAgents interface {
	Get(ns, name, version string) (*catalog.AgentVersion, error)
}

// validateA2ARoute checks a route to an A2A agent and fills its defaults:
// namespace public, path prefix /a2a/{name}. The route serves the card
// below its prefix and rewrites the rest to the card's url, so it takes
// a prefix (whole path segments) and no rewrite.
func validateA2ARoute(r *Route) error {
	checks := []func(*Route) error{validateDomains, validateA2ADestination, validateA2APath, validateMatch,
		validateTimeout, refuseA2ARewrite}
	for _, check := range checks {
		if err := check(r); err != nil {
			return err
		}
	}
	return nil
}

func validateA2ADestination(r *Route) error {
	if err := refuseServiceFields(&r.Destination, "destination.a2a", "an A2A agent"); err != nil {
		return err
	}
	if r.Destination.MCP != nil {
		return invalid("destination.mcp", "cannot be set with destination.a2a: a route sends to one destination")
	}
	a := r.Destination.A2A
	if a.Namespace == "" {
		a.Namespace = catalog.DefaultNamespace
	}
	if naming.ValidateNamespace(a.Namespace) != nil {
		return invalid("destination.a2a.namespace", "%q is not a namespace (letters, digits, '_', '-', at most %d)",
			a.Namespace, naming.MaxNamespaceLen)
	}
	if strings.TrimSpace(a.Name) == "" {
		return invalid("destination.a2a.name", "is required")
	}
	if problem := catalogNameProblem(a.Name, catalog.MaxNameLen); problem != "" {
		return invalid("destination.a2a.name", "%q %s", a.Name, problem)
	}
	if a.Version != "" {
		if problem := catalogNameProblem(a.Version, catalog.MaxVersionLen); problem != "" {
			return invalid("destination.a2a.version", "%q %s", a.Version, problem)
		}
	}
	return validatePublicURL(a)
}

// validatePublicURL keeps publicURL an absolute http(s) URL without
// credentials, query or fragment (the card's url is it plus the route's
// prefix), without its trailing '/'.
func validatePublicURL(a *A2ARef) error {
	const field = "destination.a2a.publicURL"
	if strings.TrimSpace(a.PublicURL) == "" {
		return invalid(field, "is required: the card served through the gateway points agents at publicURL plus the route's path")
	}
	if len(a.PublicURL) > MaxPublicURLLen {
		return invalid(field, "is longer than %d bytes", MaxPublicURLLen)
	}
	u, err := url.Parse(a.PublicURL)
	switch {
	case err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "":
		return invalid(field, "%q is not an absolute http or https URL", a.PublicURL)
	case u.User != nil, u.RawQuery != "", u.ForceQuery, u.Fragment != "", strings.Contains(a.PublicURL, "#"):
		return invalid(field, "%q must not hold credentials, a query or a fragment", a.PublicURL)
	case strings.IndexFunc(a.PublicURL, func(r rune) bool { return r <= ' ' || r == 0x7f }) >= 0:
		return invalid(field, "%q must not contain spaces or control characters", a.PublicURL)
	}
	a.PublicURL = strings.TrimRight(a.PublicURL, "/")
	return nil
}

// refuseServiceFields refuses the service fields of a destination beside
// field (the destination kind's own).
func refuseServiceFields(d *Destination, field, what string) error {
	for _, f := range []struct {
		name string
		set  bool
	}{{"service", d.Service != ""}, {"group", d.Group != ""}, {"namespace", d.Namespace != ""}, {"port", d.Port != 0}} {
		if f.set {
			return invalid("destination."+f.name, "cannot be set with %s: a route sends to a service or to %s", field, what)
		}
	}
	return nil
}

// validateA2APath defaults the path to /a2a/{name} and keeps it a prefix
// of whole segments: the card is served below it.
func validateA2APath(r *Route) error {
	p := &r.Match.Path
	if p.Type == "" && p.Value == "" {
		p.Type, p.Value = PathPrefix, A2APathPrefix+r.Destination.A2A.Name
		if err := checkPath("match.path.value", p.Value); err != nil || strings.ContainsAny(p.Value, "?#%") {
			return invalid("match.path", "destination.a2a.name %q cannot be a path segment; give match.path",
				r.Destination.A2A.Name)
		}
		return nil
	}
	if p.Type != PathPrefix {
		return invalid("match.path.type", "an A2A route matches a prefix (its card is served below it)")
	}
	if p.Value != "/" && (strings.HasSuffix(p.Value, "/") || strings.ContainsAny(p.Value, "?#")) {
		return invalid("match.path.value", "%q: an A2A route's prefix matches whole path segments: no trailing '/', '?' or '#'", p.Value)
	}
	return nil
}

func refuseA2ARewrite(r *Route) error {
	if r.Rewrite != nil {
		return invalid("rewrite", "an A2A route is rewritten to the path of the agent card's url; leave rewrite out")
	}
	return nil
}

// a2aWarnings reports an A2A destination that is not registered (yet) or
// whose card has no url to send messages to.
func (r *Registry) a2aWarnings(a *A2ARef) []string {
	if r.opts.A2A == nil {
		return nil
	}
	v, err := r.opts.A2A.Get(a.Namespace, a.Name, a.Version)
	if err != nil {
		return []string{fmt.Sprintf("destination.a2a: %v; the route answers 503 until the agent is registered", err)}
	}
	if v.Card.URL == "" {
		return []string{"destination.a2a: the agent card has no url; messages answer 503 until a version with a url is the one routed"}
	}
	return nil
}
