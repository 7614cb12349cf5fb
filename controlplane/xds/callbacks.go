package xds

import (
	"context"
	"fmt"
	"time"

	corev3 "github.com/envoyproxy/go-control-plane/envoy/config/core/v3"
	discovery "github.com/envoyproxy/go-control-plane/envoy/service/discovery/v3"
	serverv3 "github.com/envoyproxy/go-control-plane/pkg/server/v3"

	"github.com/causeway-dev/causeway/controlplane/translate"
)

// callbacks track nodes and their ACKs and NACKs. Returning an error from a
// request callback closes the stream: a node whose metadata cannot be used
// is told so instead of getting a guess.
func (s *Server) callbacks() serverv3.Callbacks {
	return serverv3.CallbackFuncs{
		StreamOpenFunc: func(ctx context.Context, id int64, _ string) error {
			return s.guard.open(ctx, streamKey{KindSotW, id})
		},
		DeltaStreamOpenFunc: func(ctx context.Context, id int64, _ string) error {
			return s.guard.open(ctx, streamKey{KindDelta, id})
		},
		StreamRequestFunc: func(id int64, req *discovery.DiscoveryRequest) error {
			key := streamKey{KindSotW, id}
			if err := s.guard.check(key, req.GetNode()); err != nil {
				return err
			}
			if err := s.join(key, req.GetNode()); err != nil {
				return err
			}
			s.recordRequest(key, sotwRequest(req.GetTypeUrl(), req.GetVersionInfo(), req.GetResponseNonce(), req.GetErrorDetail().GetMessage()))
			return nil
		},
		StreamResponseFunc: func(_ context.Context, id int64, _ *discovery.DiscoveryRequest, resp *discovery.DiscoveryResponse) {
			s.nodes.update(streamKey{KindSotW, id}, func(st *nodeState) { st.sent(resp.GetTypeUrl(), resp.GetVersionInfo(), resp.GetNonce()) })
		},
		StreamClosedFunc: func(id int64, _ *corev3.Node) { s.leave(streamKey{KindSotW, id}) },
		StreamDeltaRequestFunc: func(id int64, req *discovery.DeltaDiscoveryRequest) error {
			key := streamKey{KindDelta, id}
			if err := s.guard.check(key, req.GetNode()); err != nil {
				return err
			}
			if err := s.join(key, req.GetNode()); err != nil {
				return err
			}
			s.recordRequest(key, deltaRequest(req.GetTypeUrl(), req.GetResponseNonce(), req.GetErrorDetail().GetMessage()))
			return nil
		},
		StreamDeltaResponseFunc: func(id int64, _ *discovery.DeltaDiscoveryRequest, resp *discovery.DeltaDiscoveryResponse) {
			s.nodes.update(streamKey{KindDelta, id}, func(st *nodeState) { st.sent(resp.GetTypeUrl(), resp.GetNonce(), resp.GetNonce()) })
		},
		DeltaStreamClosedFunc: func(id int64, _ *corev3.Node) { s.leave(streamKey{KindDelta, id}) },
	}
}

// join records a stream's node on its first request and gives a new node
// its snapshot.
func (s *Server) join(stream streamKey, p *corev3.Node) error {
	if s.nodes.known(stream) {
		return nil // delta requests after the first need not repeat the node
	}
	if p == nil {
		return fmt.Errorf("%s stream %d: the first request must carry the node", stream.kind, stream.id)
	}
	n, err := translate.ParseNode(p, s.cache.defaults)
	if err != nil {
		s.log.Warn("refusing xDS client", "err", err)
		return err
	}
	if err := s.tenants.admit(stream, n.Namespace); err != nil {
		s.log.Warn("refusing xDS client", "node", n.ID, "err", err)
		return err
	}
	if !s.nodes.attach(stream, n, p) {
		return nil
	}
	s.log.Info("xDS client connected", "node", n.ID, "role", n.Role, "stream", stream.kind)
	return s.welcome(n)
}

// recordRequest notes an ACK (a request naming the version or nonce it
// applied) or a NACK (a request with an error).
func (s *Server) recordRequest(stream streamKey, r request) {
	now := time.Now()
	s.nodes.update(stream, func(st *nodeState) { st.note(r, now) })
	if r.nack != "" {
		s.m.nack(r.typeURL)
		s.log.Warn("xDS client rejected configuration", "stream", stream.kind, "id", stream.id, "type", r.typeURL, "error", r.nack)
	}
}

func (s *Server) leave(stream streamKey) {
	s.guard.close(stream)
	s.tenants.release(stream)
	if n, last := s.nodes.detach(stream); last {
		s.cache.release(n)
		s.log.Info("xDS client disconnected", "node", n.ID)
	}
}
