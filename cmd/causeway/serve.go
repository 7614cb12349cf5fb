package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"os"
	"os/signal"
	"runtime/debug"
	"syscall"
	"time"

	"github.com/causeway-dev/causeway/api/health"
	"github.com/causeway-dev/causeway/api/httpx"
	"github.com/causeway-dev/causeway/console"
	"github.com/causeway-dev/causeway/registry/cluster"
	"github.com/causeway-dev/causeway/registry/store"
	"github.com/causeway-dev/causeway/registry/store/badger"
)

// drainTimeout bounds how long SIGTERM waits for in-flight requests.
const drainTimeout = 20 * time.Second

func serve(args []string) int {
	cfg, err := loadConfig(args, os.Getenv, os.Stderr)
	if errors.Is(err, flag.ErrHelp) {
		return 0
	}
	if err != nil {
		fmt.Fprintf(os.Stderr, "causeway: %v\n", err)
		return 2
	}
	log := newLogger(os.Stderr, cfg.LogLevel)
	tuneGC(os.Getenv)
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGINT, syscall.SIGTERM)
	defer stop()
	if err := runServer(ctx, cfg, log, os.Stdout); err != nil {
		fmt.Fprintf(os.Stderr, "causeway: %v\n", err)
		return 1
	}
	return 0
}

// gcPercent is the Go GC target serve runs with unless GOGC says
// otherwise. The registry's views are long-lived and its garbage
// short-lived, so Go's default (a heap up to twice the live one) made an
// instance cost about three times its live bytes in resident memory. At
// 50, 100,000 instances take 1,730 B each instead of 2,139 B (persistent;
// 1,959 B instead of 2,503 B beating); the collector's share of the write
// path grows (BenchmarkRegisterIntoLargeServices: +25 % CPU), the whole
// server's CPU per request under the same load moved within the noise
// (docs/BENCHMARKS.md).
const gcPercent = 50

func tuneGC(getenv func(string) string) {
	if getenv("GOGC") == "" {
		debug.SetGCPercent(gcPercent)
	}
}

func newLogger(w io.Writer, level string) *slog.Logger {
	l, _ := parseLevel(level) // validated with the config
	logLevel.Set(l)
	return slog.New(slog.NewTextHandler(w, &slog.HandlerOptions{Level: logLevel}))
}

func openStore(cfg config, log *slog.Logger) (store.Store, error) {
	if cfg.Store == "etcd" {
		return openEtcd(cfg, log)
	}
	if err := prepareDataDir(cfg.DataDir); err != nil {
		return nil, err
	}
	st, err := badger.Open(badger.Options{Dir: cfg.DataDir, Logger: log})
	if err != nil {
		return nil, fmt.Errorf("open store in %s: %w", cfg.DataDir, err)
	}
	return st, nil
}

// runServer wires the process, serves until ctx ends, then drains.
func runServer(ctx context.Context, cfg config, log *slog.Logger, out io.Writer) error {
	st, err := openStore(cfg, log)
	if err != nil {
		return err
	}
	defer func() {
		if err := st.Close(); err != nil {
			log.Error("close store", "err", err)
		}
	}()
	app, err := wire(ctx, cfg, st, log, out)
	if err != nil {
		return err
	}
	defer app.close()
	srv, err := httpx.Listen(cfg.HTTPAddr, app.handler, log)
	if err != nil {
		return err
	}
	bridgeSrv, err := httpx.Listen(cfg.HTTP2RPCAddr, app.bridge, log)
	if err != nil {
		return err
	}
	xdsTLSConfig, err := xdsTLS(cfg)
	if err != nil {
		return err
	}
	grpcSrv, err := app.xds.listen(cfg.XDSAddr, xdsTLSConfig)
	if err != nil {
		return err
	}
	defer stopGRPC(grpcSrv)
	nacosSrv, err := app.nacos.listen(cfg.NacosGRPCAddr)
	if err != nil {
		return err
	}
	defer app.nacos.shutdown(nacosSrv)
	if cfg.DebugAddr != "" {
		dbg, err := httpx.Listen(cfg.DebugAddr, profiler(), log)
		if err != nil {
			return err
		}
		defer func() { _ = dbg.Shutdown(context.Background()) }()
		go func() { _ = dbg.Serve() }()
	}
	self, err := selfMember(cfg, srv.Addr().String(), nacosSrv.addr(), grpcSrv.addr())
	if err != nil {
		return err
	}
	app.endpoints.set(self, srv.Addr().String())
	if err := app.cluster.Join(ctx, self); err != nil {
		return err
	}
	errc := make(chan error, 4)
	go func() { errc <- srv.Serve() }()
	go func() { errc <- bridgeSrv.Serve() }()
	go func() { errc <- grpcSrv.serve() }()
	go func() { errc <- nacosSrv.serve() }()
	app.probe.SetReady(true)
	log.Info("causeway serving", "version", version, "http", srv.Addr().String(), "xds", grpcSrv.addr(),
		"nacos-grpc", nacosSrv.addr(), "http2rpc", bridgeSrv.Addr().String(), "store", cfg.Store, "auth", cfg.Auth, "node", self.ID,
		"console", "http://"+srv.Addr().String()+console.Prefix)
	select {
	case err := <-errc:
		return fmt.Errorf("server: %w", err)
	case <-ctx.Done():
	}
	log.Info("draining")
	app.probe.SetReady(false)
	dctx, cancel := context.WithTimeout(context.Background(), drainTimeout)
	defer cancel()
	for _, s := range []*httpx.Server{srv, bridgeSrv} {
		if err := s.Shutdown(dctx); err != nil {
			log.Warn("drain incomplete", "err", err)
		}
	}
	return nil
}

// app is the wired process minus its listeners.
type app struct {
	handler http.Handler
	bridge  http.Handler // the HTTP to Dubbo bridge, on --http2rpc-addr
	probe   *health.Probe
	cluster *cluster.Cluster
	xds     *controlPlane
	nacos   *nacosGRPC
	domain  *domain // what the dialects serve; tests look behind them
	// endpoints are this node's access points, answered in CSE engine
	// details once the listeners are bound.
	endpoints endpoints
	closers   []func()
}

func (a *app) close() {
	for i := len(a.closers) - 1; i >= 0; i-- {
		a.closers[i]()
	}
}
