package main

import (
	"flag"
	"fmt"
	"io"
	"net/http"
	"os"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// The growth run: how the cost of a registration moves as the registry
// grows. Instances go into 100 services, four ports per host (as several
// processes of one machine register), until the services hold ~1,000 each;
// the rate and the server's CPU per registration are reported per tenth of
// the run, so that a cost growing with the service size shows as a falling
// curve where one number would average it away.
const (
	growthServices = 100
	growthTenths   = 10
	growthPorts    = 4
	beatInterval   = 5 * time.Second // the Nacos clients' default
	beatWorkers    = 64
)

// growthTenth is what one tenth of a growth run measured.
type growthTenth struct {
	regs, beats int64   // answered in the tenth
	changes     int64   // instances registered, changed or removed in the tenth
	live        int64   // instances registered at its end
	secs        float64 // its length
	cpu         float64 // server CPU seconds spent in it
	rss, heap   int64   // at its end; heap: live bytes after a forced GC
}

// growthRun is one part of the growth run.
type growthRun struct {
	name     string
	tenths   [growthTenths]growthTenth
	base     growthTenth // the empty server, before the load
	errors   int64
	firstErr error
	left     int   // instances registered at the end
	anon     int64 // anonymous resident bytes at the end
	file     int64 // file-backed resident bytes at the end (the store's mapped files)
}

func growthBench(binary string, workers, instances int, modes string, expiry time.Duration) error {
	if *debugAddr == "" { // the run forces GCs through the profiler
		a, err := freeAddr()
		if err != nil {
			return err
		}
		*debugAddr = a
	}
	fmt.Printf("growth: %d services, %d ports per host, %d keep-alive connections; instances: registered at the tenth's end; changes: instances registered, changed (health) or removed; CPU µs: the server's CPU time per registration or beat, and per change\n",
		growthServices, growthPorts, workers)
	for _, mode := range strings.Split(modes, ",") {
		var run *growthRun
		var err error
		switch mode {
		case "persistent", "beats":
			run, err = growthByCount(binary, workers, instances, mode == "beats")
		case "expiry":
			run, err = growthByTime(binary, workers, expiry)
		default:
			return fmt.Errorf("unknown growth mode %q", mode)
		}
		if err != nil {
			return fmt.Errorf("growth %s: %w", mode, err)
		}
		run.report()
	}
	return nil
}

// growthByCount registers instances until there are n, a tenth being n/10
// registrations; with beats, every registered instance also beats every
// 5 s, as a Nacos 1.x client does.
func growthByCount(binary string, workers, n int, beats bool) (*growthRun, error) {
	run := &growthRun{name: fmt.Sprintf("persistent, %d instances", n)}
	if beats {
		run.name = fmt.Sprintf("ephemeral with beats every %v, %d instances", beatInterval, n)
	}
	srv, err := startServer(binary)
	if err != nil {
		return nil, err
	}
	defer srv.stop()
	l := newGrowthLoad(srv, run, beats)
	var beatsDone atomic.Int64
	stopBeats := make(chan struct{})
	var beatWG sync.WaitGroup
	if beats {
		beatWG.Add(1)
		go func() { defer beatWG.Done(); beatLoop(l.c, &l.done, &beatsDone, &l.errs, stopBeats) }()
	}
	wg := l.start(workers, func(i int64) bool { return i < int64(n) })
	watchTenths(srv, run, func() bool {
		return l.done.Load() >= int64(n)
	}, func(i int) bool { return l.done.Load() >= int64(n)*int64(i+1)/growthTenths }, &l.done, &beatsDone)
	wg.Wait()
	close(stopBeats)
	beatWG.Wait()
	run.errors = l.errs.Load()
	run.left, err = registered(srv.base)
	return run, err
}

// growthByTime registers ephemeral instances that never beat for d: from
// the 15th second on the earliest go unhealthy, from the 30th they are
// removed, while registrations go on. A tenth is d/10.
func growthByTime(binary string, workers int, d time.Duration) (*growthRun, error) {
	run := &growthRun{name: fmt.Sprintf("ephemeral without beats for %v (unhealthy after 15 s, removed after 30 s)", d)}
	srv, err := startServer(binary)
	if err != nil {
		return nil, err
	}
	defer srv.stop()
	stop := time.Now().Add(d)
	l := newGrowthLoad(srv, run, true)
	var none atomic.Int64
	wg := l.start(workers, func(int64) bool { return time.Now().Before(stop) })
	start := time.Now()
	watchTenths(srv, run, func() bool { return !time.Now().Before(stop) },
		func(i int) bool { return time.Since(start) >= d*time.Duration(i+1)/growthTenths }, &l.done, &none)
	wg.Wait()
	run.errors = l.errs.Load()
	run.left, err = registered(srv.base)
	return run, err
}

// growthLoad registers instances 0, 1, 2, ... from keep-alive
// connections and counts the answers.
type growthLoad struct {
	c         *client
	run       *growthRun
	ephemeral bool
	seq       atomic.Int64
	done      atomic.Int64 // answered
	errs      atomic.Int64
	once      sync.Once
}

// newGrowthLoad measures the empty server into run and answers a load on
// it.
func newGrowthLoad(srv *server, run *growthRun, ephemeral bool) *growthLoad {
	run.base = measure(srv)
	return &growthLoad{c: newClient(srv.base), run: run, ephemeral: ephemeral}
}

// start registers from workers goroutines while more(the next instance)
// holds; the answer waits for them all.
func (l *growthLoad) start(workers int, more func(i int64) bool) *sync.WaitGroup {
	var wg sync.WaitGroup
	path := "&ephemeral=" + strconv.FormatBool(l.ephemeral)
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := l.seq.Add(1) - 1; more(i); i = l.seq.Add(1) - 1 {
				if err := l.c.do(http.MethodPost, growthPath("/nacos/v1/ns/instance", i)+path); err != nil {
					l.errs.Add(1)
					l.once.Do(func() { l.run.firstErr = err })
				}
				l.done.Add(1)
			}
		}()
	}
	return &wg
}

