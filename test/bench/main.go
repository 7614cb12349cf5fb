// Command bench is Causeway's HTTP load harness: it starts the real binary on
// loopback with a fresh data directory and measures the Nacos naming hot
// paths (register, list, beat) with concurrent keep-alive clients. Each run
// is bounded in time and request count and stops by itself.
package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"
)

// debugAddr, when set, is passed to every server the harness starts, so
// that its profiles can be taken during a run.
var debugAddr = flag.String("debug-addr", "", "the servers' --debug-addr (Go profiler), for profiling a run")

func main() {
	binary := flag.String("binary", "bin/causeway", "causeway binary to start")
	workers := flag.Int("workers", 64, "concurrent clients")
	duration := flag.Duration("duration", 5*time.Second, "length of each run")
	maxReq := flag.Int("max-requests", 2_000_000, "request cap of each run")
	only := flag.String("only", "", "run just this scenario (healthz, register, list, beat, config-publish, config-get, sc-*, xds-memory, xds-push, config-polls, kie, plugin-latency, http2rpc, in-force, nacos-grpc, expiry, growth, cluster)")
	xdsClients := flag.Int("xds-clients", 500, "xDS clients of the xds-memory run")
	xdsAuth := flag.Bool("xds-auth", false, "run xds-memory against a server with auth on, every stream sending a minted xDS token (default: --auth=false, no token)")
	polls := flag.Int("polls", 10000, "held long polls of the config-polls run")
	envoy := flag.String("envoy", os.Getenv("CAUSEWAY_ENVOY"), "Envoy binary of the plugin-latency run")
	module := flag.String("module", "build/plugins/header-rewrite.wasm", "plugin module of the plugin-latency and in-force runs")
	runs := flag.Int("runs", 20, "changes of each kind the in-force run times")
	newPluginRuns := flag.Int("new-plugin-runs", 5, "new plugins the in-force run times")
	grpcClients := flag.Int("grpc-clients", 10_000, "Nacos 2 gRPC clients of the nacos-grpc run, each with one instance and one subscription")
	grpcSubscribers := flag.Int("grpc-subscribers", 1_000, "clients of the nacos-grpc run subscribed to the service whose changes are timed")
	grpcChanges := flag.Int("grpc-changes", 20, "changes the nacos-grpc run pushes and times")
	grpcParts := flag.String("grpc-parts", "register,fleet,push,restart", "parts of the nacos-grpc run (the fleet is connected for push and restart anyway)")
	expiryFleet := flag.Int("expiry-fleet", 10_000, "ephemeral instances of the expiry run that stop beating and expire together")
	expiryDuration := flag.Duration("expiry-duration", 20*time.Second, "length of each of the expiry run's two runs")
	expiryRounds := flag.Int("expiry-rounds", 3, "rounds of the expiry run (each a run without and one with the expiry); it reports medians")
	growthInstances := flag.Int("growth-instances", 100_000, "instances the growth run registers into 100 services")
	growthModes := flag.String("growth-modes", "persistent,beats,expiry", "parts of the growth run: persistent, beats (ephemeral, beating every 5 s), expiry (ephemeral, 60 s without beats)")
	growthExpiry := flag.Duration("growth-expiry-duration", 60*time.Second, "length of the growth run's expiry part")
	pushClients := flag.Int("push-clients", 100, "xDS clients of the xds-push run, each its own gRPC connection")
	pushInstances := flag.Int("push-instances", 5000, "instances of the one service the xds-push run changes")
	pushChanges := flag.Int("push-changes", 20, "changes of each kind (register, weight, deregister) the xds-push run times")
	clusterChanges := flag.Int("cluster-changes", 50, "changes of each kind the cluster run's latency part times")
	clusterFailovers := flag.Int("cluster-failovers", 5, "node kills the cluster run's failover part times")
	clusterParts := flag.String("cluster-parts", "load,latency,failover", "parts of the cluster run: load (1 and 3 nodes), latency (node to node), failover")
	pushServerCPUs := flag.String("push-server-cpus", "", "CPUs (taskset list) to pin the xds-push run's server to; empty: not pinned")
	flag.Parse()
	// Runs with their own shape; the others are load scenarios.
	special := map[string]func() error{
		"config-polls": func() error { return configPolls(*binary, *polls) },
		"expiry":       func() error { return expiryBench(*binary, *workers, *expiryDuration, *expiryFleet, *expiryRounds) },
		"kie":          func() error { return kieBench(*binary, *workers, *duration, *maxReq) },
		"xds-memory":   func() error { return xdsMemory(*binary, *xdsClients, *xdsAuth) },
		"xds-push": func() error {
			return xdsPush(*binary, *pushClients, *pushInstances, *pushChanges, *pushServerCPUs)
		},
		"plugin-latency": func() error { return pluginLatency(*binary, *envoy, *module, *workers, *duration, *maxReq) },
		"http2rpc":       func() error { return http2rpcBench(*binary, *envoy, *workers, *duration, *maxReq) },
		"in-force":       func() error { return inForce(*binary, *envoy, *module, *runs, *newPluginRuns) },
		"cluster": func() error {
			return clusterBench(*binary, *envoy, *workers, *duration, *maxReq, *clusterChanges, *clusterFailovers, *clusterParts)
		},
		"growth": func() error { return growthBench(*binary, *workers, *growthInstances, *growthModes, *growthExpiry) },
		"nacos-grpc": func() error {
			return nacosGRPCBench(*binary, *workers, *duration, *grpcClients, *grpcSubscribers, *grpcChanges, *grpcParts)
		},
	}
	if f, ok := special[*only]; ok {
		if err := f(); err != nil {
			fmt.Fprintln(os.Stderr, "bench:", err)
			os.Exit(1)
		}
		return
	}
	if err := run(*binary, *workers, *duration, *maxReq, *only); err != nil {
		fmt.Fprintln(os.Stderr, "bench:", err)
		os.Exit(1)
	}
}

