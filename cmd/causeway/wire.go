package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"

	"github.com/causeway-dev/causeway/api/admin"
	"github.com/causeway-dev/causeway/api/cse"
	"github.com/causeway-dev/causeway/api/health"
	"github.com/causeway-dev/causeway/api/httpx"
	nacosv1 "github.com/causeway-dev/causeway/api/nacos/v1"
	nacosv2 "github.com/causeway-dev/causeway/api/nacos/v2"
	"github.com/causeway-dev/causeway/registry/gateway"
	"github.com/causeway-dev/causeway/registry/naming"
	"github.com/causeway-dev/causeway/registry/store"
)

// wire builds the domain services over the store and mounts every dialect.
// It is the one place where the pipeline is assembled.
func wire(ctx context.Context, cfg config, st store.Store, log *slog.Logger, out io.Writer) (*app, error) {
	a := &app{probe: &health.Probe{}}
	reg, err := naming.New(ctx, st, naming.Options{Logger: log.With("component", "naming")})
	if err != nil {
		return nil, err
	}
	a.closers = append(a.closers, reg.Close)
	gws, err := gateway.New(ctx, st, gateway.Options{Logger: log.With("component", "gateway"), Services: serviceChecker{reg}})
	if err != nil {
		a.close()
		return nil, err
	}
	a.closers = append(a.closers, gws.Close)
	metrics := newMetrics(reg)
	a.xds = wireControlPlane(ctx, reg, gws, metrics, log)
	a.closers = append(a.closers, a.xds.stop)
	authn, authDialect, err := wireAuth(ctx, cfg, st, log, out)
	if err != nil {
		a.close()
		return nil, fmt.Errorf("auth: %w", err)
	}
	// Nacos 1 clients get pushes from an ephemeral UDP port, as from Nacos.
	push, err := net.ListenUDP("udp", &net.UDPAddr{})
	if err != nil {
		a.close()
		return nil, fmt.Errorf("open push socket: %w", err)
	}
	a.closers = append(a.closers, func() { _ = push.Close() })
	mux := http.NewServeMux()
	httpx.Mount(mux, authn,
		a.probe.Dialect(),
		authDialect,
		nacosv1.Dialect(reg, nacosv1.Options{ServerAddr: cfg.HTTPAddr, Logger: log, Push: push}),
		nacosv2.Dialect(reg, nacosv2.Options{Logger: log}),
		cse.Dialect(gws, cse.Options{Logger: log}),
		admin.Dialect(a.xds.server, metrics),
	)
	a.handler = mux
	return a, nil
}

// serviceChecker lets the gateway registry ask the naming registry whether
// a route's destination exists.
type serviceChecker struct{ reg *naming.Registry }

func (c serviceChecker) ServiceExists(namespace, group, name string) bool {
	_, err := c.reg.GetService(naming.ServiceKey{Namespace: namespace, Group: group, Name: name})
	return err == nil
}
