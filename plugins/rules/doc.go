// Package rules scopes a plugin's configuration to routes and domains with
// the Higress `_rules_` convention, so one plugin instance on a gateway can
// behave differently per route or per host without a second filter.
//
// A pluginConfig such as
//
//	{"keys": ["k1"],
//	 "_rules_": [
//	   {"_match_route_": ["orders"], "keys": ["k2"]},
//	   {"_match_domain_": ["*.example.com"], "keys": ["k3"]}]}
//
// holds a default configuration (everything but `_rules_`) and rules that
// replace it, whole, for the requests they match. The first matching rule
// wins; a request no rule matches takes the default; a pluginConfig made
// of `_rules_` alone has no default, and the plugin leaves the requests no
// rule matches alone.
package rules