// watchTenths fills run's tenths: at tenth i's end (ended(i)) it samples
// the counters and the server. finished ends the watch.
func watchTenths(srv *server, run *growthRun, finished func() bool, ended func(i int) bool, regs, beats *atomic.Int64) {
	prevT, prevCPU := time.Now(), cpuSeconds(srv.cmd.Process.Pid)
	var prevRegs, prevBeats int64
	prevChanges, _ := serverGauges(srv.base)
	for i := 0; i < growthTenths; i++ {
		for !ended(i) && (i != growthTenths-1 || !finished()) {
			time.Sleep(2 * time.Millisecond)
		}
		now, cpu := time.Now(), cpuSeconds(srv.cmd.Process.Pid)
		r, b := regs.Load(), beats.Load()
		t := growthTenth{regs: r - prevRegs, beats: b - prevBeats, secs: now.Sub(prevT).Seconds(), cpu: cpu - prevCPU}
		t.rss, _ = rss(srv.cmd.Process.Pid)
		changes, live := serverGauges(srv.base)
		t.changes, t.live = changes-prevChanges, live
		run.tenths[i] = t
		prevT, prevCPU, prevRegs, prevBeats, prevChanges = now, cpu, r, b, changes
	}
	// The live heap only at the end: a forced GC during the load would
	// be part of what it measures.
	run.tenths[growthTenths-1].heap = measure(srv).heap
	run.anon, run.file = rssParts(srv.cmd.Process.Pid)
	if *growthProfile != "" {
		if err := saveHeapProfile(*growthProfile + "." + strings.Trim(strings.Fields(run.name)[0], ",")); err != nil {
			fmt.Println("heap profile:", err)
		}
	}
}

var growthProfile = flag.String("growth-heap-profile", "", "save the server's heap profile at the end of each growth part to this path (plus the part's name)")

func saveHeapProfile(path string) error {
	resp, err := http.Get("http://" + *debugAddr + "/debug/pprof/heap")
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	defer f.Close()
	_, err = io.Copy(f, resp.Body)
	return err
}

// rssParts answers a process's anonymous and file-backed resident bytes.
func rssParts(pid int) (anon, file int64) {
	b, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/status")
	if err != nil {
		return 0, 0
	}
	for _, line := range strings.Split(string(b), "\n") {
		f := strings.Fields(line)
		if len(f) < 2 {
			continue
		}
		kb, _ := strconv.ParseInt(f[1], 10, 64)
		switch f[0] {
		case "RssAnon:":
			anon = kb << 10
		case "RssFile:":
			file = kb << 10
		}
	}
	return anon, file
}

