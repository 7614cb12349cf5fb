// Package nacosaccess says what each Nacos HTTP route touches, for
// permission checks: the one place where the Nacos dialects (v1, v2)
// read a request's namespace, group and name the way Nacos's resource
// parsers do (NamingHttpResourceParser, ConfigHttpResourceParser), and
// the way the handlers then act on them.
package nacosaccess

import (
	"net/http"
	"strings"

	"github.com/causeway-dev/causeway/api/httpx"
	"github.com/causeway-dev/causeway/registry/auth"
	"github.com/causeway-dev/causeway/registry/naming"
)

// Accesses of the naming routes (Nacos's @Secured without signType is
// naming).
var (
	NamingRead  = &httpx.Access{Type: auth.TypeNaming, Action: auth.Read, Scope: NamingScope}
	NamingWrite = &httpx.Access{Type: auth.TypeNaming, Action: auth.Write, Scope: NamingScope}
)

// namingKeys are the parameters NamingScope reads.
var namingKeys = []string{"namespaceId", "groupName", "serviceName"}

// NamingScope reads namespaceId (default public), groupName (default
// DEFAULT_GROUP) and serviceName. A grouped serviceName
// ("group@@name") brings its own group and wins over groupName, as the
// v1 handlers act on it; Nacos's parser takes groupName first, so there a
// request could be checked against one group and act on another. A
// route without a serviceName (a list) touches any name.
func NamingScope(r *http.Request) (auth.Resource, error) {
	p, err := httpx.PeekParams(r, namingKeys...)
	if err != nil {
		return auth.Resource{}, err
	}
	res := auth.Resource{
		Namespace: p.Str("namespaceId", naming.DefaultNamespace),
		Group:     p.Str("groupName", naming.DefaultGroup),
		Name:      p.Str("serviceName", ""),
	}
	if group, name, grouped := strings.Cut(res.Name, naming.GroupSeparator); grouped {
		res.Group, res.Name = group, name
	}
	return res, nil
}

// Config answers the Access of a config route that reads its namespace
// from nsParam: "tenant" in v1 (ConfigController), "namespaceId" in v2
// (ConfigControllerV2). Nacos's parser reads namespaceId and then tenant
// whatever the route; reading the parameter the handler acts on keeps the
// check and the act on one namespace.
func Config(nsParam string, act auth.Action) *httpx.Access {
	keys := []string{nsParam, "group", "dataId"}
	return &httpx.Access{Type: auth.TypeConfig, Action: act, Scope: func(r *http.Request) (auth.Resource, error) {
		p, err := httpx.PeekParams(r, keys...)
		if err != nil {
			return auth.Resource{}, err
		}
		return ConfigResource(p.Str(nsParam, ""), p.Str("group", ""), p.Str("dataId", "")), nil
	}}
}

// ConfigResource is the resource of one config: a blank tenant is the
// public namespace, a blank group or dataId (a search) any.
func ConfigResource(tenant, group, dataID string) auth.Resource {
	tenant = strings.TrimSpace(tenant)
	if tenant == "" {
		tenant = auth.DefaultNamespace
	}
	return auth.Resource{Namespace: tenant, Group: strings.TrimSpace(group), Type: auth.TypeConfig,
		Name: strings.TrimSpace(dataID)}
}

// ConfigEach answers the Access of a route that touches many configs
// named in one form parameter (the v1 long-poll's Listening-Configs):
// parse reads them, and every one must be readable.
func ConfigEach(param string, parse func(string) ([]auth.Resource, error)) *httpx.Access {
	return &httpx.Access{Type: auth.TypeConfig, Action: auth.Read, Resources: func(r *http.Request) ([]auth.Resource, error) {
		p, err := httpx.PeekParams(r, param)
		if err != nil {
			return nil, err
		}
		return parse(p.Get(param))
	}}
}
