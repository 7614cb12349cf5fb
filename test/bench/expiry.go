package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"sort"
	"sync"
	"sync/atomic"
	"time"
)

// The expiry run: registration throughput into 100 services while a fleet of
// ephemeral instances, registered first and never beating, goes unhealthy
// and is removed all at once, against the same run where the fleet does not
// expire. The fleet's deadlines come from the Nacos way of shortening them,
// preserved.heart.beat.timeout and preserved.ip.delete.timeout metadata,
// each instance's set so that every instance reaches them at the same moment
// however long registering the fleet took.
const (
	expiryTenths      = 10
	expiryUnhealthyAt = 0.3 // of the run: the fleet goes unhealthy, in tenth 4
	expiryRemovedAt   = 0.6 // the fleet is removed, in tenth 7
	expirySetup       = 8 * time.Second
	expiryFleetPort   = 7000
	expiryLoadPort    = 8080
	expiryServices    = 100
)

// expiryRun is what one run measured.
type expiryRun struct {
	perTenth [expiryTenths]int64
	cpu      [expiryTenths]float64 // server CPU seconds spent in each tenth
	errors   int64
	firstErr error
	logLines int      // server log lines written during the load
	logFirst []string // the first few of them
	fleet    int      // fleet instances still registered after the run
	tenth    float64  // seconds per tenth
}

func expiryBench(binary string, workers int, d time.Duration, fleet, rounds int) error {
	fmt.Printf("expiry: %d ephemeral instances over %d services, no beats; unhealthy at %.0f %% and removed at %.0f %% of a %v run\n",
		fleet, expiryServices, expiryUnhealthyAt*100, expiryRemovedAt*100, d)
	fmt.Printf("load: new registrations into the same %d services from %d keep-alive connections; server at --log-level info\n",
		expiryServices, workers)
	var normals, expirings []*expiryRun
	for round := 0; round < rounds; round++ {
		normal, err := runExpiry(binary, workers, d, fleet, false)
		if err != nil {
			return fmt.Errorf("without expiry: %w", err)
		}
		expiring, err := runExpiry(binary, workers, d, fleet, true)
		if err != nil {
			return fmt.Errorf("with expiry: %w", err)
		}
		normals, expirings = append(normals, normal), append(expirings, expiring)
	}
	if rounds > 1 {
		fmt.Printf("medians of %d rounds, each a run without and one with the expiry\n", rounds)
	}
	normal, expiring := medianRun(normals), medianRun(expirings)
	fmt.Printf("%-6s %33s   %s\n", "", "registrations/s", "server CPU ms per 1,000 registrations")
	fmt.Printf("%-6s %10s %10s %7s   %10s %10s %7s\n", "tenth", "normal", "expiry", "ratio", "normal", "expiry", "ratio")
	worst, worstAt := 1e9, 0
	worstCPU, worstCPUAt := 1e9, 0
	for i := 0; i < expiryTenths; i++ {
		a, b := normal.rate(i), expiring.rate(i)
		ca, cb := normal.cpuPer1000(i), expiring.cpuPer1000(i)
		mark := ""
		switch i {
		case int(expiryUnhealthyAt * expiryTenths):
			mark = "  <- unhealthy"
		case int(expiryRemovedAt * expiryTenths):
			mark = "  <- removed"
		}
		fmt.Printf("%-6d %10.0f %10.0f %6.0f%%   %10.1f %10.1f %6.0f%%%s\n", i+1, a, b, b/a*100, ca, cb, ca/cb*100, mark)
		if b/a < worst {
			worst, worstAt = b/a, i+1
		}
		if ca/cb < worstCPU {
			worstCPU, worstCPUAt = ca/cb, i+1
		}
	}
	fmt.Printf("worst tenth by rate %d: %.0f %% of normal; by CPU per registration %d: %.0f %% of normal (target >= 80 %%)\n",
		worstAt, worst*100, worstCPUAt, worstCPU*100)
	fmt.Printf("whole run: %.0f/s normal, %.0f/s with expiry; server CPU %.1f s normal, %.1f s with expiry\n",
		normal.total()/(normal.tenth*expiryTenths), expiring.total()/(expiring.tenth*expiryTenths), normal.cpuTotal(), expiring.cpuTotal())
	fmt.Printf("server log lines during the run: without expiry %d, with expiry %d\n", normal.logLines, expiring.logLines)
	for _, l := range expiring.logFirst {
		fmt.Printf("  %s\n", l)
	}
	fmt.Printf("fleet instances left after the run: without expiry %d of %d, with expiry %d\n", normal.fleet, fleet, expiring.fleet)
	for _, r := range []*expiryRun{normal, expiring} {
		if r.errors > 0 {
			fmt.Printf("  %d errors, first: %v\n", r.errors, r.firstErr)
		}
	}
	if expiring.fleet != 0 || normal.fleet != fleet {
		return fmt.Errorf("fleet not expired as planned: %d left with expiry, %d of %d without", expiring.fleet, normal.fleet, fleet)
	}
	return nil
}

