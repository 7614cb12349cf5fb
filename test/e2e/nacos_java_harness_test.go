package e2e

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// The real Nacos Java SDK (com.alibaba.nacos:nacos-client 2.5.1) run by
// test/nacos/java-client: a command loop that reads one JSON command a line
// and answers one JSON line, and prints the SDK's callbacks (subscription
// pushes, config changes) as event lines. One JVM holds any number of SDK
// clients, so a test starts a JVM once and a client per role in it.

func buildJavaClient(t *testing.T) string { return javaClientJar.build(t) }

// javaSDK is one JVM running the driver.
type javaSDK struct {
	t       *testing.T
	name    string
	cmd     *exec.Cmd
	stdin   io.WriteCloser
	logFile string // the SDK's own log (slf4j-simple)
	out     *syncBuffer
	begin   time.Time
	ready   chan struct{}
	exited  chan struct{}

	mu      sync.Mutex
	nextID  int
	answers map[int]chan javaAnswer
	events  []javaEvent
	changed chan struct{} // closed and replaced on every event
	killed  bool
}

// javaAnswer is the driver's answer to one command. Code is the
// NacosException's error code when OK is false (-1: another exception).
type javaAnswer struct {
	ID     int             `json:"id"`
	Op     string          `json:"op"`
	OK     bool            `json:"ok"`
	Code   int             `json:"code"`
	Error  string          `json:"error"`
	Result json.RawMessage `json:"result"`
	MS     int64           `json:"ms"`
}

func (a javaAnswer) String() string {
	if a.OK {
		return fmt.Sprintf("%s ok in %d ms: %s", a.Op, a.MS, a.Result)
	}
	return fmt.Sprintf("%s failed in %d ms: code %d: %s", a.Op, a.MS, a.Code, a.Error)
}

// javaEvent is an SDK callback: a subscription's instances ("push") or a
// listened config's content ("config"; Content nil when it was removed).
type javaEvent struct {
	Event   string     `json:"event"`
	Client  string     `json:"client"`
	Service string     `json:"service"`
	Group   string     `json:"group"`
	Hosts   []javaHost `json:"hosts"`
	DataID  string     `json:"dataId"`
	Content *string    `json:"content"`
	At      time.Time  `json:"-"`
}

// javaHost is an Instance as the SDK hands it to the application.
type javaHost struct {
	InstanceID  string            `json:"instanceId"`
	IP          string            `json:"ip"`
	Port        int               `json:"port"`
	Weight      float64           `json:"weight"`
	Healthy     bool              `json:"healthy"`
	Enabled     bool              `json:"enabled"`
	Ephemeral   bool              `json:"ephemeral"`
	Cluster     string            `json:"cluster"`
	ServiceName string            `json:"serviceName"`
	Metadata    map[string]string `json:"metadata"`
}

func (h javaHost) addr() string { return net.JoinHostPort(h.IP, strconv.Itoa(h.Port)) }

// byAddr indexes hosts by ip:port.
// javaByAddr keys hosts by ip:port.
func javaByAddr(hosts []javaHost) map[string]javaHost { return keyed(hosts, javaHost.addr) }

// launchJava starts a JVM of the driver pointed at s (its HTTP port, and
// the gRPC port as the offset the SDK adds to it), without waiting for it:
// waitReady does. Its SDK logs go to a file in a temp dir, logged with its
// output when the test fails.
func launchJava(t *testing.T, s *server, name string, jvmArgs ...string) *javaSDK {
	t.Helper()
	jar := buildJavaClient(t)
	_, httpPort, _ := net.SplitHostPort(s.addr)
	_, grpcPort, _ := net.SplitHostPort(s.nacosGRPCAddr)
	hp, _ := strconv.Atoi(httpPort)
	gp, _ := strconv.Atoi(grpcPort)
	dir := t.TempDir()
	j := &javaSDK{t: t, name: name, logFile: filepath.Join(dir, "nacos-client.log"), out: &syncBuffer{},
		ready: make(chan struct{}), exited: make(chan struct{}), answers: map[int]chan javaAnswer{},
		changed: make(chan struct{})}
	args := []string{"-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
		"-Duser.home=" + dir, // the SDK's caches and snapshots
		"-Dproject.name=" + name,
		"-Dorg.slf4j.simpleLogger.logFile=" + j.logFile,
		"-Dorg.slf4j.simpleLogger.showDateTime=true",
		"-Dorg.slf4j.simpleLogger.dateTimeFormat=HH:mm:ss.SSS",
		"-Dnacos.server.grpc.port.offset=" + strconv.Itoa(gp-hp)}
	args = append(append(args, jvmArgs...), "-jar", jar, s.addr)
	j.cmd = exec.Command("java", args...)
	stdin, err := j.cmd.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	j.stdin = stdin
	stdout, err := j.cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	j.cmd.Stderr = j.out
	j.begin = time.Now()
	if err := j.cmd.Start(); err != nil {
		t.Fatalf("start the Java client %s: %v", name, err)
	}
	go j.read(stdout)
	t.Cleanup(j.stop)
	t.Cleanup(func() {
		if t.Failed() || os.Getenv("CAUSEWAY_JAVA_LOGS") != "" {
			j.dumpLogs()
		}
	})
	return j
}

