package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"google.golang.org/grpc"
)

// The Nacos 2 gRPC runs (issue 14). Clients are raw Nacos 2 naming
// clients (nacosclient.go) in this process, each its own transport; on
// 2 cores they share the CPU with the server, so the figures are what the
// server does with what the clients leave it.

// grpcServices is how many services the fleet's instances spread over.
const grpcServices = 100

// hotService is the service the push run changes: the first subscribers
// clients subscribe to it; like every fleet service it holds one in
// grpcServices of the instances (101 of 10,000 with the push run's
// writer).
const hotService = "fleet-000"

func fleetService(i int) string { return fmt.Sprintf("fleet-%03d", i) }

// nacosGRPCBench runs every Nacos 2 gRPC figure: registration throughput
// on a server of its own, then a fleet of clients on another: connecting
// it, one change pushed to subscribers, and a restart under it.
func nacosGRPCBench(binary string, workers int, d time.Duration, clients, subscribers, changes int, parts string) error {
	raiseFileLimit()
	fmt.Printf("nacos-grpc: raw Nacos 2 clients in the harness, one transport each; %s\n", loadNow())
	want := map[string]bool{}
	for _, p := range strings.Split(parts, ",") {
		want[strings.TrimSpace(p)] = true
	}
	if want["register"] {
		if err := grpcRegistrations(binary, workers, d); err != nil {
			return fmt.Errorf("registrations: %w", err)
		}
	}
	if !want["fleet"] && !want["push"] && !want["restart"] {
		return nil
	}
	return grpcFleet(binary, clients, subscribers, changes, want)
}

// loadNow is the machine's load average, printed next to every figure:
// other work on the two cores moves them.
func loadNow() string {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return "load ?"
	}
	f := strings.Fields(string(b))
	if len(f) < 3 {
		return "load ?"
	}
	return "load " + strings.Join(f[:3], " ")
}

// raiseFileLimit lifts the soft limit on open files to the hard one: the
// fleet holds a socket per client here and in the server (which inherits
// the limit).
func raiseFileLimit() {
	var l syscall.Rlimit
	if syscall.Getrlimit(syscall.RLIMIT_NOFILE, &l) == nil && l.Cur < l.Max {
		l.Cur = l.Max
		_ = syscall.Setrlimit(syscall.RLIMIT_NOFILE, &l)
	}
}

// grpcRegistrations: workers connections register as fast as they can,
// each request a new address in one of 100 services. A connection holds
// one instance per service (Nacos's rule), so each request replaces that
// connection's instance there: a put and a delete in one write.
func grpcRegistrations(binary string, workers int, d time.Duration) error {
	srv, err := startServer(binary)
	if err != nil {
		return err
	}
	defer srv.stop()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	pool := make(chan *grpc.ClientConn, workers)
	for range workers {
		conn, err := openNacos(ctx, srv.grpc)
		if err != nil {
			return err
		}
		defer conn.Close()
		pool <- conn
	}
	cpu0, _ := cpuTime(srv.cmd.Process.Pid)
	res := load(workers, d, 2_000_000, func(seq int64) error {
		conn := <-pool
		defer func() { pool <- conn }()
		return registerInstance(ctx, conn, fmt.Sprintf("reg-%d", seq%100), ipOf(seq), 8080)
	})
	cpu1, _ := cpuTime(srv.cmd.Process.Pid)
	used := cpu1 - cpu0
	fmt.Printf("%s  server CPU %.1f us/request (%.2f cores)  %s\n", res.report("grpc-register"),
		float64(used.Microseconds())/float64(max(res.n, 1)), used.Seconds()/res.elapsed.Seconds(), loadNow())
	if res.errors > 0 {
		fmt.Printf("  first error: %v\n", res.firstErr)
	}
	return nil
}

// fleet is the clients of the fleet runs.
type fleet struct {
	clients []*nacosClient
	hot     []*nacosClient // the subscribers of hotService

	// The push run: change is the current change's number, marker what
	// its pushes carry, seen when each hot subscriber got it.
	change atomic.Int64
	marker atomic.Pointer[[]byte]
	seen   [][]atomic.Int64
}

