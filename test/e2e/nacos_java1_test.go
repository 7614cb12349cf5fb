package e2e

import (
	"bufio"
	"bytes"
	"encoding/json"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// The real Nacos 1.4 Java SDK (com.alibaba.nacos:nacos-client 1.4.6), which
// speaks the v1 HTTP API only, played through test/nacos/java1-client's
// Scenario: the calls Spring Cloud Alibaba and Dubbo make on a 1.x client.

func buildJava1Client(t *testing.T) string { return java1ClientJar.build(t) }

// java1Step is one line the scenario prints.
type java1Step struct {
	Step  string   `json:"step"`
	Count int      `json:"count"`
	Data  []string `json:"data"`
	Hosts []string `json:"hosts"`
}

// TestNacosJava1Client: getServicesOfServer(1, Integer.MAX_VALUE) lists
// every service (it got 400 while pages were capped at 500), and an
// instance registered in cluster c1 leaves when deregistered through the
// overload that names no cluster (it stayed while deregistration matched the
// cluster), against the real binary with authentication on.
func TestNacosJava1Client(t *testing.T) {
	jar := buildJava1Client(t)
	s := start(t, "", "--admin-password", adminPassword)
	tok := login(t, s, adminPassword)
	// A service that exists before the client starts, and one in another group.
	for _, form := range []string{"serviceName=java1.pre", "serviceName=elsewhere&groupName=other"} {
		if code, body := call(t, "POST", s.url("/nacos/v1/ns/service?"+form+"&accessToken="+tok), nil); code != 200 {
			t.Fatalf("create service %s: %d %s", form, code, body)
		}
	}

	cmd := exec.Command("java", "-Dorg.slf4j.simpleLogger.logFile="+filepath.Join(t.TempDir(), "sdk.log"),
		"-DJM.LOG.PATH="+t.TempDir(), "-DJM.SNAPSHOT.PATH="+t.TempDir(),
		"-jar", jar, s.addr, "nacos", adminPassword)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	done := make(chan struct{})
	var out []byte
	var runErr error
	go func() {
		out, runErr = cmd.Output()
		close(done)
	}()
	select {
	case <-done:
	case <-time.After(90 * time.Second):
		_ = cmd.Process.Kill()
		<-done
		t.Fatalf("the scenario did not finish in 90s:\n%s\n%s", out, stderr.String())
	}
	if runErr != nil {
		t.Fatalf("scenario: %v\n%s\n%s", runErr, out, stderr.String())
	}

	steps := map[string]java1Step{}
	sc := bufio.NewScanner(bytes.NewReader(out))
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if !strings.HasPrefix(line, `{"step"`) {
			continue
		}
		var st java1Step
		if err := json.Unmarshal([]byte(line), &st); err != nil {
			t.Fatalf("line %q: %v", line, err)
		}
		steps[st.Step] = st
	}
	if _, ok := steps["done"]; !ok {
		t.Fatalf("the scenario did not finish:\n%s\n%s", out, stderr.String())
	}
	list := steps["list"]
	want := []string{"java1.a", "java1.b", "java1.c", "java1.pre"}
	if list.Count != len(want) || strings.Join(list.Data, ",") != strings.Join(want, ",") {
		t.Errorf("getServicesOfServer(1, MAX) = %d %v, want %v", list.Count, list.Data, want)
	}
	if got := strings.Join(steps["before"].Hosts, ","); got != "10.9.0.1:8080@c1" {
		t.Errorf("java1.a before deregistering: %s", got)
	}
	if got := steps["after"].Hosts; len(got) != 0 {
		t.Errorf("java1.a after deregistering without a cluster: %v, want none", got)
	}
}
