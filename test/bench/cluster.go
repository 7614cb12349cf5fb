package main

import (
	"fmt"
	"net/http"
	"os"
	"sort"
	"strings"
	"time"

	"github.com/causeway-dev/causeway/registry/store/etcd/etcdtest"
)

// clusterBench measures Causeway nodes sharing one real three-member etcd
// (the etcd server of CAUSEWAY_ETCD or .tools/etcd-<version>, built by
// `make etcd`): write throughput through one node and through three
// (parts "load"), how long a change made on one node takes to be seen on
// another (through its Nacos API, pushed by the Nacos 2 SDK, in force in a
// real Envoy: "latency"), and how long after a node is killed an Envoy and
// an SDK held on it follow a change made elsewhere ("failover").
func clusterBench(binary, envoy string, workers int, d time.Duration, maxReq, changes, failovers int, parts string) error {
	want := map[string]bool{}
	for _, p := range strings.Split(parts, ",") {
		want[strings.TrimSpace(p)] = true
	}
	fmt.Printf("cluster: nodes on a real 3-member etcd (%s)\n", loadNow())
	if want["load"] {
		fmt.Printf("cluster load: Nacos v1 writes, %d keep-alive connections spread over the nodes, %v per run, auth off, fresh 3-member etcd per node count\n", workers, d)
		for _, n := range []int{1, 3} {
			if err := clusterLoad(binary, n, workers, d, maxReq); err != nil {
				return fmt.Errorf("load on %d nodes: %w", n, err)
			}
		}
	}
	if !want["latency"] && !want["failover"] {
		return nil
	}
	return clusterChanges(binary, envoy, changes, failovers, want["latency"], want["failover"])
}

// clusterNodes is a cluster's etcd and the Causeway nodes on it.
type clusterNodes struct {
	binary string
	etcd   *etcdtest.Cluster
	nodes  []*server
}

func startCluster(binary string, n int) (*clusterNodes, error) {
	etcd, err := etcdtest.StartShared(3)
	if err != nil {
		return nil, fmt.Errorf("etcd (make etcd, or set CAUSEWAY_ETCD): %w", err)
	}
	c := &clusterNodes{binary: binary, etcd: etcd}
	for range n {
		if _, err := c.add(); err != nil {
			c.stop()
			return nil, err
		}
	}
	return c, nil
}

// add starts one more node on the cluster's etcd.
func (c *clusterNodes) add() (*server, error) {
	extra := []string{"--store", "etcd", "--etcd-endpoints", strings.Join(c.etcd.Endpoints(), ",")}
	s, err := startServerArgs(c.binary, "warn", nil, "", extra)
	if err != nil {
		return nil, fmt.Errorf("node %d: %w", len(c.nodes), err)
	}
	c.nodes = append(c.nodes, s)
	return s, nil
}

// stop stops the nodes still running, then etcd.
func (c *clusterNodes) stop() {
	for _, s := range c.nodes {
		if s.cmd.ProcessState == nil {
			s.stop()
		}
	}
	c.etcd.Stop()
}

// kill stops a node at once (SIGKILL), as a crash would.
func kill(s *server) {
	_ = s.cmd.Process.Kill()
	_ = s.cmd.Wait()
	_ = os.RemoveAll(s.dir)
}

// clusterLoad runs each write against n nodes, request i going to node
// i mod n. Ephemeral registrations go to services of their own (a service
// holds persistent or ephemeral instances, not both) and run last: the
// instances they leave stop beating, and their expiry (15 s on) must not
// load the other runs.
func clusterLoad(binary string, n, workers int, d time.Duration, maxReq int) error {
	c, err := startCluster(binary, n)
	if err != nil {
		return err
	}
	defer c.stop()
	var clients []*client
	for _, s := range c.nodes {
		clients = append(clients, newClient(s.base))
	}
	runs := []struct {
		name string
		path func(seq int64) string
	}{
		{"register-persistent", func(seq int64) string {
			return fmt.Sprintf("/nacos/v1/ns/instance?serviceName=bench-%d&ip=%s&port=8080&ephemeral=false", seq%100, ipOf(seq))
		}},
		{"config-publish", func(seq int64) string {
			return fmt.Sprintf("/nacos/v1/cs/configs?dataId=bench-%d.yaml&group=DEFAULT_GROUP&content=v%d", seq%1000, seq)
		}},
		{"register-ephemeral", func(seq int64) string {
			return fmt.Sprintf("/nacos/v1/ns/instance?serviceName=beats-%d&ip=%s&port=8081&ephemeral=true", seq%100, ipOf(seq))
		}},
	}
	for _, r := range runs {
		cpu0 := nodesCPU(c.nodes)
		res := load(workers, d, maxReq, func(seq int64) error {
			return clients[seq%int64(n)].do(http.MethodPost, r.path(seq))
		})
		sort.Slice(res.lat, func(i, j int) bool { return res.lat[i] < res.lat[j] })
		fmt.Printf("%-20s %d node(s)  %8d req  %7.0f req/s  p50 %-9v p99 %-9v errors %d\n", r.name, n, res.n,
			float64(res.n)/res.elapsed.Seconds(), pct(res.lat, 0.5).Round(10*time.Microsecond), pct(res.lat, 0.99).Round(10*time.Microsecond), res.errors)
		if res.n > 0 {
			fmt.Printf("  nodes' CPU %.0f µs/request\n", float64((nodesCPU(c.nodes)-cpu0).Microseconds())/float64(res.n))
		}
		if res.errors > 0 {
			fmt.Printf("  first error: %v\n", res.firstErr)
		}
	}
	return nil
}

// nodesCPU is the CPU time the nodes used so far (etcd's is not counted).
func nodesCPU(nodes []*server) time.Duration {
	var sum time.Duration
	for _, s := range nodes {
		d, _ := cpuTime(s.cmd.Process.Pid)
		sum += d
	}
	return sum
}