// medianRun answers a run whose every figure is the median of runs' (the
// last run's for what is not a figure), so that a burst of load from
// outside in one run does not decide the comparison.
func medianRun(runs []*expiryRun) *expiryRun {
	out := *runs[len(runs)-1]
	median := func(get func(r *expiryRun) float64) float64 {
		v := make([]float64, len(runs))
		for i, r := range runs {
			v[i] = get(r)
		}
		sort.Float64s(v)
		if len(v)%2 == 1 {
			return v[len(v)/2]
		}
		return (v[len(v)/2-1] + v[len(v)/2]) / 2
	}
	for i := range out.perTenth {
		out.perTenth[i] = int64(median(func(r *expiryRun) float64 { return float64(r.perTenth[i]) }))
		out.cpu[i] = median(func(r *expiryRun) float64 { return r.cpu[i] })
	}
	out.logLines = int(median(func(r *expiryRun) float64 { return float64(r.logLines) }))
	for _, r := range runs {
		out.fleet = max(out.fleet, r.fleet) // the worst, not the median
		out.errors += r.errors
	}
	return &out
}

func (r *expiryRun) rate(i int) float64 { return float64(r.perTenth[i]) / r.tenth }

// cpuPer1000 answers the server's CPU milliseconds per 1,000 registrations
// in tenth i: unlike the rate, it hardly moves when other processes take
// the machine's cores for a while.
func (r *expiryRun) cpuPer1000(i int) float64 {
	return r.cpu[i] * 1000 / float64(max(r.perTenth[i], 1)) * 1000
}

func (r *expiryRun) total() float64 {
	n := int64(0)
	for _, c := range r.perTenth {
		n += c
	}
	return float64(n)
}

func (r *expiryRun) cpuTotal() float64 {
	t := 0.0
	for _, c := range r.cpu {
		t += c
	}
	return t
}

func runExpiry(binary string, workers int, d time.Duration, fleet int, expire bool) (*expiryRun, error) {
	logPath := filepath.Join(os.TempDir(), fmt.Sprintf("causeway-expiry-%d.log", os.Getpid()))
	logFile, err := os.Create(logPath)
	if err != nil {
		return nil, err
	}
	defer os.Remove(logPath)
	defer logFile.Close()
	srv, err := startServerLogging(binary, "info", logFile)
	if err != nil {
		return nil, err
	}
	defer srv.stop()
	c := newClient(srv.base)
	start := time.Now().Add(expirySetup)
	unhealthyAt := start.Add(time.Duration(expiryUnhealthyAt * float64(d)))
	removedAt := start.Add(time.Duration(expiryRemovedAt * float64(d)))
	if !expire { // far beyond the run: the sweep sees the fleet but never acts
		unhealthyAt, removedAt = start.Add(100*d), start.Add(100*d)
	}
	if err := registerFleet(c, workers, fleet, unhealthyAt, removedAt); err != nil {
		return nil, fmt.Errorf("register the fleet: %w", err)
	}
	if time.Now().After(start) {
		return nil, fmt.Errorf("registering the fleet took longer than %v", expirySetup)
	}
	time.Sleep(time.Until(start))
	before, _, err := linesAfter(logPath, 0, 0)
	if err != nil {
		return nil, err
	}
	res := loadTenths(c, workers, d, srv.cmd.Process.Pid)
	if res.logLines, res.logFirst, err = linesAfter(logPath, before, 4); err != nil {
		return nil, err
	}
	if res.fleet, err = fleetLeft(srv.base); err != nil {
		return nil, err
	}
	return res, nil
}