// run measures each scenario against a fresh server, so that one run's
// leftovers (thousands of instances expiring) do not load the next.
func run(binary string, workers int, d time.Duration, maxReq int, only string) error {
	fmt.Printf("causeway HTTP load: %d keep-alive connections, %v per run, fresh server per run\n", workers, d)
	for _, sc := range scenarios() {
		if only != "" && sc.name != only {
			continue
		}
		if err := runScenario(binary, workers, d, maxReq, sc); err != nil {
			return fmt.Errorf("%s: %w", sc.name, err)
		}
	}
	return nil
}

func runScenario(binary string, workers int, d time.Duration, maxReq int, sc scenario) error {
	srv, err := startServer(binary)
	if err != nil {
		return err
	}
	defer srv.stop()
	c := newClient(srv.base)
	if sc.setup != nil {
		if err := sc.setup(c); err != nil {
			return fmt.Errorf("setup: %w", err)
		}
	}
	// The server's CPU per request holds better than requests/s when other
	// work shares the cores.
	cpu0, cpuErr := cpuTime(srv.cmd.Process.Pid)
	res := load(workers, d, maxReq, func(seq int64) error { return sc.do(c, seq) })
	cpu1, cpuErr1 := cpuTime(srv.cmd.Process.Pid)
	fmt.Println(res.report(sc.name))
	if cpuErr == nil && cpuErr1 == nil && res.n > 0 {
		fmt.Printf("  server CPU %.1f µs/request\n", float64((cpu1-cpu0).Nanoseconds())/1e3/float64(res.n))
	}
	if sc.perRequest > 1 {
		fmt.Printf("  %.0f items/s (%d per request)\n", float64(res.n*int64(sc.perRequest))/res.elapsed.Seconds(), sc.perRequest)
	}
	if res.errors > 0 {
		fmt.Printf("  first error: %v\n", res.firstErr)
	}
	return nil
}

type server struct {
	cmd    *exec.Cmd
	binary string
	args   []string // of serve, so that restart starts the same server
	dir    string
	base   string
	xds    string
	bridge string    // the HTTP to Dubbo bridge's host:port
	grpc   string    // the Nacos 2 gRPC server's host:port
	out    io.Writer // its stdout and stderr; nil: the harness's
}

func startServer(binary string) (*server, error) { return startServerLogging(binary, "warn", nil) }

// startServerLogging starts the server at a log level, its output into out
// (nil: the harness's own).
func startServerLogging(binary, level string, out io.Writer) (*server, error) {
	return startServerAuth(binary, level, out, "")
}

// startServerAuth is startServerLogging with auth on and this admin
// password when adminPassword is not "" (runs are --auth=false otherwise).
func startServerAuth(binary, level string, out io.Writer, adminPassword string) (*server, error) {
	return startServerArgs(binary, level, out, adminPassword, nil)
}

