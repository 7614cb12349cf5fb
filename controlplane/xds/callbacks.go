package xds

import (
	"context"
	"fmt"

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
		StreamRequestFunc: func(id int64, req *discovery.DiscoveryRequest) error {
			if err := s.join(id, req.GetNode(), KindSotW); err != nil {
				return err
			}
			s.recordRequest(id, req.GetTypeUrl(), req.GetVersionInfo(), req.GetErrorDetail().GetMessage())
			return nil
		},
		StreamResponseFunc: func(_ context.Context, id int64, _ *discovery.DiscoveryRequest, resp *discovery.DiscoveryResponse) {
			s.nodes.update(id, func(st *NodeStatus) { st.Sent[resp.GetTypeUrl()] = resp.GetVersionInfo() })
		},
		StreamClosedFunc: func(id int64, _ *corev3.Node) { s.leave(id) },
		StreamDeltaRequestFunc: func(id int64, req *discovery.DeltaDiscoveryRequest) error {
			if err := s.join(id, req.GetNode(), KindDelta); err != nil {
				return err
			}
			s.recordRequest(id, req.GetTypeUrl(), req.GetResponseNonce(), req.GetErrorDetail().GetMessage())
			return nil
		},
		StreamDeltaResponseFunc: func(id int64, _ *discovery.DeltaDiscoveryRequest, resp *discovery.DeltaDiscoveryResponse) {
			s.nodes.update(id, func(st *NodeStatus) { st.Sent[resp.GetTypeUrl()] = resp.GetNonce() })
		},
		DeltaStreamClosedFunc: func(id int64, _ *corev3.Node) { s.leave(id) },
	}
}

// join records a stream's node on its first request and gives a new node
// its snapshot.
func (s *Server) join(id int64, p *corev3.Node, kind string) error {
	if s.nodes.known(id) {
		return nil // delta requests after the first need not repeat the node
	}
	if p == nil {
		return fmt.Errorf("stream %d: the first request must carry the node", id)
	}
	n, err := translate.ParseNode(p, s.cache.defaults)
	if err != nil {
		s.log.Warn("refusing xDS client", "err", err)
		return err
	}
	if !s.nodes.attach(id, n, p, kind) {
		return nil
	}
	s.log.Info("xDS client connected", "node", n.ID, "role", n.Role, "stream", kind)
	return s.welcome(n)
}

// recordRequest notes an ACK (a request naming the version or nonce it
// applied) or a NACK (a request with an error).
func (s *Server) recordRequest(id int64, typeURL, version, nack string) {
	s.nodes.update(id, func(st *NodeStatus) {
		switch {
		case nack != "":
			st.LastNack = typeURL + ": " + nack
		case version != "":
			st.Acked[typeURL] = version
		}
	})
	if nack != "" {
		s.m.nack(typeURL)
		s.log.Warn("xDS client rejected configuration", "stream", id, "type", typeURL, "error", nack)
	}
}

func (s *Server) leave(id int64) {
	if n, last := s.nodes.detach(id); last {
		s.cache.release(n)
		s.log.Info("xDS client disconnected", "node", n.ID)
	}
}
