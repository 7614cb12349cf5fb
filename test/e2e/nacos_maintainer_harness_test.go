package e2e

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"
)

// maintainerCheck is one line the Maintainer SDK scenarios print
// (test/nacos/maintainer-client, Checks.java).
type maintainerCheck struct {
	Check  string `json:"check"`
	OK     bool   `json:"ok"`
	Detail string `json:"detail"`
}

// runMaintainer runs one area (config, naming or core) of the Maintainer
// SDK scenarios as the admin of s and answers its checks; every failed
// check fails the test, with the SDK's log when there is one.
func runMaintainer(t *testing.T, s *server, area string) []maintainerCheck {
	t.Helper()
	jar := maintainerClientJar.build(t)
	dir := t.TempDir()
	logFile := filepath.Join(dir, "maintainer.log")
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, "java", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
		"-Duser.home="+dir, "-Dorg.slf4j.simpleLogger.logFile="+logFile,
		"-jar", jar, s.addr, "nacos", adminPassword, area)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	begin := time.Now()
	runErr := cmd.Run()
	t.Logf("maintainer %s ran in %v", area, time.Since(begin).Round(time.Millisecond))
	var checks []maintainerCheck
	sc := bufio.NewScanner(&stdout)
	sc.Buffer(make([]byte, 0, 64<<10), 4<<20)
	for sc.Scan() {
		var c maintainerCheck
		if err := json.Unmarshal(sc.Bytes(), &c); err != nil {
			t.Errorf("maintainer %s printed %q", area, sc.Text())
			continue
		}
		checks = append(checks, c)
		if !c.OK {
			t.Errorf("%s: %s", c.Check, c.Detail)
		}
	}
	if runErr != nil && !t.Failed() {
		t.Errorf("maintainer %s: %v\n%s", area, runErr, stderr.String())
	}
	if t.Failed() {
		if sdkLog, err := os.ReadFile(logFile); err == nil {
			t.Logf("SDK log:\n%s", sdkLog)
		}
		t.Logf("stderr:\n%s", stderr.String())
	}
	return checks
}
