package main

import (
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strings"
)

// clusterChanges runs the latency and failover parts on three nodes, A, B
// and C, of one etcd, with the in-force run's bed (a gateway routing /solo
// to the service solo, and a real Envoy) set up through B.
func clusterChanges(binary, envoy string, changes, failovers int, latency, failover bool) error {
	c, err := startCluster(binary, 3)
	if err != nil {
		return err
	}
	defer c.stop()
	a, b := c.nodes[0], c.nodes[1]
	bed, err := newInForceBed(b, envoy, nil)
	if err != nil {
		return err
	}
	defer bed.stop()
	// One directory for every run's SDK cache and log, kept: the SDK's
	// logger is global and may write after its clients close, recreating
	// a directory removed at the end.
	sdkDir := filepath.Join(os.TempDir(), "causeway-bench-sdk")
	if err := os.MkdirAll(sdkDir, 0o755); err != nil {
		return err
	}
	if latency {
		bed.writer = a
		if err := crossNode(bed, a, b, envoy, sdkDir, changes); err != nil {
			return fmt.Errorf("latency: %w", err)
		}
	}
	if failover {
		if err := failoverRuns(c, bed, envoy, sdkDir, failovers); err != nil {
			return fmt.Errorf("failover: %w", err)
		}
	}
	return nil
}

// crossNode times changes answered by A until they are seen on B: in B's
// v1 instance list (polled), pushed by a Nacos 2 SDK connected to B only,
// and in force in an Envoy whose only xDS server is B (the in-force run's
// method: the first request through the gateway that shows the change).
func crossNode(bed *inForceBed, a, b *server, envoy, sdkDir string, changes int) error {
	fmt.Printf("cross-node: a change answered by node A until seen on node B (%d changes each; Envoy %s; %s)\n", changes, envoyVersion(envoy), loadNow())
	var listed durations
	for i := range changes {
		ip := ipOf(int64(i + 1))
		d, _, err := bed.timeTo(registerStep("moved", ip, 8080), now(func() bool { return inList(b, "moved", ip) }))
		if err != nil {
			return fmt.Errorf("v1 list run %d: %w", i, err)
		}
		listed = append(listed, d)
	}
	fmt.Println(listed.report("v1-list-on-B"))
	sdk, err := newSDK(sdkDir, []*server{b})
	if err != nil {
		return err
	}
	defer sdk.CloseClient()
	log, err := subscribe(sdk, "pushed")
	if err != nil {
		return err
	}
	var pushed durations
	for i := range changes {
		ip := ipOf(int64(i + 1))
		d, _, err := bed.timeTo(registerStep("pushed", ip, 8080), log.at(fmt.Sprintf("%s:8080", ip)))
		if err != nil {
			return fmt.Errorf("SDK push run %d: %w", i, err)
		}
		pushed = append(pushed, d)
	}
	fmt.Println(pushed.report("sdk-push-on-B"))
	var added, removed durations
	for i := range changes {
		d, err := bed.instanceAdded(i)
		if err != nil {
			return fmt.Errorf("envoy add run %d: %w", i, err)
		}
		added = append(added, d)
		if d, err = bed.instanceRemoved(i); err != nil {
			return fmt.Errorf("envoy remove run %d: %w", i, err)
		}
		removed = append(removed, d)
	}
	fmt.Println(added.report("envoy-add-via-B"))
	fmt.Println(removed.report("envoy-del-via-B"))
	return nil
}

func registerStep(service, ip string, port int) step {
	return step{http.MethodPost, fmt.Sprintf("/nacos/v1/ns/instance?serviceName=%s&ip=%s&port=%d&ephemeral=false", service, ip, port), "", ""}
}

// inList answers whether s's v1 instance list of service holds ip.
func inList(s *server, service, ip string) bool {
	out, err := send(s.base, http.MethodGet, "/nacos/v1/ns/instance/list?serviceName="+service, "", nil)
	return err == nil && strings.Contains(string(out), `"ip":"`+ip+`"`)
}
