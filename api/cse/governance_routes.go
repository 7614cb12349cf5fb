package cse

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
func (a *api) governanceRoutes() []struct {
	pattern string
	h       handlerFunc
} {
	return []struct {
		pattern string
		h       handlerFunc
	}{
		{"GET " + displayPath, a.displayPolicies},
		{"POST " + kindPath, a.createPolicy},
		{"GET " + kindPath, a.listPolicies},
		{"GET " + policyPath, a.getPolicy},
		{"PUT " + policyPath, a.updatePolicy},
		{"DELETE " + policyPath, a.deletePolicy},
		{"PUT " + routeRulePath, a.putRouteRule},
		{"GET " + routeRulePath, a.getRouteRule},
		{"DELETE " + routeRulePath, a.deleteRouteRule},
	}
}
