package translate

import (
	"encoding/json"
	"testing"

	"github.com/causeway-dev/causeway/registry/governance"
)

// goldenGovernance is the traffic rules of a golden input, written as the
// API takes them and parsed by the governance package (which fills the
// defaults). Rules are created in file order; the project defaults to
// "default" and a rule's status to enabled.
type goldenGovernance struct {
	Policies []struct {
		ID       string              `yaml:"id"`
		Project  string              `yaml:"project"`
		Kind     governance.Kind     `yaml:"kind"`
		Name     string              `yaml:"name"`
		Status   string              `yaml:"status"`
		Selector governance.Selector `yaml:"selector"`
		Spec     any                 `yaml:"spec"`
	} `yaml:"policies"`
	RouteRules []struct {
		Project     string `yaml:"project"`
		Environment string `yaml:"environment"`
		App         string `yaml:"app"`
		Service     string `yaml:"service"`
		Rules       any    `yaml:"rules"`
	} `yaml:"routeRules"`
}

func (g goldenIn) governance(t *testing.T) *governance.Snapshot {
	t.Helper()
	if g.Governance == nil {
		return nil
	}
	var policies []*governance.Policy
	for i, in := range g.Governance.Policies {
		raw := mustJSON(t, in.Spec)
		parsed, err := governance.ParseSpec(in.Kind, raw)
		if err != nil {
			t.Fatalf("policy %s %s: %v", in.Kind, in.Name, err)
		}
		p := &governance.Policy{ID: in.ID, Kind: in.Kind, Name: in.Name, Status: in.Status, Selector: in.Selector,
			Spec: raw, Project: orDefault(in.Project), Created: int64(i + 1), Parsed: parsed}
		if p.Status == "" {
			p.Status = governance.StatusEnabled
		}
		policies = append(policies, p)
	}
	var routes []*governance.RouteRule
	for _, in := range g.Governance.RouteRules {
		raw := mustJSON(t, in.Rules)
		rules, err := governance.ParseRules(raw)
		if err != nil {
			t.Fatalf("route rule of %s: %v", in.Service, err)
		}
		app := in.App
		if app == "" {
			app = "default"
		}
		routes = append(routes, &governance.RouteRule{Raw: raw, Rules: rules, Key: governance.RouteRuleKey{
			Project: orDefault(in.Project), Environment: in.Environment, App: app, Service: in.Service}})
	}
	return governance.NewSnapshot(policies, routes)
}

func orDefault(project string) string {
	if project == "" {
		return "default"
	}
	return project
}

func mustJSON(t *testing.T, v any) json.RawMessage {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return b
}