func grpcFleet(binary string, n, subscribers, changes int, want map[string]bool) error {
	if subscribers > n {
		subscribers = n
	}
	srv, err := startServer(binary)
	if err != nil {
		return err
	}
	defer srv.stop()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()

	f := &fleet{seen: make([][]atomic.Int64, changes)}
	for i := range f.seen {
		f.seen[i] = make([]atomic.Int64, subscribers)
	}
	empty := []byte{}
	f.marker.Store(&empty)
	for i := range n {
		c := &nacosClient{addr: srv.grpc, service: fleetService(i % grpcServices), ip: ipOf(int64(i + 1)), port: 8080}
		if i < subscribers {
			j := i
			c.subTo = hotService
			c.onPush = func(body []byte, at time.Time) { f.pushed(j, body, at) }
			f.hot = append(f.hot, c)
		} else {
			// the others spread over the other services
			c.subTo = fleetService(1 + i%(grpcServices-1))
		}
		f.clients = append(f.clients, c)
	}

	time.Sleep(time.Second)
	before, err := rss(srv.cmd.Process.Pid)
	if err != nil {
		return err
	}
	memBefore := goMemOf(srv.base)
	// b. Connect the fleet, at most 200 clients connecting at a time (a
	// fleet starts over time; 10,000 dials at once overflow the listen
	// backlog and measure SYN retries).
	start := time.Now()
	var wg sync.WaitGroup
	sem := make(chan struct{}, 200)
	var readyN atomic.Int64
	for _, c := range f.clients {
		sem <- struct{}{}
		var once sync.Once
		c.onReady = func() {
			once.Do(func() { readyN.Add(1); <-sem })
		}
		wg.Add(1)
		go func() { defer wg.Done(); c.run(ctx) }()
	}
	for readyN.Load() < int64(n) {
		time.Sleep(10 * time.Millisecond)
	}
	connected := time.Since(start)
	m, err := nacosMetrics(srv.base)
	if err != nil {
		return err
	}
	fmt.Printf("grpc-connect %d clients connected, registered and subscribed in %v (%.0f clients/s), %d pushes received: server %d instances, %d connection clients, %d subscriptions  %s\n",
		n, connected.Round(time.Millisecond), float64(n)/connected.Seconds(), f.pushCount(), m.InstanceCount, m.ConnectionBasedClientCount, m.SubscribeCount, loadNow())
	time.Sleep(3 * time.Second) // pushes of the last registrations, then quiet
	after, err := rss(srv.cmd.Process.Pid)
	if err != nil {
		return err
	}
	fmt.Printf("grpc-memory %d connections (1 instance, 1 subscription each): server RSS %d MiB -> %d MiB, %.1f KiB per connection; %s  %s\n",
		n, before>>20, after>>20, float64(after-before)/1024/float64(n), goMemOf(srv.base).perConn(memBefore, n), loadNow())

	// c. One change at a time to hotService, pushed to its subscribers.
	if want["push"] {
		if err := f.pushRun(ctx, srv, changes); err != nil {
			return err
		}
	}

	// d. Restart the server under the fleet.
	if want["restart"] {
		err = f.storm(srv)
	}
	cancel()
	wg.Wait()
	return err
}

// pushCount is how many pushes the clients got so far.
func (f *fleet) pushCount() int64 {
	var n int64
	for _, c := range f.clients {
		n += c.pushes.Load()
	}
	return n
}

// pushed records when hot subscriber j got the current change.
func (f *fleet) pushed(j int, body []byte, at time.Time) {
	i := f.change.Load()
	if i < 0 || int(i) >= len(f.seen) {
		return
	}
	if m := *f.marker.Load(); len(m) > 0 && bytes.Contains(body, m) {
		f.seen[i][j].CompareAndSwap(0, at.UnixNano())
	}
}

