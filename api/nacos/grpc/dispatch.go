package nacosgrpc

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	"github.com/causeway-dev/causeway/registry"
	regauth "github.com/causeway-dev/causeway/registry/auth"
)

// handler serves one request type: it decodes the body, checks the caller
// and answers a response of its type, failures included (the Go SDK
// expects the type it asked for even when a request fails).
type handler struct {
	respType string
	public   bool // no access token needed
	serve    func(ctx context.Context, c *Conn, headers map[string]string, body []byte) (any, error)
}

// errBadPayload marks a body that does not parse: Nacos answers
// ErrorResponse 502 for it.
var errBadPayload = errors.New("bad payload")

// handle makes a handler from a typed function. The decoded request is
// authorized first (authorize: after the token, before any effect, as
// Nacos's RemoteRequestAuthFilter). A failure of either becomes a response of Resp's type with resultCode 500 and the
// error's Nacos code (see errorCode).
func handle[Req any, Resp any, PResp interface {
	*Resp
	responder
}](respType string, fn func(ctx context.Context, c *Conn, headers map[string]string, req *Req) (PResp, error)) *handler {
	return &handler{respType: respType, serve: func(ctx context.Context, c *Conn, headers map[string]string, body []byte) (any, error) {
		req := new(Req)
		if err := json.Unmarshal(body, req); err != nil {
			return nil, fmt.Errorf("%w: %w", errBadPayload, err)
		}
		var resp PResp
		err := authorize(ctx, req)
		if err == nil {
			resp, err = fn(ctx, c, headers, req)
		}
		if err != nil {
			resp = PResp(new(Resp))
			*resp.base() = failed(errorCode(err), err.Error())
		}
		return resp, nil
	}}
}

// errorCode maps a registry error to the NacosException code Nacos
// answers for it.
func errorCode(err error) int {
	switch registry.KindOf(err) {
	case registry.KindUnauthorized, registry.KindForbidden:
		return errNoRight
	case registry.KindInternal:
		return errServer
	case registry.KindNotFound, registry.KindServiceNotFound, registry.KindInstanceNotFound, registry.KindNamespaceNotFound:
		return errNotFound
	case registry.KindConflict, registry.KindServiceExists, registry.KindNamespaceExists:
		return errConflict
	}
	return errInvalidParam
}

// request answers one unary request, checking as Nacos's
// GrpcRequestAcceptor does: server check first, then a handler for the
// type, then a set-up connection, then a body that parses.
func (s *Server) request(ctx context.Context, p *Payload) *Payload {
	c := connOf(ctx)
	if c == nil {
		return errorPayload(errServer, "no connection")
	}
	if p.Type == "ServerCheckRequest" {
		return mustEncode("ServerCheckResponse", serverCheckResponse{Response: ok(), ConnectionID: c.ID,
			SupportAbilityNegotiation: true})
	}
	h := s.handlers[p.Type]
	if h == nil {
		return errorPayload(errNoHandler, "RequestHandler Not Found")
	}
	// A connection the server let go of (silent, over the limit) while its
	// transport stays open is unregistered, as in Nacos: the client
	// reconnects and registers again rather than publishing on a
	// connection nothing owns any more.
	if !c.waitReady(ctx, s.opts.SetupWait) || c.isClosed() {
		return errorPayload(errUnregistered, "Connection is unregistered.")
	}
	c.touch(s.opts.Now())
	if !h.public && s.opts.Auth != nil {
		id, err := s.authenticate(ctx, p.Headers)
		if err != nil {
			return mustEncode(h.respType, Response{ResultCode: codeFail, ErrorCode: errNoRight, Message: err.Error()})
		}
		ctx = withCaller(ctx, s.opts.Auth, id)
	}
	resp, err := s.serveSafely(ctx, h, c, p)
	if err != nil {
		if errors.Is(err, errBadPayload) {
			return errorPayload(errBadRequest, err.Error())
		}
		return errorPayload(errServer, err.Error())
	}
	return mustEncode(h.respType, resp)
}

// serveSafely runs a handler; a panic becomes an error, never a crash.
func (s *Server) serveSafely(ctx context.Context, h *handler, c *Conn, p *Payload) (resp any, err error) {
	defer func() {
		if r := recover(); r != nil {
			s.log.Error("nacos grpc: handler panicked", "type", p.Type, "panic", r)
			resp, err = nil, fmt.Errorf("internal error handling %s", p.Type)
		}
	}()
	return h.serve(ctx, c, p.Headers, p.Body)
}

// authenticate checks the access token of a request (authentication is
// on): the SDKs log in over HTTP and send the token in the accessToken
// header (Nacos also takes Authorization: Bearer). The identity is read
// from the store on every request (Verify), so a changed password or
// role takes effect on the next request, not the next connection.
func (s *Server) authenticate(ctx context.Context, headers map[string]string) (*regauth.Identity, error) {
	token := header(headers, "accessToken")
	if token == "" {
		token = strings.TrimPrefix(header(headers, "Authorization"), "Bearer ")
	}
	if token == "" {
		return nil, regauth.ErrTokenMissing
	}
	return s.opts.Auth.Verify(ctx, token)
}

