package servicecomb

import (
	"net/http"
	"strings"

	"github.com/causeway-dev/causeway/api/httpx"
	sc "github.com/causeway-dev/causeway/registry/servicecomb"
)

// Rule management after creation is service-center 2.0's (2.1 dropped
// it); the shapes and codes are that version's.

// ruleBody is what a client gives of a rule (cari AddOrUpdateServiceRule):
// ids and timestamps are the server's.
type ruleBody struct {
	RuleType    string `json:"ruleType"`
	Attribute   string `json:"attribute"`
	Pattern     string `json:"pattern"`
	Description string `json:"description"`
}

func (b ruleBody) rule() sc.Rule {
	return sc.Rule{RuleType: b.RuleType, Attribute: b.Attribute, Pattern: b.Pattern, Description: b.Description}
}

// listRules: GET .../rules answers {"rules":[...]}.
func (a *api) listRules(w http.ResponseWriter, r *http.Request) error {
	rules, err := a.reg.ListRules(project(r), r.PathValue("service_id"))
	if err != nil {
		return err
	}
	httpx.WriteJSON(w, http.StatusOK, struct {
		Rules []sc.Rule `json:"rules,omitempty"`
	}{rules})
	return nil
}

// addRules: POST .../rules {"rules":[...]} answers {"RuleIds":[...]}, the
// ids of the rules added (service-center's capitalised name).
func (a *api) addRules(w http.ResponseWriter, r *http.Request) error {
	var b struct {
		Rules []ruleBody `json:"rules"`
	}
	if err := decodeBody(w, r, &b); err != nil {
		return err
	}
	rules := make([]sc.Rule, len(b.Rules))
	for i, x := range b.Rules {
		rules[i] = x.rule()
	}
	ids, err := a.reg.AddRules(r.Context(), project(r), r.PathValue("service_id"), rules)
	if err != nil {
		return invalidIf(err)
	}
	httpx.WriteJSON(w, http.StatusOK, struct {
		RuleIDs []string `json:"RuleIds,omitempty"`
	}{ids})
	return nil
}

// updateRule: PUT .../rules/{rule_id} with the rule as the body.
func (a *api) updateRule(w http.ResponseWriter, r *http.Request) error {
	var b ruleBody
	if err := decodeBody(w, r, &b); err != nil {
		return err
	}
	if err := a.reg.UpdateRule(r.Context(), project(r), r.PathValue("service_id"), r.PathValue("rule_id"), b.rule()); err != nil {
		return err
	}
	return ok(w)
}

// deleteRules: DELETE .../rules/{id1},{id2}.
func (a *api) deleteRules(w http.ResponseWriter, r *http.Request) error {
	ids := strings.Split(r.PathValue("rule_id"), ",")
	if err := a.reg.DeleteRules(r.Context(), project(r), r.PathValue("service_id"), ids); err != nil {
		return err
	}
	return ok(w)
}
