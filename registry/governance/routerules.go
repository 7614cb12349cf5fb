package governance

import (
	"bytes"
	"context"
	"encoding/json"

	"github.com/causeway-dev/causeway/registry"
	"github.com/causeway-dev/causeway/registry/store"
)

// PutRouteRule creates or replaces the gray-release rules of a service
// (the key's app defaults to "default") and answers them as stored. raw is
// kept as given, compacted, and echoed back by GetRouteRule.
func (r *Registry) PutRouteRule(ctx context.Context, k RouteRuleKey, raw json.RawMessage) (*RouteRule, error) {
	k, err := normalizeRouteKey(k)
	if err != nil {
		return nil, err
	}
	if _, err := ParseRules(raw); err != nil {
		return nil, err
	}
	var val bytes.Buffer
	if err := json.Compact(&val, raw); err != nil {
		return nil, invalid("rules", "malformed JSON: %v", err) // ParseRules read it: not expected
	}
	key := routeStoreKey(k)
	for range maxAttempts {
		guard := store.Absent(key)
		if cur := r.view.route(k); cur != nil {
			guard = store.Unchanged(key, cur.Revision)
		}
		ok, err := r.commit(ctx, []store.Cmp{guard}, store.Put(key, val.Bytes()))
		if err != nil {
			return nil, err
		}
		if ok {
			if cur := r.view.route(k); cur != nil {
				return cur, nil
			}
		}
	}
	return nil, errBusy("put route rules")
}

// GetRouteRule answers the route rules of a service.
func (r *Registry) GetRouteRule(k RouteRuleKey) (*RouteRule, error) {
	k, err := normalizeRouteKey(k)
	if err != nil {
		return nil, err
	}
	rr := r.view.route(k)
	if rr == nil {
		return nil, routeRuleNotFound(k)
	}
	return rr, nil
}

// DeleteRouteRule removes the route rules of a service.
func (r *Registry) DeleteRouteRule(ctx context.Context, k RouteRuleKey) error {
	k, err := normalizeRouteKey(k)
	if err != nil {
		return err
	}
	key := routeStoreKey(k)
	for range maxAttempts {
		cur := r.view.route(k)
		if cur == nil {
			return routeRuleNotFound(k)
		}
		ok, err := r.commit(ctx, []store.Cmp{store.Unchanged(key, cur.Revision)}, store.Delete(key))
		if err != nil || ok {
			return err
		}
	}
	return errBusy("delete route rules")
}

func routeRuleNotFound(k RouteRuleKey) error {
	return registry.Errorf(registry.KindNotFound, "service %s (app %s, environment %q) has no route rules in project %s",
		k.Service, k.App, k.Environment, k.Project)
}
