package nacosgrpc

import (
	"context"
	"time"
)

// detect asks every connection that has been silent for DetectAfter
// whether it is still there (ClientDetectionRequest), and closes those
// that do not answer, as Nacos's connection ejector does. The SDKs check
// their own health every 5 s, so a live client is rarely asked.
func (s *Server) detect(ctx context.Context) {
	t := time.NewTicker(min(3*time.Second, s.opts.DetectAfter/4))
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			cutoff := s.opts.Now().Add(-s.opts.DetectAfter).UnixMilli()
			for _, c := range s.connections() {
				if c.Setup() != nil && c.lastActive.Load() < cutoff {
					s.probe(c)
				}
			}
		}
	}
}

// probe sends a ClientDetectionRequest and closes the connection when no
// acknowledgement comes.
func (s *Server) probe(c *Conn) {
	if !c.probing.CompareAndSwap(false, true) {
		return // asked already; the answer (or its absence) is on its way
	}
	id := s.nextID()
	body := serverRequest{RequestID: id, Module: "internal", Headers: map[string]string{}}
	c.push(mustEncode("ClientDetectionRequest", body), id, s.opts.PushTimeout, func(a ack, err error) {
		defer c.probing.Store(false)
		if err == nil && a.ok() {
			c.touch(s.opts.Now())
			return
		}
		s.log.Info("nacos grpc: closing a connection that stopped answering", "conn", c.ID, "err", err)
		s.drop(c)
	})
}

// sweepOrphans lets the registry sweep the instances of connections that
// no node holds any more (naming.SweepConnOrphans): first once OrphanGrace
// has passed since the start (the clients of the last run have
// reconnected and taken theirs back), then every OrphanGrace/3, for the
// connections of cluster nodes that left.
func (s *Server) sweepOrphans(ctx context.Context) {
	if s.opts.Naming == nil {
		return
	}
	wait := s.opts.OrphanGrace
	for {
		select {
		case <-ctx.Done():
			return
		case <-time.After(wait):
		}
		s.opts.Naming.SweepConnOrphans(ctx)
		wait = s.opts.OrphanGrace / 3
	}
}
