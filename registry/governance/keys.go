package governance

import (
	"net/url"
	"strings"
)

// Store key layout. Every component is path-escaped, so a '/' inside a
// name cannot forge another key, and the project stays in every key.
//
//	governance/p/<project>/<kind>/<id>                        a rule record
//	governance/n/<project>/<kind>/<env>/<app>/<service>/<name> a rule name, holding its id
//	governance/r/<project>/<env>/<app>/<service>              a service's route rules
//
// Name records make rule names unique per project, kind and selector under
// concurrent writers: a writer claims a name with an Absent guard in the
// same transaction as the rule.
const (
	// Prefix holds everything the governance registry stores.
	Prefix       = "governance/"
	policyPrefix = Prefix + "p/"
	namePrefix   = Prefix + "n/"
	routePrefix  = Prefix + "r/"
)

// policyKey names a rule in the view.
type policyKey struct {
	Project string
	Kind    Kind
	ID      string
}

func esc(s string) string { return url.PathEscape(s) }

func policyStoreKey(k policyKey) string {
	return policyPrefix + esc(k.Project) + "/" + esc(string(k.Kind)) + "/" + esc(k.ID)
}

func nameStoreKey(project string, kind Kind, sel Selector, name string) string {
	return namePrefix + esc(project) + "/" + esc(string(kind)) + "/" + esc(sel.Environment) + "/" +
		esc(sel.App) + "/" + esc(sel.Service) + "/" + esc(name)
}

func routeStoreKey(k RouteRuleKey) string {
	return routePrefix + esc(k.Project) + "/" + esc(k.Environment) + "/" + esc(k.App) + "/" + esc(k.Service)
}

// parseKey tells what a store key holds: "p" (a rule, pk set), "r" (route
// rules, rk set) or "n" (a name record). ok is false for anything else.
func parseKey(key string) (kind string, pk policyKey, rk RouteRuleKey, ok bool) {
	rest, found := strings.CutPrefix(key, Prefix)
	if !found {
		return "", pk, rk, false
	}
	parts := strings.Split(rest, "/")
	want := map[string]int{"p": 4, "n": 7, "r": 5}[parts[0]]
	if want == 0 || len(parts) != want {
		return "", pk, rk, false
	}
	un := make([]string, len(parts))
	for i, p := range parts {
		v, err := url.PathUnescape(p)
		if err != nil {
			return "", pk, rk, false
		}
		un[i] = v
	}
	switch un[0] {
	case "p":
		pk = policyKey{Project: un[1], Kind: Kind(un[2]), ID: un[3]}
	case "r":
		rk = RouteRuleKey{Project: un[1], Environment: un[2], App: un[3], Service: un[4]}
	}
	return un[0], pk, rk, true
}
