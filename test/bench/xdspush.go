package main

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"sort"
	"strconv"
	"sync"
	"sync/atomic"
	"time"
)

// The xds-push run (issue 16): one service of many persistent instances,
// many Envoy-like sidecars each on its own gRPC connection and ADS stream
// holding its clusters, listeners, routes and the service's endpoints, and
// single-instance changes of each kind a quiet spell apart: how long until
// every client holds the change, how many bytes each got, what else was
// resent, and the server's CPU per change.
const (
	pushService = "push-svc"
	pushCluster = "outbound|||" + pushService + ".DEFAULT_GROUP.public"
	pushPorts   = 4 // each host runs this many instances, on ports 8080 up
	pushQuiet   = 150 * time.Millisecond
)

// pushAddr is the address of the i-th instance of the service.
func pushAddr(i int) (string, int) {
	host := i / pushPorts
	return fmt.Sprintf("10.%d.%d.%d", 1+host>>16, (host>>8)&0xff, host&0xff), 8080 + i%pushPorts
}

// pushChange is one timed change: the request that makes it and what a
// client's assignment looks like once it holds it.
type pushChange struct {
	kind, method, path string
	want               pushWant
}

type pushKind struct {
	lat               []time.Duration
	cpu               time.Duration
	edsBytes, samples int64
	missed            int
}

func xdsPush(binary string, clients, instances, changes int, serverCPUs string) error {
	raiseFileLimit()
	srv, err := startServer(binary)
	if err != nil {
		return err
	}
	defer srv.stop()
	if err := pinServer(srv, serverCPUs); err != nil {
		return err
	}
	pid := srv.cmd.Process.Pid
	rss0, _ := rss(pid)
	c := newClient(srv.base)
	t0 := time.Now()
	if err := pushRegister(c, instances); err != nil {
		return err
	}
	time.Sleep(500 * time.Millisecond)
	rss1, _ := rss(pid)
	mem1 := goMemOf(srv.base)
	fmt.Printf("xds-push: %d persistent instances of %s registered in %v (%d hosts of %d ports); %s\n",
		instances, pushService, time.Since(t0).Round(time.Millisecond), (instances+pushPorts-1)/pushPorts, pushPorts, loadNow())
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	fleet, err := connectPushFleet(ctx, srv.xds, clients, instances)
	if err != nil {
		return err
	}
	time.Sleep(500 * time.Millisecond)
	rss2, _ := rss(pid)
	mem2 := goMemOf(srv.base)
	// The xDS side's growth is mostly per connection (gRPC's buffers, the
	// encoded pushes its pools keep); its share per instance is
	// BenchmarkLargeServiceMemory's, where the heap can be collected first.
	fmt.Printf("  server RSS %d MiB empty, %d MiB with the instances (%.1f KiB each), %d MiB with %d clients holding them (%.0f KiB each); Go heap %.1f -> %.1f MiB, not collected first\n",
		rss0>>20, rss1>>20, float64(rss1-rss0)/1024/float64(instances), rss2>>20, clients,
		float64(rss2-rss1)/1024/float64(clients), mem1.heapAlloc/(1<<20), mem2.heapAlloc/(1<<20))
	kinds, order := map[string]*pushKind{}, []string{"register", "weight", "deregister"}
	for _, k := range order {
		kinds[k] = &pushKind{}
	}
	before := fleet.typeCounts()
	self0, _ := cpuTime(os.Getpid())
	for i := range changes {
		for _, ch := range pushRound(i, instances) {
			if err := fleet.time(c, pid, ch, kinds[ch.kind]); err != nil {
				return err
			}
		}
	}
	after := fleet.typeCounts()
	self1, _ := cpuTime(os.Getpid())
	fmt.Printf("%-11s %7s %9s %9s %9s %12s %10s %7s\n", "change", "changes", "p50", "p99", "max", "EDS B/client", "server CPU", "missed")
	for _, k := range order {
		r := kinds[k]
		sort.Slice(r.lat, func(i, j int) bool { return r.lat[i] < r.lat[j] })
		fmt.Printf("%-11s %7d %9v %9v %9v %12d %8.1f ms %7d\n", k, changes, pct(r.lat, 0.5).Round(10*time.Microsecond),
			pct(r.lat, 0.99).Round(10*time.Microsecond), pct(r.lat, 1).Round(10*time.Microsecond),
			r.edsBytes/max(r.samples, 1), float64(r.cpu.Microseconds())/1000/float64(max(changes, 1)), r.missed)
	}
	fmt.Printf("  responses during the changes, all clients: CDS %d, LDS %d, RDS %d, EDS %d (%d changes x %d clients = %d); %s\n",
		after.cds-before.cds, after.lds-before.lds, after.rds-before.rds, after.eds-before.eds,
		3*changes, clients, 3*changes*clients, loadNow())
	// The clients receive every push on the harness's core: when it is
	// busy for most of a change, they, not the server, set the latency.
	fmt.Printf("  the harness's %d clients used %.1f ms of CPU per change\n", clients,
		float64((self1-self0).Microseconds())/1000/float64(3*max(changes, 1)))
	cancel()
	fleet.wg.Wait()
	return nil
}

