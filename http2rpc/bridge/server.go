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
	"github.com/causeway-dev/causeway/registry/gateway"
	"github.com/causeway-dev/causeway/registry/http2rpc"
)

// Call is one generic invocation of a provider.
type Call struct {
	Addr        string
	Interface   string
	Version     string
	Group       string
	Method      string
	ParamTypes  []string
	Args        []any
	Attachments map[string]string
}

// Caller makes Dubbo calls; ErrTimeout, *RemoteError and other errors
// (unreachable providers) answer 504, 500 and 503.
type Caller interface {
	Call(ctx context.Context, c *Call) (any, error)
}

// Converter turns a raw parameter into the value sent for its Java type,
// and a result into JSON-ready values.
type Converter interface {
	Param(v any, t *http2rpc.JavaType) (any, error)
	Result(v any) any
}

// Mappings is where the bridge finds mappings: *http2rpc.Registry.
type Mappings interface {
	Get(k gateway.Key, id string) (*http2rpc.Mapping, error)
}

// RemoteError is an exception the provider threw.
type RemoteError struct {
	Class, Message string
}

func (e *RemoteError) Error() string { return e.Class + ": " + e.Message }

// ErrTimeout is a provider that did not answer in time.
var ErrTimeout = errors.New("dubbo call timed out")

// Options tune a Server.
type Options struct {
	Logger *slog.Logger
	// Timeout bounds a call when the gateway says nothing
	// (x-envoy-expected-rq-timeout-ms); 0 is 10 s.
	Timeout time.Duration
}

// Server is the bridge's HTTP handler.
type Server struct {
	mappings  Mappings
	providers providers
	caller    Caller
	conv      Converter
	opts      Options
}

// New answers a bridge over the mappings and providers.
func New(m Mappings, instances Instances, caller Caller, conv Converter, opts Options) *Server {
	if opts.Logger == nil {
		opts.Logger = slog.Default()
	}
	if opts.Timeout <= 0 {
		opts.Timeout = 10 * time.Second
	}
	return &Server{mappings: m, providers: providers{reg: instances}, caller: caller, conv: conv, opts: opts}
}

// ServeHTTP answers one mapped request.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	k, m, dm, err := s.target(r)
	if err != nil {
		answer(w, http.StatusNotFound, errBody("no http2rpc mapping", err.Error()))
		return
	}
	call, err := s.call(w, r, m, dm)
	var pe *ParamError
	if errors.As(err, &pe) {
		answer(w, http.StatusBadRequest, errBody("bad parameter", pe.Error()))
		return
	}
	if call.Addr = s.providers.pick(destination(k.Project, m)); call.Addr == "" {
		answer(w, http.StatusServiceUnavailable, errBody("no provider", "no healthy provider of "+m.RouteDestinationName))
		return
	}
	ctx, cancel := context.WithTimeout(r.Context(), s.timeout(r))
	defer cancel()
	res, err := s.caller.Call(ctx, call)
	if err != nil {
		s.fail(w, call, err)
		return
	}
	answer(w, http.StatusOK, map[string]any{"result": s.conv.Result(res)})
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

// call builds the invocation: converted parameters and attachments.
func (s *Server) call(w http.ResponseWriter, r *http.Request, m *http2rpc.Mapping, dm *http2rpc.Method) (*Call, error) {
	raw, err := extract(w, r, dm)
	if err != nil {
		return &Call{}, err
	}
	c := &Call{Interface: m.Dubbo.Service, Version: m.Dubbo.Version, Group: m.Dubbo.Group, Method: dm.ServiceMethod,
		Attachments: attachments(r.Header, dm.HeadersAttach)}
	for _, p := range raw {
		v, err := s.conv.Param(p.Value, p.Type)
		if err != nil {
			return c, &ParamError{p.Name, "does not convert to " + p.Type.Name + ": " + err.Error()}
		}
		c.ParamTypes = append(c.ParamTypes, p.Type.Name)
		c.Args = append(c.Args, v)
	}
	return c, nil
}

func (s *Server) timeout(r *http.Request) time.Duration {
	if ms, err := strconv.Atoi(r.Header.Get("x-envoy-expected-rq-timeout-ms")); err == nil && ms > 0 {
		return time.Duration(ms) * time.Millisecond
	}
	return s.opts.Timeout
}

func (s *Server) fail(w http.ResponseWriter, c *Call, err error) {
	var re *RemoteError
	switch {
	case errors.As(err, &re):
		answer(w, http.StatusInternalServerError, map[string]any{"error": "provider exception",
			"exception": re.Class, "message": re.Message})
	case errors.Is(err, ErrTimeout), errors.Is(err, context.DeadlineExceeded):
		answer(w, http.StatusGatewayTimeout, errBody("provider timeout", c.Interface+"."+c.Method+" at "+c.Addr+" did not answer in time"))
	default:
		s.opts.Logger.Warn("dubbo call failed", "provider", c.Addr, "method", c.Interface+"."+c.Method, "err", err)
		answer(w, http.StatusServiceUnavailable, errBody("provider unavailable", err.Error()))
	}
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
