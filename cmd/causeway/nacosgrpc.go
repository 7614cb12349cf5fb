package main

import (
	"context"
	"fmt"
	"log/slog"
	"net"

	"google.golang.org/grpc"

	nacosgrpc "github.com/causeway-dev/causeway/api/nacos/grpc"
	"github.com/causeway-dev/causeway/registry/auth"
)

// nacosGRPC is the Nacos 2 gRPC dialect: its server loops run until the
// app closes; its listener is bound by listen.
type nacosGRPC struct {
	server *nacosgrpc.Server
	cancel context.CancelFunc
	done   chan struct{}
}

// wireNacosGRPC starts the dialect's loops (pushes, liveness, the sweep of
// instances of connections from before a restart). users checks tokens;
// nil when authentication is off.
func wireNacosGRPC(ctx context.Context, d *domain, users *auth.Service, log *slog.Logger) *nacosGRPC {
	ctx, cancel := context.WithCancel(context.WithoutCancel(ctx))
	srv := nacosgrpc.New(nacosgrpc.Options{Logger: log.With("component", "nacos-grpc"), Naming: d.naming,
		Config: d.configs, Auth: users})
	n := &nacosGRPC{server: srv, cancel: cancel, done: make(chan struct{})}
	go func() {
		defer close(n.done)
		srv.Run(ctx)
	}()
	return n
}

func (n *nacosGRPC) stop() {
	n.cancel()
	<-n.done
}

// listen binds the Nacos gRPC address now, so a taken port fails at
// start-up.
func (n *nacosGRPC) listen(addr string) (*grpcServer, error) {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, fmt.Errorf("listen on %s: %w", addr, err)
	}
	g := grpc.NewServer(n.server.ServerOptions()...)
	n.server.Register(g)
	return &grpcServer{g: g, ln: ln}, nil
}

// shutdown stops serving the SDKs. The connections it cuts keep their
// instances: the clients reconnect to the next start and take them back.
func (n *nacosGRPC) shutdown(s *grpcServer) {
	n.server.Stopping()
	stopGRPC(s)
}
