package nacosgrpc

import (
	"context"
	"strings"

	"github.com/causeway-dev/causeway/api/nacos/nacosaccess"
	"github.com/causeway-dev/causeway/registry/auth"
	"github.com/causeway-dev/causeway/registry/naming"
)

// secured is a request that says what it does to which resources, as
// Nacos's @Secured on its handler and its gRPC resource parser
// (NamingGrpcResourceParser, ConfigGrpcResourceParser) do.
type secured interface {
	access() (auth.Action, []auth.Resource)
}

// callerKey carries the caller of a request, for its handler to authorize.
type callerKey struct{}

// caller is who sent a request and what checks its permissions.
type caller struct {
	svc *auth.Service
	id  *auth.Identity
}

func withCaller(ctx context.Context, svc *auth.Service, id *auth.Identity) context.Context {
	return context.WithValue(ctx, callerKey{}, caller{svc: svc, id: id})
}

// authorize answers nil when the caller of ctx may send req: with auth
// off (no caller), for a global admin, or when its permissions grant the
// request's action on every resource it names. A request type that names
// none is refused to everyone else, so that a new type nobody classified
// is never open. The refusal is auth.ErrForbidden, which the handler
// answers as Nacos's RemoteRequestAuthFilter does: the response type of
// the request, resultCode 500, errorCode 403, "authorization failed!".
func authorize(ctx context.Context, req any) error {
	c, ok := ctx.Value(callerKey{}).(caller)
	if !ok || c.id.GlobalAdmin {
		return nil
	}
	s, ok := req.(secured)
	if !ok {
		return auth.ErrForbidden
	}
	act, res := s.access()
	return c.svc.AuthorizeAll(ctx, c.id, res, act)
}

// resource is the naming resource a request names, with the defaults and
// the "group@@service" split that key applies before acting on it.
func (r *namingRequest) resource() auth.Resource {
	res := auth.Resource{Namespace: r.Namespace, Group: r.GroupName, Type: auth.TypeNaming, Name: r.ServiceName}
	if strings.TrimSpace(res.Namespace) == "" {
		res.Namespace = naming.DefaultNamespace
	}
	if strings.TrimSpace(res.Group) == "" {
		res.Group = naming.DefaultGroup
	}
	if group, name, ok := strings.Cut(res.Name, naming.GroupSeparator); ok {
		res.Group, res.Name = group, name
	}
	return res
}

func (r *namingRequest) resources() []auth.Resource { return []auth.Resource{r.resource()} }

// Instance (de)registration, batch and persistent alike, is a naming
// write; queries, subscriptions and the service list are naming reads.
func (r *instanceRequest) access() (auth.Action, []auth.Resource) {
	return auth.Write, r.resources()
}

func (r *batchInstanceRequest) access() (auth.Action, []auth.Resource) {
	return auth.Write, r.resources()
}

func (r *serviceQueryRequest) access() (auth.Action, []auth.Resource) {
	return auth.Read, r.resources()
}

func (r *subscribeServiceRequest) access() (auth.Action, []auth.Resource) {
	return auth.Read, r.resources()
}

// The service list names no service: any service of its group.
func (r *serviceListRequest) access() (auth.Action, []auth.Resource) {
	return auth.Read, r.resources()
}

func (r *configRequest) resources() []auth.Resource {
	return []auth.Resource{nacosaccess.ConfigResource(r.Tenant, r.Group, r.DataID)}
}

func (r *configQueryRequest) access() (auth.Action, []auth.Resource) {
	return auth.Read, r.resources()
}

func (r *configPublishRequest) access() (auth.Action, []auth.Resource) {
	return auth.Write, r.resources()
}

func (r *configRemoveRequest) access() (auth.Action, []auth.Resource) {
	return auth.Write, r.resources()
}

// A batch listen reads every config it lists. Nacos checks only "any
// config of the first one's namespace" (ConfigGrpcResourceParser finds no
// group or dataId on the batch), so there a listen could reach configs of
// another namespace; here each must be readable.
func (r *configBatchListenRequest) access() (auth.Action, []auth.Resource) {
	res := make([]auth.Resource, 0, len(r.Contexts))
	for _, lc := range r.Contexts {
		res = append(res, nacosaccess.ConfigResource(lc.Tenant, lc.Group, lc.DataID))
	}
	return auth.Read, res
}