// startServerArgs is startServerAuth with more serve flags (the cluster
// run's --store etcd and its endpoints).
func startServerArgs(binary, level string, out io.Writer, adminPassword string, extra []string) (*server, error) {
	dir, err := os.MkdirTemp("", "causeway-bench-")
	if err != nil {
		return nil, err
	}
	addr, err := freeAddr()
	if err != nil {
		return nil, err
	}
	xdsAddr, err := freeAddr()
	if err != nil {
		return nil, err
	}
	bridgeAddr, err := freeAddr()
	if err != nil {
		return nil, err
	}
	grpcAddr, err := freeAddr()
	if err != nil {
		return nil, err
	}
	args := []string{"serve", "--auth=false"}
	if adminPassword != "" {
		args = []string{"serve", "--auth=true", "--admin-password", adminPassword}
	}
	args = append(args, "--log-level", level,
		"--data-dir", filepath.Join(dir, "data"), "--http-addr", addr, "--xds-addr", xdsAddr,
		"--http2rpc-addr", bridgeAddr, "--nacos-grpc-addr", grpcAddr)
	if *debugAddr != "" {
		args = append(args, "--debug-addr", *debugAddr)
	}
	args = append(args, extra...)
	s := &server{binary: binary, args: args, dir: dir, base: "http://" + addr, xds: xdsAddr, bridge: bridgeAddr, grpc: grpcAddr, out: out}
	if err := s.start(); err != nil {
		_ = os.RemoveAll(dir)
		return nil, err
	}
	return s, nil
}

// start runs the binary and waits until it is ready.
func (s *server) start() error {
	cmd := exec.Command(s.binary, s.args...)
	cmd.Stdout, cmd.Stderr = os.Stdout, os.Stderr
	if s.out != nil {
		cmd.Stdout, cmd.Stderr = s.out, s.out
	}
	if err := cmd.Start(); err != nil {
		return err
	}
	s.cmd = cmd
	deadline := time.Now().Add(20 * time.Second)
	for time.Now().Before(deadline) {
		if resp, err := http.Get(s.base + "/readyz"); err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return nil
			}
		}
		time.Sleep(50 * time.Millisecond)
	}
	s.terminate()
	return errors.New("server did not become ready")
}

// terminate stops the process (SIGTERM, SIGKILL after 30 s) and keeps its
// data directory.
func (s *server) terminate() {
	_ = s.cmd.Process.Signal(syscall.SIGTERM)
	done := make(chan struct{})
	go func() { _ = s.cmd.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(30 * time.Second):
		_ = s.cmd.Process.Kill()
		<-done
	}
}

func (s *server) stop() {
	s.terminate()
	_ = os.RemoveAll(s.dir)
}

func freeAddr() (string, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", err
	}
	defer ln.Close()
	return ln.Addr().String(), nil
}

// client sends the harness's requests over raw keep-alive connections.
type client struct {
	pool *rawPool
}

func newClient(base string) *client {
	return &client{pool: &rawPool{addr: strings.TrimPrefix(base, "http://")}}
}

func (c *client) do(method, path string) error { return c.pool.do(method, path) }

type result struct {
	n, errors int64
	elapsed   time.Duration
	lat       []time.Duration
	firstErr  error
}

func (r result) report(name string) string {
	sort.Slice(r.lat, func(i, j int) bool { return r.lat[i] < r.lat[j] })
	pct := func(p float64) time.Duration {
		if len(r.lat) == 0 {
			return 0
		}
		return r.lat[int(float64(len(r.lat)-1)*p)]
	}
	return fmt.Sprintf("%-10s %9d req  %8.0f req/s  p50 %-9v p99 %-9v errors %d",
		name, r.n, float64(r.n)/r.elapsed.Seconds(), pct(0.50), pct(0.99), r.errors)
}

// load runs do from workers goroutines until d passes or maxReq requests
// were sent; do gets a global sequence number.
func load(workers int, d time.Duration, maxReq int, do func(seq int64) error) result {
	var seq, errs atomic.Int64
	var mu sync.Mutex
	var res result
	stop := time.Now().Add(d)
	start := time.Now()
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var lat []time.Duration
			for time.Now().Before(stop) {
				n := seq.Add(1)
				if n > int64(maxReq) {
					break
				}
				t0 := time.Now()
				if err := do(n); err != nil {
					if errs.Add(1) == 1 {
						mu.Lock()
						res.firstErr = err
						mu.Unlock()
					}
				}
				lat = append(lat, time.Since(t0))
			}
			mu.Lock()
			res.lat = append(res.lat, lat...)
			mu.Unlock()
		}()
	}
	wg.Wait()
	res.elapsed = time.Since(start)
	res.n = int64(len(res.lat))
	res.errors = errs.Load()
	return res
}