// registerFleet registers the fleet, each instance with the timeouts that
// make it unhealthy at unhealthyAt and removed at removedAt: Nacos counts
// them from the last beat, here the registration.
func registerFleet(c *client, workers, fleet int, unhealthyAt, removedAt time.Time) error {
	var next atomic.Int64
	var wg sync.WaitGroup
	errs := make(chan error, workers)
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				i := next.Add(1)
				if i > int64(fleet) {
					return
				}
				now := time.Now()
				md := url.QueryEscape(fmt.Sprintf("preserved.heart.beat.timeout=%d,preserved.ip.delete.timeout=%d",
					unhealthyAt.Sub(now).Milliseconds(), removedAt.Sub(now).Milliseconds()))
				if err := c.do(http.MethodPost, fmt.Sprintf(
					"/nacos/v1/ns/instance?serviceName=bench-%d&ip=%s&port=%d&ephemeral=true&metadata=%s",
					i%expiryServices, ipOf(i), expiryFleetPort, md)); err != nil {
					errs <- err
					return
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	return <-errs
}

// loadTenths registers new instances for d and counts the answers by the
// tenth of the run they arrived in. The load's own instances carry long
// timeouts, so that they never expire during the run.
func loadTenths(c *client, workers int, d time.Duration, pid int) *expiryRun {
	res := &expiryRun{tenth: (d / expiryTenths).Seconds()}
	sampled := make(chan struct{})
	go func() { // the server's CPU time at each tenth's end
		defer close(sampled)
		prev := cpuSeconds(pid)
		t := time.NewTicker(d / expiryTenths)
		defer t.Stop()
		for i := range res.cpu {
			<-t.C
			cur := cpuSeconds(pid)
			res.cpu[i], prev = cur-prev, cur
		}
	}()
	defer func() { <-sampled }()
	var counts [expiryTenths]atomic.Int64
	var seq, errs atomic.Int64
	var once sync.Once
	md := url.QueryEscape("preserved.heart.beat.timeout=3600000,preserved.ip.delete.timeout=3600000")
	start := time.Now()
	stop := start.Add(d)
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for time.Now().Before(stop) {
				n := seq.Add(1)
				err := c.do(http.MethodPost, fmt.Sprintf(
					"/nacos/v1/ns/instance?serviceName=bench-%d&ip=%s&port=%d&ephemeral=true&metadata=%s",
					n%expiryServices, ipOf(n), expiryLoadPort, md))
				if err != nil {
					errs.Add(1)
					once.Do(func() { res.firstErr = err })
					continue
				}
				if i := int(time.Since(start) * expiryTenths / d); i < expiryTenths {
					counts[i].Add(1)
				}
			}
		}()
	}
	wg.Wait()
	for i := range counts {
		res.perTenth[i] = counts[i].Load()
	}
	res.errors = errs.Load()
	return res
}

// fleetLeft counts the fleet's instances still registered, healthy or not.
func fleetLeft(base string) (int, error) {
	left := 0
	for s := 0; s < expiryServices; s++ {
		resp, err := http.Get(fmt.Sprintf("%s/nacos/v1/ns/instance/list?serviceName=bench-%d&healthyOnly=false", base, s))
		if err != nil {
			return 0, err
		}
		var list struct {
			Hosts []struct {
				Port int `json:"port"`
			} `json:"hosts"`
		}
		err = json.NewDecoder(resp.Body).Decode(&list)
		resp.Body.Close()
		if err != nil {
			return 0, fmt.Errorf("list bench-%d: %w", s, err)
		}
		for _, h := range list.Hosts {
			if h.Port == expiryFleetPort {
				left++
			}
		}
	}
	return left, nil
}

// cpuSeconds answers a process's CPU time so far in seconds (0 where /proc
// cannot tell).
func cpuSeconds(pid int) float64 {
	t, err := cpuTime(pid)
	if err != nil {
		return 0
	}
	return t.Seconds()
}

// linesAfter counts the lines of a file after its first skip ones and
// answers the first keep of them.
func linesAfter(path string, skip, keep int) (int, []string, error) {
	f, err := os.Open(path)
	if err != nil {
		return 0, nil, err
	}
	defer f.Close()
	n := 0
	var first []string
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	for sc.Scan() {
		n++
		if n > skip && len(first) < keep {
			first = append(first, sc.Text())
		}
	}
	return n - skip, first, sc.Err()
}
