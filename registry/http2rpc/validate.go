package http2rpc

import (
	"encoding/json"
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strings"

	"github.com/causeway-dev/causeway/http2rpc/dubbo"
	"github.com/causeway-dev/causeway/registry"
)

var (
	javaIdent   = regexp.MustCompile(`^[A-Za-z_$][A-Za-z0-9_$]*$`)
	headerToken = regexp.MustCompile(`^[!#$%&'*+\-.^_` + "`" + `|~0-9A-Za-z]+$`)
	httpMethods = []string{"GET", "POST", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS"}
	sources     = []string{SourceQuery, SourceHeader, SourcePath, SourceBody}
	serviceName = regexp.MustCompile(`^[A-Za-z0-9_.:@\-]{1,512}$`)
	className   = regexp.MustCompile(`^[A-Za-z_$][A-Za-z0-9_$]*(\.[A-Za-z_$][A-Za-z0-9_$]*)+$`)
)

func bad(field, format string, args ...any) error {
	return registry.FieldErrorf(registry.KindInvalid, field, field+": "+format, args...)
}

// normalize fills defaults and checks m on its own (not against the
// gateway's other mappings).
func normalize(m *Mapping) error {
	if len(m.PluginConfig) == 0 || string(m.PluginConfig) == "null" {
		m.PluginConfig = json.RawMessage("{}")
	} else if m.PluginConfig[0] != '{' {
		return bad("pluginConfig", "must be a JSON object")
	}
	if m.Name == "" {
		m.Name = m.RouteName
	}
	if err := checkNames(m); err != nil {
		return err
	}
	if m.RouteDestinationName == "" {
		m.RouteDestinationName = DefaultDestination(&m.Dubbo)
	}
	if !serviceName.MatchString(m.RouteDestinationName) {
		return bad("routeDestinationName", "%q is not a registry service name", m.RouteDestinationName)
	}
	if len(m.Dubbo.Methods) == 0 || len(m.Dubbo.Methods) > 256 {
		return bad("dubbo.methods", "give 1 to 256 methods")
	}
	for i := range m.Dubbo.Methods {
		if err := checkMethod(fmt.Sprintf("dubbo.methods[%d]", i), &m.Dubbo.Methods[i]); err != nil {
			return err
		}
	}
	_, err := claims(m)
	return err
}

func checkNames(m *Mapping) error {
	switch {
	case m.RouteName == "":
		return bad("routeName", "is required")
	case len(m.Name) > 128 || len(m.RouteName) > 128:
		return bad("name", "name and routeName are at most 128 characters")
	case m.Dubbo.Service == "" || !className.MatchString(m.Dubbo.Service) && !javaIdent.MatchString(m.Dubbo.Service):
		return bad("dubbo.service", "%q is not a Java interface name", m.Dubbo.Service)
	case len(m.Dubbo.Version) > 64 || strings.ContainsAny(m.Dubbo.Version, ": "):
		return bad("dubbo.version", "%q is longer than 64 characters or holds ':' or a space", m.Dubbo.Version)
	case len(m.Dubbo.Group) > 64 || strings.ContainsAny(m.Dubbo.Group, ": "):
		return bad("dubbo.group", "%q is longer than 64 characters or holds ':' or a space", m.Dubbo.Group)
	}
	return nil
}

func checkMethod(field string, dm *Method) error {
	if !javaIdent.MatchString(dm.ServiceMethod) {
		return bad(field+".serviceMethod", "%q is not a Java method name", dm.ServiceMethod)
	}
	if err := checkHeadersAttach(field, dm.HeadersAttach); err != nil {
		return err
	}
	if len(dm.HTTPMethods) == 0 {
		return bad(field+".httpMethods", "give at least one HTTP method")
	}
	for i, hm := range dm.HTTPMethods {
		dm.HTTPMethods[i] = strings.ToUpper(hm)
		if !slices.Contains(httpMethods, dm.HTTPMethods[i]) {
			return bad(field+".httpMethods", "%q is not one of %s", hm, strings.Join(httpMethods, ", "))
		}
	}
	t, err := ParseTemplate(dm.HTTPPath)
	if err != nil {
		return bad(field+".httpPath", "%v", err)
	}
	return checkParams(field, dm, t)
}

func checkHeadersAttach(field, v string) error {
	if v == "" || v == "*" {
		return nil
	}
	for _, h := range strings.Split(v, ",") {
		if !headerToken.MatchString(strings.TrimSpace(h)) {
			return bad(field+".headersAttach", "%q is not \"\", \"*\" or a comma list of header names", v)
		}
	}
	return nil
}

// checkParams: every parameter has a key, a known source and type; every
// path variable has a PATH parameter and every PATH parameter a variable;
// a whole-body parameter excludes BODY fields.
func checkParams(field string, dm *Method, t *Template) error {
	if len(dm.Params) > 64 {
		return bad(field+".params", "at most 64 parameters")
	}
	vars := t.Vars()
	bound := map[string]bool{}
	for i, p := range dm.Params {
		pf := fmt.Sprintf("%s.params[%d]", field, i)
		if p.ParamKey == "" || len(p.ParamKey) > 128 {
			return bad(pf+".paramKey", "is required and at most 128 characters")
		}
		if !slices.Contains(sources, p.ParamSource) {
			return bad(pf+".paramSource", "%q is not one of %s", p.ParamSource, strings.Join(sources, ", "))
		}
		if err := checkType(p.ParamType); err != nil {
			return bad(pf+".paramType", "%v", err)
		}
		switch {
		case p.ParamSource == SourcePath && !slices.Contains(vars, p.ParamKey):
			return bad(pf+".paramKey", "%q is not a variable of %q", p.ParamKey, dm.HTTPPath)
		case p.ParamSource == SourcePath:
			bound[p.ParamKey] = true
		case p.ParamSource == SourceBody && dm.ParamFromEntireBody != nil:
			return bad(pf+".paramSource", "BODY parameters and paramFromEntireBody exclude each other")
		}
	}
	for _, v := range vars {
		if !bound[v] {
			return bad(field+".params", "path variable {%s} of %q has no PATH parameter", v, dm.HTTPPath)
		}
	}
	if dm.ParamFromEntireBody != nil {
		if err := checkType(dm.ParamFromEntireBody.ParamType); err != nil {
			return bad(field+".paramFromEntireBody.paramType", "%v", err)
		}
	}
	return nil
}

// checkType accepts the Java types the bridge converts to: one grammar,
// the Dubbo client's (dubbo.ParamType), so a mapping stored is a mapping
// the bridge can call.
func checkType(t string) error {
	_, err := dubbo.ParamType(t)
	var pe *dubbo.ParamError
	if errors.As(err, &pe) {
		return errors.New(pe.Reason)
	}
	return err
}

// claims answers the (HTTP method, path shape) pairs a mapping takes; a
// pair twice within it is an error.
func claims(m *Mapping) (map[string]string, error) {
	out := map[string]string{}
	for i, dm := range m.Dubbo.Methods {
		t, err := ParseTemplate(dm.HTTPPath)
		if err != nil {
			return nil, bad(fmt.Sprintf("dubbo.methods[%d].httpPath", i), "%v", err)
		}
		for _, hm := range dm.HTTPMethods {
			k := hm + " " + t.Shape()
			if _, dup := out[k]; dup {
				return nil, bad(fmt.Sprintf("dubbo.methods[%d]", i), "%s %s is mapped twice", hm, dm.HTTPPath)
			}
			out[k] = dm.HTTPPath
		}
	}
	return out, nil
}
