package cse

import (
	"encoding/json"
	"net/http"

	"github.com/causeway-dev/causeway/api/httpx"

	"github.com/causeway-dev/causeway/registry"
	"github.com/causeway-dev/causeway/registry/governance"
)

// environmentHeader names the environment of a request whose body gives
// none (seed 004 §5.4.5-5.4.9: x-environment; net/http matches header
// names without case).
const environmentHeader = "X-Environment"

// resultBody is the seed's write answer: {"result": "..."}.
type resultBody struct {
	Result any `json:"result"`
}

var success = resultBody{Result: "success"}

// policyBody is a rule as a client writes it (§5.4.5, §5.4.8). The id,
// kind and status a GET answers are accepted, so a GET body can be PUT
// back; an id or kind must then be the path's.
type policyBody struct {
	ID       string               `json:"id"`
	Kind     string               `json:"kind"`
	Name     string               `json:"name"`
	Status   string               `json:"status"`
	Selector *governance.Selector `json:"selector"`
	Spec     json.RawMessage      `json:"spec"`
}

// input reads a rule body. x-environment fills the environment of a
// selector that has none, and is the whole selector of a new rule without
// one; an update without a selector keeps the rule's.
func (a *api) input(w http.ResponseWriter, r *http.Request, kind governance.Kind, create bool) (governance.PolicyInput, error) {
	var b policyBody
	if err := decodeBody(w, r, &b); err != nil {
		return governance.PolicyInput{}, err
	}
	if b.Kind != "" && b.Kind != string(kind) {
		return governance.PolicyInput{}, bodyInvalid("kind", "\""+b.Kind+"\" differs from the kind of the path")
	}
	if id := r.PathValue("policy_id"); b.ID != "" && b.ID != id {
		return governance.PolicyInput{}, bodyInvalid("id", "\""+b.ID+"\" differs from the policy_id of the path")
	}
	if env := r.Header.Get(environmentHeader); env != "" {
		switch {
		case b.Selector != nil && b.Selector.Environment == "":
			b.Selector.Environment = env
		case b.Selector == nil && create:
			b.Selector = &governance.Selector{Environment: env}
		}
	}
	return governance.PolicyInput{Name: b.Name, Status: b.Status, Selector: b.Selector, Spec: b.Spec}, nil
}

func pathKind(r *http.Request) (governance.Kind, error) {
	return governance.ParseKind(r.PathValue("kind"))
}

// displayPolicies: GET .../govern/governance/display?environment=&app=
// answers every traffic definition with its policies (§5.4.1).
// environment is required; "all" takes every environment, and an empty
// value is the empty environment, a real one in ServiceComb.
func (a *api) displayPolicies(w http.ResponseWriter, r *http.Request) error {
	project := r.PathValue("project_id")
	if err := governance.ValidateProject(project); err != nil {
		return err
	}
	q := r.URL.Query()
	if !q.Has("environment") {
		return registry.FieldErrorf(registry.KindMissing, "environment",
			"environment: is required (\"all\" for every environment)")
	}
	httpx.WriteJSON(w, http.StatusOK, a.gov.Display(project, q.Get("environment"), q.Get("app")))
	return nil
}

// createPolicy: POST .../govern/governance/{kind} answers
// {"result":"<id>"}: the seed types result as a string without saying
// what it holds, and the new rule's id is what a client needs to read,
// update or delete it.
func (a *api) createPolicy(w http.ResponseWriter, r *http.Request) error {
	kind, err := pathKind(r)
	if err != nil {
		return err
	}
	in, err := a.input(w, r, kind, true)
	if err != nil {
		return err
	}
	p, err := a.gov.CreatePolicy(r.Context(), r.PathValue("project_id"), kind, in)
	if err != nil {
		return err
	}
	httpx.WriteJSON(w, http.StatusOK, resultBody{Result: p.ID})
	return nil
}