// waitReady waits for the JVM's READY line and answers how long it took
// from the start of the JVM.
func (j *javaSDK) waitReady() time.Duration {
	j.t.Helper()
	select {
	case <-j.ready:
		return time.Since(j.begin)
	case <-j.exited:
		j.t.Fatalf("the Java client %s exited before READY", j.name)
	case <-time.After(60 * time.Second):
		j.t.Fatalf("the Java client %s did not print READY within 60s", j.name)
	}
	return 0
}

func (j *javaSDK) read(stdout io.Reader) {
	defer close(j.exited)
	sc := bufio.NewScanner(stdout)
	sc.Buffer(make([]byte, 64<<10), 16<<20)
	for sc.Scan() {
		line := sc.Text()
		fmt.Fprintln(j.out, line)
		if strings.TrimSpace(line) == "READY" {
			close(j.ready)
			continue
		}
		var probe struct {
			ID    *int   `json:"id"`
			Event string `json:"event"`
		}
		if json.Unmarshal([]byte(line), &probe) != nil {
			continue
		}
		switch {
		case probe.ID != nil:
			var a javaAnswer
			if json.Unmarshal([]byte(line), &a) == nil {
				j.mu.Lock()
				ch := j.answers[a.ID]
				delete(j.answers, a.ID)
				j.mu.Unlock()
				if ch != nil {
					ch <- a
				}
			}
		case probe.Event != "":
			var ev javaEvent
			if json.Unmarshal([]byte(line), &ev) == nil {
				ev.At = time.Now()
				j.mu.Lock()
				j.events = append(j.events, ev)
				close(j.changed)
				j.changed = make(chan struct{})
				j.mu.Unlock()
			}
		}
	}
}

// call runs a command and answers the driver's answer, failing the test
// only when none comes (within 30 s: the SDK's own timeouts are 3 s a
// request, a few retries).
func (j *javaSDK) call(t *testing.T, op string, args map[string]any) javaAnswer {
	t.Helper()
	j.mu.Lock()
	j.nextID++
	id := j.nextID
	ch := make(chan javaAnswer, 1)
	j.answers[id] = ch
	j.mu.Unlock()
	cmd := map[string]any{"id": id, "op": op}
	for k, v := range args {
		cmd[k] = v
	}
	b, err := json.Marshal(cmd)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := j.stdin.Write(append(b, '\n')); err != nil {
		t.Fatalf("Java client %s: send %s: %v", j.name, op, err)
	}
	select {
	case a := <-ch:
		return a
	case <-j.exited:
		t.Fatalf("Java client %s exited during %s", j.name, b)
	case <-time.After(30 * time.Second):
		t.Fatalf("Java client %s: no answer to %s within 30s", j.name, b)
	}
	return javaAnswer{}
}

// must runs a command that must succeed and answers its result.
func (j *javaSDK) must(t *testing.T, op string, args map[string]any) json.RawMessage {
	t.Helper()
	a := j.call(t, op, args)
	if !a.OK {
		t.Fatalf("Java client %s: %s %v: %v", j.name, op, args, a)
	}
	return a.Result
}

// hosts runs a command answering instances.
func (j *javaSDK) hosts(t *testing.T, op string, args map[string]any) []javaHost {
	t.Helper()
	var hs []javaHost
	if err := json.Unmarshal(j.must(t, op, args), &hs); err != nil {
		t.Fatalf("%s: %v", op, err)
	}
	return hs
}

// latest answers the last event matching match and the channel that closes
// on the next event.
func (j *javaSDK) latest(match func(javaEvent) bool) (*javaEvent, <-chan struct{}) {
	j.mu.Lock()
	defer j.mu.Unlock()
	for i := len(j.events) - 1; i >= 0; i-- {
		if match(j.events[i]) {
			ev := j.events[i]
			return &ev, j.changed
		}
	}
	return nil, j.changed
}

