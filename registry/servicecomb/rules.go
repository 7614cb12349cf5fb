package servicecomb

import (
	"context"
	"errors"
	"slices"

	"github.com/causeway-dev/causeway/registry"
)

// maxRules is service-center's default rule quota of a microservice.
const maxRules = 100

// ListRules answers a microservice's black/white rules.
func (r *Registry) ListRules(project, id string) ([]Rule, error) {
	s := r.view.service(project, id)
	if s == nil {
		return nil, serviceNotFound(id)
	}
	return slices.Clone(s.rec.Rules), nil
}

// AddRules adds black/white rules to a microservice and answers the ids
// of those added. As in service-center: a rule with the attribute and
// pattern of one the microservice has is skipped, the rules may not make
// the provider's list both BLACK and WHITE (KindRuleTypeMixed), and the
// quota counts every rule given before the skipping (KindQuota).
func (r *Registry) AddRules(ctx context.Context, project, id string, rules []Rule) ([]string, error) {
	if len(rules) == 0 || len(rules) > maxRules {
		return nil, invalid("rules", "give 1 to %d rules", maxRules)
	}
	for i := range rules {
		if err := checkRule(&rules[i]); err != nil {
			return nil, err
		}
	}
	var ids []string
	err := r.updateRecord(ctx, project, id, "add rules", func(rec *record) error {
		if len(rec.Rules)+len(rules) > maxRules {
			return registry.FieldErrorf(registry.KindQuota, "rules",
				"no quota to add %d rules to the %d of the microservice: at most %d", len(rules), len(rec.Rules), maxRules)
		}
		ids = ids[:0]
		now := r.timestamp()
		for _, in := range rules {
			if len(rec.Rules) > 0 && rec.Rules[0].RuleType != in.RuleType {
				return registry.FieldErrorf(registry.KindRuleTypeMixed, "ruleType",
					"Service can only contain one rule type, BLACK or WHITE; it has %s", rec.Rules[0].RuleType)
			}
			if slices.ContainsFunc(rec.Rules, func(x Rule) bool { return x.Attribute == in.Attribute && x.Pattern == in.Pattern }) {
				continue
			}
			in.RuleID, in.Timestamp, in.ModTimestamp = registry.NewID(), now, now
			rec.Rules = append(rec.Rules, in)
			ids = append(ids, in.RuleID)
		}
		if len(ids) == 0 {
			return errNothingToWrite
		}
		return nil
	})
	if errors.Is(err, errNothingToWrite) {
		return nil, nil
	}
	return ids, err
}

// errNothingToWrite stops updateRecord when a request changes nothing.
var errNothingToWrite = registry.Errorf(registry.KindInternal, "nothing to write")

// UpdateRule replaces the type, attribute, pattern and description of a
// rule. Its type may not differ from the type of the microservice's rules
// (KindRuleTypeLocked), even when it is the only one: service-center's
// rule, checked before the rule's existence.
func (r *Registry) UpdateRule(ctx context.Context, project, id, ruleID string, in Rule) error {
	if err := checkRule(&in); err != nil {
		return err
	}
	return r.updateRecord(ctx, project, id, "update rule", func(rec *record) error {
		if len(rec.Rules) > 0 && rec.Rules[0].RuleType != in.RuleType {
			return registry.FieldErrorf(registry.KindRuleTypeLocked, "ruleType",
				"Exist multiple rules,can not change rule type. Rule type is %s", rec.Rules[0].RuleType)
		}
		i := slices.IndexFunc(rec.Rules, func(x Rule) bool { return x.RuleID == ruleID })
		if i < 0 {
			return ruleNotFound(ruleID)
		}
		x := &rec.Rules[i]
		x.RuleType, x.Attribute, x.Pattern, x.Description = in.RuleType, in.Attribute, in.Pattern, in.Description
		x.ModTimestamp = r.timestamp()
		return nil
	})
}

// DeleteRules removes rules; when one of the ids is not a rule of the
// microservice none is removed (KindRuleNotFound).
func (r *Registry) DeleteRules(ctx context.Context, project, id string, ruleIDs []string) error {
	if len(ruleIDs) == 0 || len(ruleIDs) > maxRules {
		return invalid("ruleId", "give 1 to %d rule ids", maxRules)
	}
	return r.updateRecord(ctx, project, id, "delete rules", func(rec *record) error {
		for _, rid := range ruleIDs {
			i := slices.IndexFunc(rec.Rules, func(x Rule) bool { return x.RuleID == rid })
			if i < 0 {
				return ruleNotFound(rid)
			}
			rec.Rules = slices.Delete(rec.Rules, i, i+1)
		}
		return nil
	})
}

func ruleNotFound(id string) error {
	return registry.FieldErrorf(registry.KindRuleNotFound, "ruleId", "This rule does not exist: %s", id)
}