// pushRun changes hotService changes times, one at a time: a writer
// connection registers its instance there at a new address, and each
// subscriber's push carrying that address is timed from the write's
// answer.
func (f *fleet) pushRun(ctx context.Context, srv *server, changes int) error {
	w, err := openNacos(ctx, srv.grpc)
	if err != nil {
		return err
	}
	defer w.Close()
	f.change.Store(-1)
	var lat []time.Duration
	missed, early := 0, 0
	var serverCPU, clientCPU time.Duration
	for i := range changes {
		ip := fmt.Sprintf("10.255.1.%d", i+1)
		m := []byte(`"ip":"` + ip + `"`)
		f.marker.Store(&m)
		f.change.Store(int64(i))
		cpu0, _ := cpuTime(srv.cmd.Process.Pid)
		self0, _ := cpuTime(os.Getpid())
		if err := registerInstance(ctx, w, hotService, ip, 9000); err != nil {
			return err
		}
		answered := time.Now().UnixNano()
		deadline := time.Now().Add(10 * time.Second)
		for {
			all := true
			for j := range f.seen[i] {
				if f.seen[i][j].Load() == 0 {
					all = false
					break
				}
			}
			if all || time.Now().After(deadline) {
				break
			}
			time.Sleep(time.Millisecond)
		}
		cpu1, _ := cpuTime(srv.cmd.Process.Pid)
		self1, _ := cpuTime(os.Getpid())
		serverCPU += cpu1 - cpu0
		clientCPU += self1 - self0
		for j := range f.seen[i] {
			at := f.seen[i][j].Load()
			switch {
			case at == 0:
				missed++
			case at < answered:
				early++ // pushed before the writer had its answer
				lat = append(lat, 0)
			default:
				lat = append(lat, time.Duration(at-answered))
			}
		}
		time.Sleep(200 * time.Millisecond)
	}
	f.change.Store(-1)
	sort.Slice(lat, func(i, j int) bool { return lat[i] < lat[j] })
	fmt.Printf("grpc-push %d changes to a service with %d subscribers (%d instances): answer -> push received p50 %v p99 %v max %v; %d before the answer, %d missed; CPU per change: server %v, the harness's clients %v  %s\n",
		changes, len(f.hot), grpcServicesInstances(len(f.clients))+1, pct(lat, 0.5).Round(10*time.Microsecond),
		pct(lat, 0.99).Round(10*time.Microsecond), pct(lat, 1).Round(10*time.Microsecond), early, missed,
		(serverCPU / time.Duration(max(changes, 1))).Round(time.Millisecond),
		(clientCPU / time.Duration(max(changes, 1))).Round(time.Millisecond), loadNow())
	return nil
}

func grpcServicesInstances(clients int) int { return (clients + grpcServices - 1) / grpcServices }

func pct(lat []time.Duration, q float64) time.Duration {
	if len(lat) == 0 {
		return 0
	}
	return lat[int(float64(len(lat)-1)*q)]
}

// storm restarts the server on its ports and data (SIGTERM, then the same
// command) while every client stays up, and times the fleet's return:
// every client connected again, registered and subscribed, and the
// server's registry showing each instance owned by a live connection.
// Then it waits out the sweep of the connections from before the restart
// and checks that none of their instances is left.
func (f *fleet) storm(srv *server) error {
	oldIDs := map[string]bool{}
	pushes0 := f.pushCount()
	sessions := make([]int64, len(f.clients))
	for i, c := range f.clients {
		oldIDs[*c.connID.Load()] = true
		sessions[i] = c.sessions.Load()
	}
	t0 := time.Now()
	srv.terminate()
	down := time.Since(t0)
	m0 := time.Now()
	if err := srv.start(); err != nil {
		return err
	}
	up := time.Since(m0)
	early, _ := nacosMetrics(srv.base)
	back := func() bool {
		for i, c := range f.clients {
			if c.sessions.Load() == sessions[i] || c.ready.Load() == 0 {
				return false
			}
		}
		return true
	}
	deadline := time.Now().Add(120 * time.Second)
	for !back() && time.Now().Before(deadline) {
		time.Sleep(20 * time.Millisecond)
	}
	clientsBack := time.Since(t0)
	var owned ownership
	for time.Now().Before(deadline) {
		if owned = f.ownership(srv.base, oldIDs); owned.err == nil && owned.live == len(f.clients) && owned.stale == 0 {
			break
		}
		time.Sleep(200 * time.Millisecond)
	}
	serverBack := time.Since(t0)
	reconnects, healthFails := int64(0), int64(0)
	for i, c := range f.clients {
		reconnects += c.sessions.Load() - sessions[i]
		healthFails += c.healthFail.Load()
	}
	fmt.Printf("grpc-restart %d clients: SIGTERM -> exited %v, started and ready %v; every client reconnected, registered and subscribed %v after SIGTERM, registry owned by live connections %v (%d sessions, %d failed health checks, %d pushes); instances when the new server became ready: %d  %s\n",
		len(f.clients), down.Round(time.Millisecond), up.Round(time.Millisecond), clientsBack.Round(time.Millisecond),
		serverBack.Round(time.Millisecond), reconnects, healthFails, f.pushCount()-pushes0, early.InstanceCount, loadNow())
	if owned.err != nil || owned.live != len(f.clients) || owned.stale != 0 {
		fmt.Printf("  not back after 120 s: %d live-owned, %d stale-owned, %d other, err %v\n", owned.live, owned.stale, owned.other, owned.err)
	}
	// The sweep runs 30 s after the start (OrphanGrace).
	time.Sleep(time.Until(m0.Add(33 * time.Second)))
	owned = f.ownership(srv.base, oldIDs)
	m, _ := nacosMetrics(srv.base)
	fmt.Printf("grpc-sweep after the orphan sweep: %d instances (%d expected), owned by live connections %d, by connections from before the restart %d, other %d  %s\n",
		m.InstanceCount, len(f.clients), owned.live, owned.stale, owned.other, loadNow())
	return nil
}