// header answers a header whatever its case: Nacos keeps them in a
// case-insensitive map.
func header(h map[string]string, name string) string {
	if v, ok := h[name]; ok {
		return v
	}
	for k, v := range h {
		if strings.EqualFold(k, name) {
			return v
		}
	}
	return ""
}

func errorPayload(code int, msg string) *Payload {
	return mustEncode("ErrorResponse", errorResponse{Response: failed(code, msg)})
}

// mustEncode encodes a response; the types here always encode, and
// should one not, the client gets an ErrorResponse rather than nothing.
func mustEncode(typ string, msg any) *Payload {
	if r, ok := msg.(responder); ok {
		b := r.base()
		b.Success = b.ResultCode == codeSuccess
	}
	var p *Payload
	var err error
	if pe, ok := msg.(payloadEncoder); ok {
		p, err = pe.payload(typ)
	} else {
		p, err = encode(typ, msg)
	}
	if err != nil {
		p, _ = encode("ErrorResponse", errorResponse{Response: failed(errServer, "cannot encode "+typ)})
	}
	return p
}

// payloadEncoder is a response that encodes itself, for one that carries
// an already rendered part which json.Marshal would validate and compact
// all over again.
type payloadEncoder interface {
	payload(typ string) (*Payload, error)
}

type serverCheckResponse struct {
	Response
	ConnectionID              string `json:"connectionId"`
	SupportAbilityNegotiation bool   `json:"supportAbilityNegotiation"`
}

// biStream serves a connection's bi-stream: the client's setup first,
// then acknowledgements of the server's pushes, which a goroutine writes
// while some wait (Conn.enqueue). When it ends the connection is done:
// the SDKs close their transport whenever their stream fails. When the
// server lets go of the connection first (it stopped answering, or is
// over the limit), it closes the transport, as Nacos closes the channel:
// the stream ends with UNAVAILABLE and both SDKs reconnect and redo their
// registrations, subscriptions and listens. A stream left open would let
// the client believe it is still registered.
func (s *Server) biStream(st grpc.ServerStream) error {
	c := connOf(st.Context())
	if c == nil {
		return status.Error(codes.Internal, "no connection")
	}
	if !c.attachStream(st) {
		return status.Error(codes.AlreadyExists, "the connection has a bi-stream already")
	}
	defer s.drop(c)
	defer c.detachStream()
	for {
		p := new(Payload)
		if err := st.RecvMsg(p); err != nil {
			return nil
		}
		s.fromStream(c, p)
	}
}

// pushQueue bounds the pushes waiting to be written to one connection.
const pushQueue = 1024

// fromStream takes one message a client sent on its bi-stream: its setup,
// or a response to a push (Nacos matches it by requestId and judges it by
// resultCode alone).
func (s *Server) fromStream(c *Conn, p *Payload) {
	c.touch(s.opts.Now())
	if p.Type == "ConnectionSetupRequest" {
		s.setUp(c, p)
		return
	}
	if !strings.HasSuffix(p.Type, "Response") {
		return
	}
	var a ack
	if err := json.Unmarshal(p.Body, &a); err == nil && a.RequestID != "" {
		c.acked(a)
	}
}

type setupRequest struct {
	Request
	ClientVersion string            `json:"clientVersion"`
	Tenant        string            `json:"tenant"`
	Labels        map[string]string `json:"labels"`
	// AbilityTable is present (an object, maybe empty) when the client
	// negotiates abilities: the Java SDK then waits for SetupAckRequest.
	AbilityTable json.RawMessage `json:"abilityTable"`
}

type setupAck struct {
	serverRequest
	AbilityTable map[string]bool `json:"abilityTable"`
}

// setUp registers a connection. A client that negotiates abilities is
// told the server takes persistent instances over gRPC, so the Java SDK
// sends them here rather than over HTTP.
func (s *Server) setUp(c *Conn, p *Payload) {
	var req setupRequest
	if err := json.Unmarshal(p.Body, &req); err != nil {
		s.log.Warn("nacos grpc: bad connection setup", "conn", c.ID, "err", err)
		return
	}
	if s.nSetUp.Load() >= int64(s.opts.MaxConns) {
		s.log.Warn("nacos grpc: connection limit reached, refusing", "conn", c.ID, "limit", s.opts.MaxConns)
		s.drop(c)
		return
	}
	setup := &connSetup{ClientIP: p.ClientIP, Version: req.ClientVersion, Tenant: req.Tenant, Labels: req.Labels}
	if setup.Labels == nil {
		setup.Labels = map[string]string{}
	}
	if !c.markReady(setup) {
		return
	}
	s.nSetUp.Add(1)
	if s.opts.Naming != nil && setup.module() != "config" {
		s.opts.Naming.AttachClient(namingClient(c, setup, s.opts.Now()))
	}
	if len(req.AbilityTable) > 0 && string(req.AbilityTable) != "null" {
		ackMsg := setupAck{serverRequest: serverRequest{RequestID: s.nextID(), Module: "internal", Headers: map[string]string{}},
			AbilityTable: map[string]bool{"supportPersistentInstanceByGrpc": true}}
		if err := c.send(mustEncode("SetupAckRequest", ackMsg)); err != nil {
			s.log.Warn("nacos grpc: cannot send the setup ack", "conn", c.ID, "err", err)
		}
	}
}

func uitoa(v uint64) string { return strconv.FormatUint(v, 10) }
