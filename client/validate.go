package client

import (
	"errors"
	"fmt"
	"strings"
)

// policyKinds are the governance kinds of /v3/{project}/govern/governance.
var policyKinds = map[string]bool{"match-group": true, "retry": true, "rate-limiting": true,
	"loadbalance": true, "circuit-breaker": true, "instance-isolation": true, "fault-injection": true, "bulkhead": true}

// validateHead checks apiVersion, kind and metadata.
func (d Document) validateHead() error {
	if d.APIVersion != APIVersion {
		return fmt.Errorf("apiVersion %q: want %s", d.APIVersion, APIVersion)
	}
	if _, ok := kindOrder[d.Kind]; !ok {
		return fmt.Errorf("kind %q: want one of Gateway, Route, Plugin, Policy, RouteRule, Http2Rpc", d.Kind)
	}
	m := d.Metadata
	for _, f := range []struct{ field, v string }{{"name", m.Name}, {"project", m.Project}, {"gateway", m.Gateway}} {
		if err := checkSegment(f.v); err != nil {
			return fmt.Errorf("%s metadata.%s %q: %w", d.Kind, f.field, f.v, err)
		}
	}
	if m.Name == "" {
		return fmt.Errorf("%s: metadata.name is required", d.Kind)
	}
	inGateway := d.Kind == KindRoute || d.Kind == KindPlugin || d.Kind == KindHttp2Rpc
	switch {
	case inGateway && m.Gateway == "":
		return fmt.Errorf("%s %s: metadata.gateway is required", d.Kind, m.Name)
	case !inGateway && m.Gateway != "":
		return fmt.Errorf("%s %s: metadata.gateway is only for Route, Plugin and Http2Rpc", d.Kind, m.Name)
	case d.Kind == KindPolicy && !policyKinds[m.Kind]:
		return fmt.Errorf("Policy %s: metadata.kind %q: want one of match-group, retry, rate-limiting, "+
			"loadbalance, circuit-breaker, instance-isolation, fault-injection, bulkhead", m.Name, m.Kind)
	case d.Kind != KindPolicy && m.Kind != "":
		return fmt.Errorf("%s %s: metadata.kind is only for Policy", d.Kind, m.Name)
	}
	return nil
}

// checkSegment refuses what cannot be one segment of an API path.
func checkSegment(s string) error {
	switch {
	case s == "." || s == "..":
		return errors.New("is not a name")
	case strings.ContainsAny(s, "/?#%\\ \t\r\n"):
		return errors.New("must not hold '/', '?', '#', '%', '\\' or spaces")
	}
	return nil
}

// nameField is the spec field that holds the object's name, per kind.
var nameField = map[string]string{KindGateway: "id", KindRoute: "name", KindPlugin: "pluginName",
	KindHttp2Rpc: "name", KindPolicy: "name"}

// checkSpec checks the spec's shape and fills the name in from metadata: a
// name in the spec must be metadata's, and a server id is refused (the
// server assigns it; apply finds the object by name).
func (d Document) checkSpec(spec any) ([]byte, error) {
	if d.Kind == KindRouteRule {
		if _, ok := spec.([]any); !ok {
			return nil, fmt.Errorf("must be a list of route rules, not %s", typeName(spec))
		}
		return encodeJSON(spec)
	}
	obj, ok := spec.(map[string]any)
	if !ok {
		return nil, fmt.Errorf("must be an object, not %s", typeName(spec))
	}
	field := nameField[d.Kind]
	if v, ok := obj[field]; ok && v != d.Metadata.Name {
		return nil, fmt.Errorf("%s %v differs from metadata.name %q", field, v, d.Metadata.Name)
	}
	if _, ok := obj["id"]; ok && d.Kind != KindGateway {
		return nil, errors.New("id is assigned by the server: leave it out (apply finds the object by name)")
	}
	if v, ok := obj["kind"]; ok && d.Kind == KindPolicy && v != d.Metadata.Kind {
		return nil, fmt.Errorf("kind %v differs from metadata.kind %q", v, d.Metadata.Kind)
	}
	obj[field] = d.Metadata.Name
	return encodeJSON(obj)
}

func typeName(v any) string {
	switch v.(type) {
	case nil:
		return "null"
	case map[string]any:
		return "an object"
	case []any:
		return "a list"
	case string:
		return "a string"
	case bool:
		return "a boolean"
	}
	return "a number"
}