// pinServer moves every thread of the server to cpus (taskset's list), so
// that the harness's clients on the other core do not take its CPU.
func pinServer(srv *server, cpus string) error {
	if cpus == "" {
		return nil
	}
	out, err := exec.Command("taskset", "-a", "-p", "-c", cpus, strconv.Itoa(srv.cmd.Process.Pid)).CombinedOutput()
	if err != nil {
		return fmt.Errorf("taskset: %w: %s", err, out)
	}
	return nil
}

// pushRegister registers the service's instances from 8 connections.
func pushRegister(c *client, instances int) error {
	var next atomic.Int64
	var wg sync.WaitGroup
	errs := make(chan error, 8)
	for range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				i := int(next.Add(1)) - 1
				if i >= instances {
					return
				}
				ip, port := pushAddr(i)
				if err := c.do("POST", instancePath(ip, port)+"&weight=1&metadata=%7B%22version%22%3A%221.0.0%22%7D"); err != nil {
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

func instancePath(ip string, port int) string {
	return fmt.Sprintf("/nacos/v1/ns/instance?serviceName=%s&ip=%s&port=%d&ephemeral=false", pushService, ip, port)
}

// pushRound is round i's three changes: a new instance on a new host, the
// weight of an existing one, and the new one gone again, so the service
// keeps its size.
func pushRound(i, instances int) []pushChange {
	newIP, newPort := fmt.Sprintf("10.200.%d.%d", i>>8, i&0xff), 8080
	ip, port := pushAddr(i * 37 % instances)
	weight := 2 + i%50
	return []pushChange{
		{"register", "POST", instancePath(newIP, newPort) + "&weight=1",
			pushWant{count: instances + 1, ip: newIP, port: uint64(newPort), weight: 100}},
		{"weight", "PUT", instancePath(ip, port) + "&weight=" + strconv.Itoa(weight),
			pushWant{count: instances + 1, ip: ip, port: uint64(port), weight: int64(weight * 100)}},
		{"deregister", "DELETE", instancePath(newIP, newPort),
			pushWant{count: instances, ip: newIP, port: uint64(newPort), weight: -1}},
	}
}

// time makes one change and waits until every client holds it (10 s at
// most), then a quiet spell; the server's CPU counts over both.
func (f *pushFleet) time(c *client, pid int, ch pushChange, r *pushKind) error {
	gen := f.expect(ch.want)
	cpu0, _ := cpuTime(pid)
	if err := c.do(ch.method, ch.path); err != nil {
		return fmt.Errorf("%s: %w", ch.kind, err)
	}
	answered := time.Now().UnixNano()
	deadline := time.Now().Add(10 * time.Second)
	for !f.allHold(gen) && time.Now().Before(deadline) {
		time.Sleep(200 * time.Microsecond)
	}
	time.Sleep(pushQuiet)
	cpu1, _ := cpuTime(pid)
	r.cpu += cpu1 - cpu0
	for _, cl := range f.clients {
		at := cl.heldAt.Load()
		if cl.heldGen.Load() != gen {
			r.missed++
			continue
		}
		r.lat = append(r.lat, time.Duration(max(at-answered, 0)))
		r.edsBytes += cl.heldBytes.Load()
		r.samples++
	}
	return nil
}