type ownership struct {
	live, stale, other int
	err                error
}

// ownership reads the publishers of every fleet service and counts those
// owned by a client's current connection, by a connection from before the
// restart, and by neither.
func (f *fleet) ownership(base string, oldIDs map[string]bool) ownership {
	current := map[string]bool{}
	for _, c := range f.clients {
		if id := c.connID.Load(); id != nil {
			current[*id] = true
		}
	}
	var o ownership
	for s := range grpcServices {
		var resp struct {
			Code int `json:"code"`
			Data []struct {
				ClientID string `json:"clientId"`
				IP       string `json:"ip"`
			} `json:"data"`
		}
		u := base + "/nacos/v2/ns/client/service/publisher/list?serviceName=" + url.QueryEscape(fleetService(s))
		if err := getJSON(u, &resp); err != nil {
			o.err = err
			return o
		}
		for _, p := range resp.Data {
			switch {
			case strings.HasPrefix(p.IP, "10.255."): // the push run's writer
			case current[p.ClientID]:
				o.live++
			case oldIDs[p.ClientID]:
				o.stale++
			default:
				o.other++
			}
		}
	}
	return o
}

type metricsAnswer struct {
	InstanceCount              int `json:"instanceCount"`
	SubscribeCount             int `json:"subscribeCount"`
	ConnectionBasedClientCount int `json:"connectionBasedClientCount"`
}

func nacosMetrics(base string) (metricsAnswer, error) {
	var m metricsAnswer
	err := getJSON(base+"/nacos/v1/ns/operator/metrics?onlyStatus=false", &m)
	return m, err
}

func getJSON(u string, v any) error {
	resp, err := http.Get(u)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		return err
	}
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("GET %s: %d %s", u, resp.StatusCode, b)
	}
	return json.Unmarshal(b, v)
}

// cpuTime answers the CPU time a process has used (user and system), from
// /proc/<pid>/stat: on 2 shared cores the load generator takes what the
// server does not, so requests/s alone do not say what a request costs the
// server.
func cpuTime(pid int) (time.Duration, error) {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return 0, err
	}
	// The command may hold spaces; the fields after it are fixed.
	i := bytes.LastIndexByte(b, ')')
	if i < 0 {
		return 0, fmt.Errorf("bad stat of %d", pid)
	}
	f := strings.Fields(string(b[i+1:]))
	if len(f) < 13 {
		return 0, fmt.Errorf("bad stat of %d", pid)
	}
	var utime, stime int64
	if _, err := fmt.Sscan(f[11], &utime); err != nil {
		return 0, fmt.Errorf("utime of %d: %w", pid, err)
	}
	if _, err := fmt.Sscan(f[12], &stime); err != nil {
		return 0, fmt.Errorf("stime of %d: %w", pid, err)
	}
	return time.Duration(utime+stime) * time.Second / clockTicks, nil
}

// clockTicks is USER_HZ, 100 on Linux.
const clockTicks = 100

// goMem is the server's Go runtime figures, from its /metrics.
type goMem struct {
	goroutines, heapAlloc, stack, nextGC float64
}

func goMemOf(base string) goMem {
	var m goMem
	resp, err := http.Get(base + "/metrics")
	if err != nil {
		return m
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	for _, line := range strings.Split(string(b), "\n") {
		name, v, ok := strings.Cut(line, " ")
		if !ok {
			continue
		}
		var f float64
		if _, err := fmt.Sscan(v, &f); err != nil {
			continue
		}
		switch name {
		case "go_goroutines":
			m.goroutines = f
		case "go_memstats_heap_alloc_bytes":
			m.heapAlloc = f
		case "go_memstats_stack_inuse_bytes":
			m.stack = f
		case "go_memstats_next_gc_bytes":
			m.nextGC = f
		}
	}
	return m
}

// perConn says what n connections added to the runtime's figures.
func (m goMem) perConn(before goMem, n int) string {
	return fmt.Sprintf("per connection %.1f goroutines, Go heap %.1f KiB (live and not yet collected; next GC at %.0f MiB), stacks %.1f KiB",
		(m.goroutines-before.goroutines)/float64(n), (m.heapAlloc-before.heapAlloc)/1024/float64(n), m.nextGC/(1<<20),
		(m.stack-before.stack)/1024/float64(n))
}
