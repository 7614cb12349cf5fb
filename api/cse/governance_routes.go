package cse

import "github.com/causeway-dev/causeway/registry/auth"

// Paths of the microservice-governance family (seed 004 §5.4).
const (
	govPath       = "/v3/{project_id}/govern/governance"
	displayPath   = govPath + "/display"
	kindPath      = govPath + "/{kind}"
	policyPath    = kindPath + "/{policy_id}"
	routeRulePath = "/v3/{project_id}/govern/route-rule/microservices/{service_name}"
)

// governanceRoutes is the route table of the governance family. The
// display path is literal, so it wins over {kind} for GET (net/http's
// most specific pattern).
func (a *api) governanceRoutes() []route {
	return []route{
		{"GET " + displayPath, a.displayPolicies, policiesOfApp},
		{"POST " + kindPath, a.createPolicy, governanceWrite},
		{"GET " + kindPath, a.listPolicies, policiesOfApp},
		{"GET " + policyPath, a.getPolicy, governanceRead},
		{"PUT " + policyPath, a.updatePolicy, governanceWrite},
		{"DELETE " + policyPath, a.deletePolicy, governanceWrite},
		{"PUT " + routeRulePath, a.putRouteRule, routeRule(auth.Write)},
		{"GET " + routeRulePath, a.getRouteRule, routeRule(auth.Read)},
		{"DELETE " + routeRulePath, a.deleteRouteRule, routeRule(auth.Write)},
	}
}
