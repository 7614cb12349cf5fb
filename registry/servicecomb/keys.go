package servicecomb

import (
	"net/url"
	"strings"
)

// Store layout, all under Prefix; every segment is path-escaped, since a
// client-chosen service id may hold any character.
//
//	servicecomb/services/<project>/<serviceId>                 record
//	servicecomb/schemas/<project>/<serviceId>/<schemaId>       Schema
//	servicecomb/deps/<project>/<consumerId>/<env>/<app>/<name> dependency
const (
	Prefix        = "servicecomb/"
	servicePrefix = Prefix + "services/"
	schemaPrefix  = Prefix + "schemas/"
	depPrefix     = Prefix + "deps/"
)

func join(prefix string, parts ...string) string {
	var b strings.Builder
	b.WriteString(prefix)
	for i, p := range parts {
		if i > 0 {
			b.WriteByte('/')
		}
		b.WriteString(url.PathEscape(p))
	}
	return b.String()
}

func serviceKey(project, id string) string { return join(servicePrefix, project, id) }

func schemaKey(project, id, schema string) string { return join(schemaPrefix, project, id, schema) }

// schemasOf is the prefix of a service's schemas.
func schemasOf(project, id string) string { return join(schemaPrefix, project, id) + "/" }

func depKey(project string, d dependency) string {
	return join(depPrefix, project, d.Consumer, d.Environment, d.AppID, d.ServiceName)
}

// depsOf is the prefix of a consumer's dependencies.
func depsOf(project, consumer string) string { return join(depPrefix, project, consumer) + "/" }

// splitKey answers the unescaped segments of key after prefix.
func splitKey(key, prefix string) ([]string, bool) {
	rest, ok := strings.CutPrefix(key, prefix)
	if !ok {
		return nil, false
	}
	parts := strings.Split(rest, "/")
	for i, p := range parts {
		u, err := url.PathUnescape(p)
		if err != nil {
			return nil, false
		}
		parts[i] = u
	}
	return parts, true
}