// serverGauges reads the instance changes so far and the number of
// instances from the server's metrics (zeros when it cannot).
func serverGauges(base string) (changes, instances int64) {
	resp, err := http.Get(base + "/metrics")
	if err != nil {
		return 0, 0
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	for _, line := range strings.Split(string(body), "\n") {
		f := strings.Fields(line)
		if len(f) != 2 {
			continue
		}
		v, _ := strconv.ParseFloat(f[1], 64)
		switch f[0] {
		case "causeway_naming_instance_changes_total":
			changes = int64(v)
		case "causeway_naming_instances":
			instances = int64(v)
		}
	}
	return changes, instances
}

// beatLoop beats every registered instance once per beatInterval, spread
// evenly, until stop: instances [0, registered) are due in turn.
func beatLoop(c *client, registered, answered, errs *atomic.Int64, stop <-chan struct{}) {
	const tick = 50 * time.Millisecond
	due := make(chan int64, 4096)
	var wg sync.WaitGroup
	for w := 0; w < beatWorkers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range due {
				if err := c.do(http.MethodPut, growthPath("/nacos/v1/ns/instance/beat", i)); err != nil {
					errs.Add(1)
				}
				answered.Add(1)
			}
		}()
	}
	defer wg.Wait()
	defer close(due)
	t := time.NewTicker(tick)
	defer t.Stop()
	next, carry := int64(0), 0.0
	for {
		select {
		case <-stop:
			return
		case <-t.C:
		}
		n := registered.Load()
		carry += float64(n) * float64(tick) / float64(beatInterval)
		for ; carry >= 1; carry-- {
			if next >= n {
				next = 0
			}
			select {
			case due <- next:
			case <-stop:
				return
			}
			next++
		}
	}
}

// growthPath is instance i's registration (or beat) path: service i%100,
// host i/4, port 8080+i%4.
func growthPath(route string, i int64) string {
	return fmt.Sprintf("%s?serviceName=grow-%02d&ip=%s&port=%d", route, i%growthServices,
		ipOf(i/growthPorts+1), 8080+i%growthPorts)
}

// registered counts the instances of the run's services, healthy or not.
func registered(base string) (int, error) {
	n := 0
	for s := 0; s < growthServices; s++ {
		resp, err := http.Get(fmt.Sprintf("%s/nacos/v1/ns/instance/list?serviceName=grow-%02d&healthyOnly=false", base, s))
		if err != nil {
			return 0, err
		}
		body, err := io.ReadAll(resp.Body)
		resp.Body.Close()
		if err != nil {
			return 0, err
		}
		n += strings.Count(string(body), `"instanceId"`)
	}
	return n, nil
}

// measure reads the server's resident memory and, through its profiler,
// its live heap after a GC.
func measure(srv *server) growthTenth {
	var t growthTenth
	t.rss, _ = rss(srv.cmd.Process.Pid)
	resp, err := http.Get("http://" + *debugAddr + "/debug/pprof/heap?gc=1&debug=1")
	if err != nil {
		return t
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	for _, line := range strings.Split(string(body), "\n") {
		if v, ok := strings.CutPrefix(line, "# HeapAlloc = "); ok {
			t.heap, _ = strconv.ParseInt(strings.TrimSpace(v), 10, 64)
		}
	}
	return t
}

func (r *growthRun) report() {
	fmt.Printf("\n%s\n", r.name)
	fmt.Printf("%-6s %9s %9s %9s %9s %11s %13s %9s\n", "tenth", "instances", "regs/s", "beats/s", "changes/s", "CPU µs/req", "CPU µs/change", "RSS MiB")
	first := 0.0
	for i, t := range r.tenths {
		rate := float64(t.regs) / t.secs
		if i == 0 {
			first = rate
		}
		cpuPer := t.cpu * 1e6 / float64(max(t.regs+t.beats, 1))
		fmt.Printf("%-6d %9d %9.0f %9.0f %9.0f %11.1f %13.1f %9.1f\n", i+1, t.live, rate, float64(t.beats)/t.secs,
			float64(t.changes)/t.secs, cpuPer, t.cpu*1e6/float64(max(t.changes, 1)), float64(t.rss)/(1<<20))
	}
	last := r.tenths[growthTenths-1]
	fmt.Printf("last tenth's rate %.0f %% of the first's; at the end %d instances registered, RSS %.0f B and live heap %.0f B per instance over the empty server (RSS %.1f MiB, heap %.1f MiB)\n",
		float64(last.regs)/last.secs/first*100, r.left, float64(last.rss-r.base.rss)/float64(max(r.left, 1)),
		float64(last.heap-r.base.heap)/float64(max(r.left, 1)), float64(r.base.rss)/(1<<20), float64(r.base.heap)/(1<<20))
	fmt.Printf("resident at the end: %.1f MiB anonymous, %.1f MiB of mapped files\n", float64(r.anon)/(1<<20), float64(r.file)/(1<<20))
	if r.errors > 0 {
		fmt.Printf("%d errors, first: %v\n", r.errors, r.firstErr)
	}
}
