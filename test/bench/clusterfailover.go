package main

import (
	"errors"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"time"
)

// failoverRuns kills, each round, a new node A that an Envoy (every node
// its xDS server, A preferred) and a Nacos 2 SDK (every node its server)
// are connected to, registers solo's instance on B at once, and times
// from the kill until the Envoy routes /solo to it and until the SDK is
// pushed it. B and C live through every round.
func failoverRuns(c *clusterNodes, bed *inForceBed, envoy, sdkDir string, rounds int) error {
	fmt.Printf("failover: kill -9 of node A, which an Envoy (xDS servers A, B, C; A preferred; TCP checks each 1 s) and a Nacos 2 SDK\n"+
		"(servers A, B, C) are connected to; time from the kill to a registration made on B at once in force in the Envoy / pushed to the SDK (%s)\n", loadNow())
	rest := c.nodes[1:3]
	bed.writer = rest[0]
	var envoys, sdks durations
	for r := range rounds {
		e, s, err := failoverRound(c, bed, envoy, sdkDir, rest)
		if err != nil {
			return fmt.Errorf("round %d: %w", r+1, err)
		}
		fmt.Printf("round %d: envoy %-9v sdk %v\n", r+1, e.Round(time.Millisecond), s.Round(time.Millisecond))
		envoys, sdks = append(envoys, e), append(sdks, s)
	}
	fmt.Println(envoys.report("envoy-failover"))
	fmt.Println(sdks.report("sdk-failover"))
	return nil
}

func failoverRound(c *clusterNodes, bed *inForceBed, envoy, sdkDir string, rest []*server) (time.Duration, time.Duration, error) {
	a, err := c.add()
	if err != nil {
		return 0, 0, err
	}
	b := rest[0]
	_, _ = send(b.base, http.MethodDelete, bed.registerSolo("DELETE").path, "", nil) // absent after the last round
	if err := bed.envoyOnFirst(envoy, a, []string{a.xds, rest[0].xds, rest[1].xds}); err != nil {
		return 0, 0, err
	}
	sdk, err := sdkOn(sdkDir, []*server{a, rest[0], rest[1]}, a)
	if err != nil {
		return 0, 0, err
	}
	defer sdk.CloseClient()
	log, err := subscribe(sdk, "solo")
	if err != nil {
		return 0, 0, err
	}
	time.Sleep(500 * time.Millisecond) // the subscription's first answer
	killed := time.Now()
	kill(a)
	if err := apply(b, []step{bed.registerSolo("POST")}); err != nil {
		return 0, 0, err
	}
	pushedAt := log.at(fmt.Sprintf("127.0.0.1:%d", bed.ports["extra"]))
	var envoyAt, sdkAt time.Time
	for time.Since(killed) < 30*time.Second && (envoyAt.IsZero() || sdkAt.IsZero()) {
		if envoyAt.IsZero() && bed.soloIs(http.StatusOK)() {
			envoyAt = time.Now()
		}
		if ok, at := pushedAt(); ok && sdkAt.IsZero() {
			sdkAt = at
		}
		time.Sleep(10 * time.Millisecond)
	}
	if envoyAt.IsZero() || sdkAt.IsZero() {
		return 0, 0, fmt.Errorf("not followed within 30 s of the kill (envoy at %v, sdk at %v)", envoyAt, sdkAt)
	}
	return envoyAt.Sub(killed), sdkAt.Sub(killed), nil
}

// envoyOnFirst replaces the bed's Envoy with one fed by these xDS servers
// whose ADS stream is on the first (Envoy may connect before its health
// checks prefer it: it is started again then), once it serves the gateway.
func (b *inForceBed) envoyOnFirst(envoy string, s *server, xds []string) error {
	for range 3 {
		b.stopEnvoy()
		cmd, dir, err := runEnvoyOn(envoy, s, xds)
		b.envoy, b.dir = cmd, dir
		if err != nil {
			return err
		}
		if err := waitFor(20*time.Second, func() bool {
			a, err := os.ReadFile(filepath.Join(dir, "admin"))
			b.admin = strings.TrimSpace(string(a))
			return err == nil && b.admin != ""
		}); err != nil {
			return err
		}
		if err := waitFor(20*time.Second, b.soloIs(http.StatusServiceUnavailable)); err != nil {
			return fmt.Errorf("the failover Envoy never served the gateway: %w", err)
		}
		if b.adsOn(xds[0]) {
			return nil
		}
	}
	return errors.New("the failover Envoy's ADS stream was not on the preferred node in 3 starts")
}

// adsOn answers whether Envoy has a connection open to the xDS server addr.
func (b *inForceBed) adsOn(addr string) bool {
	out, err := b.adminGet("/clusters")
	return err == nil && strings.Contains(out, "xds::"+addr+"::cx_active::1\n")
}

func (b *inForceBed) stopEnvoy() {
	if b.envoy != nil && b.envoy.Process != nil {
		_ = b.envoy.Process.Kill()
		_ = b.envoy.Wait()
	}
	if b.dir != "" {
		_ = os.RemoveAll(b.dir)
	}
	b.envoy, b.dir = nil, ""
}
