package bridge

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/causeway-dev/causeway/api/httpx"
	"github.com/causeway-dev/causeway/http2rpc/dubbo"
	"github.com/causeway-dev/causeway/registry/gateway"
	"github.com/causeway-dev/causeway/registry/http2rpc"
)

// Invoker makes Dubbo calls: *dubbo.Pool.
type Invoker interface {
	Invoke(ctx context.Context, addr string, inv *dubbo.Invocation) (any, error)
}

// Mappings is where the bridge finds mappings: *http2rpc.Registry.
type Mappings interface {
	Get(k gateway.Key, id string) (*http2rpc.Mapping, error)
}

// Options tune a Server.
type Options struct {
	Logger *slog.Logger
	// Timeout bounds a call when the gateway says nothing
	// (x-envoy-expected-rq-timeout-ms); 0 is 10 s.
	Timeout time.Duration
	// Seal, when set, admits only requests whose http2rpc.SealHeader signs
	// their target: those a Causeway-configured gateway route sent. The
	// signed route timeout (or Timeout, for a route without one) caps the
	// call whatever the request says.
	Seal http2rpc.Seal
}

// Server is the bridge's HTTP handler.
type Server struct {
	mappings  Mappings
	providers providers
	invoker   Invoker
	opts      Options
}

// New answers a bridge over the mappings and providers.
func New(m Mappings, instances Instances, invoker Invoker, opts Options) *Server {
	if opts.Logger == nil {
		opts.Logger = slog.Default()
	}
	if opts.Timeout <= 0 {
		opts.Timeout = 10 * time.Second
	}
	return &Server{mappings: m, providers: providers{reg: instances}, invoker: invoker, opts: opts}
}

// ServeHTTP answers one mapped request.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	limit, ok := s.sealed(r)
	if !ok {
		answer(w, http.StatusForbidden, errBody("forbidden", "the request did not come through a Causeway gateway route"))
		return
	}
	k, m, dm, err := s.target(r)
	if err != nil {
		answer(w, http.StatusNotFound, errBody("no http2rpc mapping", err.Error()))
		return
	}
	inv, err := invocation(w, r, m, dm)
	if err != nil {
		answer(w, http.StatusBadRequest, errBody("bad parameter", err.Error()))
		return
	}
	addr := s.providers.pick(destination(k.Project, m))
	if addr == "" {
		answer(w, http.StatusServiceUnavailable, errBody("no provider", "no healthy provider of "+m.RouteDestinationName))
		return
	}
	ctx, cancel := context.WithTimeout(r.Context(), s.timeout(r, limit))
	defer cancel()
	res, err := s.invoker.Invoke(ctx, addr, inv)
	if err != nil {
		s.fail(w, addr, inv, err)
		return
	}
	answer(w, http.StatusOK, map[string]any{"result": dubbo.ToJSON(res)})
}

// target answers the mapping and method the gateway named.
func (s *Server) target(r *http.Request) (gateway.Key, *http2rpc.Mapping, *http2rpc.Method, error) {
	t, err := http2rpc.ParseTarget(r.Header.Get(http2rpc.Header))
	if err != nil {
		return gateway.Key{}, nil, nil, err
	}
	m, err := s.mappings.Get(t.Gateway, t.MappingID)
	if err != nil {
		return t.Gateway, nil, nil, err
	}
	if t.Method >= len(m.Dubbo.Methods) {
		return t.Gateway, nil, nil, fmt.Errorf("mapping %s has no method %d", m.Name, t.Method)
	}
	return t.Gateway, m, &m.Dubbo.Methods[t.Method], nil
}

// invocation builds the generic call: parameters converted to their Java
// types, the attachments the method asks for. Its errors are the
// client's: a parameter missing or not converting.
func invocation(w http.ResponseWriter, r *http.Request, m *http2rpc.Mapping, dm *http2rpc.Method) (*dubbo.Invocation, error) {
	raw, err := extract(w, r, dm)
	if err != nil {
		return nil, err
	}
	inv := &dubbo.Invocation{Interface: m.Dubbo.Service, Version: m.Dubbo.Version, Group: m.Dubbo.Group,
		Method: dm.ServiceMethod, Attachments: attachments(r.Header, dm.HeadersAttach)}
	for _, p := range raw {
		arg, err := dubbo.ConvertParam(p.Name, p.Type, p.Value)
		if err != nil {
			return nil, err
		}
		inv.ParamTypes = append(inv.ParamTypes, arg.Type)
		inv.Args = append(inv.Args, arg.Value)
	}
	return inv, nil
}

// sealed checks the request's seal (when the bridge has one) and answers
// the longest call its route allows.
func (s *Server) sealed(r *http.Request) (time.Duration, bool) {
	if len(s.opts.Seal) == 0 {
		return s.opts.Timeout, true
	}
	limit, ok := s.opts.Seal.Check(r.Header.Get(http2rpc.Header), r.Header.Get(http2rpc.SealHeader))
	if limit <= 0 {
		limit = s.opts.Timeout
	}
	return limit, ok
}

// timeout is the gateway's expected timeout, at most limit.
func (s *Server) timeout(r *http.Request, limit time.Duration) time.Duration {
	if ms, err := strconv.Atoi(r.Header.Get("x-envoy-expected-rq-timeout-ms")); err == nil && ms > 0 {
		return min(time.Duration(ms)*time.Millisecond, limit)
	}
	return limit
}

// fail answers a failed call as dubbo.HTTPStatus says: 500 with the
// exception a provider threw, 504 for a timeout, 503 for a provider that
// is gone or busy, 502 otherwise.
func (s *Server) fail(w http.ResponseWriter, addr string, inv *dubbo.Invocation, err error) {
	status := dubbo.HTTPStatus(err) // the client reports a passed deadline as ErrTimeout: 504
	var re *dubbo.RemoteError
	if errors.As(err, &re) && re.Thrown() {
		answer(w, status, map[string]any{"error": "provider exception", "exception": re.ExceptionClass, "message": re.Message})
		return
	}
	if status != http.StatusGatewayTimeout {
		s.opts.Logger.Warn("dubbo call failed", "provider", addr, "method", inv.Interface+"."+inv.Method, "err", err)
	}
	answer(w, status, errBody(http.StatusText(status), err.Error()))
}

// hopHeaders are never attachments: they belong to the connection or to
// the gateway.
var hopHeaders = map[string]bool{"connection": true, "keep-alive": true, "transfer-encoding": true, "te": true,
	"upgrade": true, "proxy-authorization": true, "content-length": true, http2rpc.Header: true}

// attachments answers the request headers a method attaches: none for "",
// every one for "*", else those named.
func attachments(h http.Header, spec string) map[string]string {
	out := map[string]string{}
	if spec == "" {
		return out
	}
	want := map[string]bool{}
	for _, name := range strings.Split(spec, ",") {
		want[strings.ToLower(strings.TrimSpace(name))] = true
	}
	for name, vs := range h {
		lower := strings.ToLower(name)
		if hopHeaders[lower] || strings.HasPrefix(lower, "x-envoy-") || (spec != "*" && !want[lower]) {
			continue
		}
		out[lower] = strings.Join(vs, ",")
	}
	return out
}

func errBody(kind, detail string) map[string]any {
	return map[string]any{"error": kind, "message": detail}
}

func answer(w http.ResponseWriter, status int, v any) { httpx.WriteJSON(w, status, v) }