// waitEvent waits until the latest event that match selects satisfies ok,
// and answers it: pushes carry a service's whole state, so the latest one
// is what the application sees.
func (j *javaSDK) waitEvent(t *testing.T, timeout time.Duration, what string, match func(javaEvent) bool, ok func(javaEvent) bool) javaEvent {
	t.Helper()
	deadline := time.After(timeout)
	for {
		ev, next := j.latest(match)
		if ev != nil && ok(*ev) {
			return *ev
		}
		select {
		case <-next:
		case <-deadline:
			last := "none"
			if ev != nil {
				b, _ := json.Marshal(ev)
				last = string(b)
			}
			t.Fatalf("Java client %s: timed out after %v waiting for %s; latest such event: %s", j.name, timeout, what, last)
		}
	}
}

// javaWait bounds how long a Java client may take to hear something. It
// passes in seconds alone; under make test's parallel load a reconnect
// after a server restart, then the config client's next listen round
// (every 5 s), took over 15 s once.
const javaWait = 30 * time.Second

// waitPush waits until the latest push of service to client satisfies ok.
func (j *javaSDK) waitPush(t *testing.T, client, service, what string, ok func(map[string]javaHost) bool) javaEvent {
	t.Helper()
	return j.waitEvent(t, javaWait, what, func(ev javaEvent) bool {
		return ev.Event == "push" && ev.Client == client && ev.Service == service
	}, func(ev javaEvent) bool { return ok(javaByAddr(ev.Hosts)) })
}

// waitConfig waits until the latest content of dataId a listener of client
// got satisfies ok.
func (j *javaSDK) waitConfig(t *testing.T, client, dataID, what string, ok func(*string) bool) javaEvent {
	t.Helper()
	return j.waitEvent(t, javaWait, what, func(ev javaEvent) bool {
		return ev.Event == "config" && ev.Client == client && ev.DataID == dataID
	}, func(ev javaEvent) bool { return ok(ev.Content) })
}

// kill ends the JVM with SIGKILL: no shutdown hook, no goodbye to the
// server; the kernel closes its sockets.
func (j *javaSDK) kill() {
	j.mu.Lock()
	j.killed = true
	j.mu.Unlock()
	_ = j.cmd.Process.Kill()
	<-j.exited
	_ = j.cmd.Wait()
}

// pause stops the JVM (SIGSTOP): it holds its connections and answers
// nothing, as a client in a long GC pause or on a frozen host.
func (j *javaSDK) pause() { _ = j.cmd.Process.Signal(syscall.SIGSTOP) }

// resume lets a paused JVM run again (SIGCONT).
func (j *javaSDK) resume() { _ = j.cmd.Process.Signal(syscall.SIGCONT) }

// stop asks the driver to shut its clients down and exit, and kills it if
// it does not within 10 s.
func (j *javaSDK) stop() {
	j.mu.Lock()
	killed := j.killed
	j.mu.Unlock()
	if killed {
		return
	}
	_, _ = j.stdin.Write([]byte(`{"id":0,"op":"exit"}` + "\n"))
	select {
	case <-j.exited:
	case <-time.After(10 * time.Second):
		_ = j.cmd.Process.Kill()
		<-j.exited
	}
	_ = j.cmd.Wait()
}

// dumpLogs logs the driver's output and the end of the SDK's log.
func (j *javaSDK) dumpLogs() {
	j.t.Logf("Java client %s output:\n%s", j.name, j.out.String())
	b, err := os.ReadFile(j.logFile)
	if err != nil {
		j.t.Logf("Java client %s: no SDK log: %v", j.name, err)
		return
	}
	// A stopped server leaves the SDK retrying many times a second; those
	// lines and stack frames would push what led to a failure out of the
	// tail.
	var kept strings.Builder
	for _, line := range strings.SplitAfter(string(b), "\n") {
		if strings.Contains(line, "Server check fail") || strings.Contains(line, "Fail to connect server") ||
			strings.Contains(line, "grpc client connection server:") || strings.HasPrefix(strings.TrimSpace(line), "at ") {
			continue
		}
		kept.WriteString(line)
	}
	out := kept.String()
	const tail = 64 << 10
	if len(out) > tail {
		out = out[len(out)-tail:]
	}
	j.t.Logf("Java client %s: SDK log (%s, last %d bytes, reconnect attempts left out):\n%s", j.name, j.logFile, len(out), out)
}

// sdkLog answers the SDK's log so far.
func (j *javaSDK) sdkLog() string {
	b, _ := os.ReadFile(j.logFile)
	return string(b)
}