// listPolicies: GET .../govern/governance/{kind} answers the display shape
// narrowed to kind (§5.4.9; governance.Registry.DisplayKind). The
// environment is the query's, else x-environment's, else every one.
func (a *api) listPolicies(w http.ResponseWriter, r *http.Request) error {
	kind, err := pathKind(r)
	if err != nil {
		return err
	}
	project := r.PathValue("project_id")
	if err := governance.ValidateProject(project); err != nil {
		return err
	}
	q := r.URL.Query()
	env := governance.AllEnvironments
	switch {
	case q.Has("environment"):
		env = q.Get("environment")
	case r.Header.Get(environmentHeader) != "":
		env = r.Header.Get(environmentHeader)
	}
	httpx.WriteJSON(w, http.StatusOK, a.gov.DisplayKind(project, kind, env, q.Get("app")))
	return nil
}

// getPolicy answers {id,name,kind,status,selector,spec}: the seed lists
// name, selector and spec; the rest costs nothing and saves a lookup.
func (a *api) getPolicy(w http.ResponseWriter, r *http.Request) error {
	kind, err := pathKind(r)
	if err != nil {
		return err
	}
	p, err := a.gov.GetPolicy(r.PathValue("project_id"), kind, r.PathValue("policy_id"))
	if err != nil {
		return err
	}
	httpx.WriteJSON(w, http.StatusOK, p)
	return nil
}

// updatePolicy: PUT .../{kind}/{policy_id}; what the body leaves out
// (name, status, selector, spec) stays as it was.
func (a *api) updatePolicy(w http.ResponseWriter, r *http.Request) error {
	kind, err := pathKind(r)
	if err != nil {
		return err
	}
	in, err := a.input(w, r, kind, false)
	if err != nil {
		return err
	}
	if _, err := a.gov.UpdatePolicy(r.Context(), r.PathValue("project_id"), kind, r.PathValue("policy_id"), in); err != nil {
		return err
	}
	httpx.WriteJSON(w, http.StatusOK, success)
	return nil
}

func (a *api) deletePolicy(w http.ResponseWriter, r *http.Request) error {
	kind, err := pathKind(r)
	if err != nil {
		return err
	}
	if err := a.gov.DeletePolicy(r.Context(), r.PathValue("project_id"), kind, r.PathValue("policy_id")); err != nil {
		return err
	}
	httpx.WriteJSON(w, http.StatusOK, success)
	return nil
}

// routeRuleKey reads the service of a route-rule path: environment empty
// and app_id "default" unless the query says otherwise (§5.4.2).
func routeRuleKey(r *http.Request) governance.RouteRuleKey {
	q := r.URL.Query()
	return governance.RouteRuleKey{Project: r.PathValue("project_id"), Environment: q.Get("environment"),
		App: q.Get("app_id"), Service: r.PathValue("service_name")}
}

// putRouteRule: PUT .../route-rule/microservices/{service_name} with the
// JSON array of rules replaces the service's rules.
func (a *api) putRouteRule(w http.ResponseWriter, r *http.Request) error {
	var raw json.RawMessage
	if err := decodeBody(w, r, &raw); err != nil {
		return err
	}
	if _, err := a.gov.PutRouteRule(r.Context(), routeRuleKey(r), raw); err != nil {
		return err
	}
	httpx.WriteJSON(w, http.StatusOK, success)
	return nil
}

// getRouteRule answers {"result": [rules]}: the rules array as it was
// PUT, under the seed's "result". The seed types result as a string, but
// a JSON document inside a string would make every client decode twice;
// the array itself can be PUT straight back.
func (a *api) getRouteRule(w http.ResponseWriter, r *http.Request) error {
	rr, err := a.gov.GetRouteRule(routeRuleKey(r))
	if err != nil {
		return err
	}
	httpx.WriteJSON(w, http.StatusOK, resultBody{Result: rr.Raw})
	return nil
}

func (a *api) deleteRouteRule(w http.ResponseWriter, r *http.Request) error {
	if err := a.gov.DeleteRouteRule(r.Context(), routeRuleKey(r)); err != nil {
		return err
	}
	httpx.WriteJSON(w, http.StatusOK, success)
	return nil
}
