package main

import (
	"bufio"
	"crypto/md5" //nolint:gosec // Nacos names config content by its MD5
	"encoding/hex"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"
)

// pollConfigs is how many configs the held polls spread over; a publish of
// one wakes polls/pollConfigs of them.
const pollConfigs = 100

// configPolls holds n Nacos 1 long polls (each its own connection, as n
// clients would) and measures the server's RSS per held poll, then
// publishes every config once and measures how long after its publish was
// sent each poll got its answer.
func configPolls(binary string, n int) error {
	srv, err := startServer(binary)
	if err != nil {
		return err
	}
	defer srv.stop()
	c := newClient(srv.base)
	for i := range pollConfigs {
		if err := c.do(http.MethodPost, pollConfigPath(i, "v1")); err != nil {
			return err
		}
	}
	time.Sleep(200 * time.Millisecond)
	before, err := rss(srv.cmd.Process.Pid)
	if err != nil {
		return err
	}
	addr := strings.TrimPrefix(srv.base, "http://")
	polls, err := openPolls(addr, n)
	if err != nil {
		return err
	}
	defer func() {
		for _, p := range polls {
			_ = p.conn.Close()
		}
	}()
	if err := waitHeld(srv.base, n, 60*time.Second); err != nil {
		return err
	}
	after, err := rss(srv.cmd.Process.Pid)
	if err != nil {
		return err
	}
	fmt.Printf("config-polls %d held long polls: server RSS %d MiB -> %d MiB, %.1f KiB per poll\n",
		n, before>>20, after>>20, float64(after-before)/1024/float64(n))
	return measureWakes(c, polls)
}

// measureWakes publishes each config once, in order, and reports the time
// from each publish being sent to each of its polls being answered.
func measureWakes(c *client, polls []*heldPoll) error {
	sent := make([]time.Time, pollConfigs)
	start := time.Now()
	for i := range pollConfigs {
		sent[i] = time.Now()
		if err := c.do(http.MethodPost, pollConfigPath(i, "v2")); err != nil {
			return err
		}
	}
	publishing := time.Since(start)
	lat := make([]time.Duration, 0, len(polls))
	var failed int
	for _, p := range polls {
		select {
		case r := <-p.done:
			if r.err != nil || r.status != http.StatusOK {
				failed++
				continue
			}
			lat = append(lat, r.at.Sub(sent[p.config]))
		case <-time.After(30 * time.Second):
			failed++
		}
	}
	sort.Slice(lat, func(i, j int) bool { return lat[i] < lat[j] })
	pct := func(q float64) time.Duration {
		if len(lat) == 0 {
			return 0
		}
		return lat[int(float64(len(lat)-1)*q)]
	}
	fmt.Printf("config-wake %d polls woken by %d publishes (sent in %v): p50 %v p99 %v max %v, not woken %d\n",
		len(lat), pollConfigs, publishing.Round(time.Millisecond), pct(0.5), pct(0.99), pct(1), failed)
	return nil
}

func pollConfigPath(i int, content string) string {
	return fmt.Sprintf("/nacos/v1/cs/configs?dataId=poll-%03d.yaml&group=BENCH&content=%s", i, content)
}

type heldPoll struct {
	conn   net.Conn
	config int
	done   chan pollAnswer
}

type pollAnswer struct {
	status int
	at     time.Time
	err    error
}

// openPolls dials n connections, 200 at a time so that the listen backlog
// never overflows, and sends each a long poll on config i%pollConfigs with
// its current md5 and a 120 s timeout.
func openPolls(addr string, n int) ([]*heldPoll, error) {
	sum := md5.Sum([]byte("v1")) //nolint:gosec // see the import
	polls := make([]*heldPoll, n)
	sem := make(chan struct{}, 200)
	var mu sync.Mutex
	var firstErr error
	var wg sync.WaitGroup
	for i := range n {
		sem <- struct{}{}
		wg.Add(1)
		go func() {
			defer func() { <-sem; wg.Done() }()
			p, err := startPoll(addr, i%pollConfigs, hex.EncodeToString(sum[:]))
			mu.Lock()
			defer mu.Unlock()
			if err != nil && firstErr == nil {
				firstErr = fmt.Errorf("poll %d: %w", i, err)
			}
			polls[i] = p
		}()
	}
	wg.Wait()
	if firstErr != nil {
		for _, p := range polls {
			if p != nil {
				_ = p.conn.Close()
			}
		}
	}
	return polls, firstErr
}

func startPoll(addr string, config int, md5 string) (*heldPoll, error) {
	conn, err := net.DialTimeout("tcp", addr, 10*time.Second)
	if err != nil {
		return nil, err
	}
	record := fmt.Sprintf("poll-%03d.yaml\x02BENCH\x02%s\x01", config, md5)
	body := "Listening-Configs=" + url.QueryEscape(record)
	req := "POST /nacos/v1/cs/configs/listener HTTP/1.1\r\nHost: bench\r\n" +
		"Long-Pulling-Timeout: 120000\r\nContent-Type: application/x-www-form-urlencoded\r\n" +
		"Content-Length: " + strconv.Itoa(len(body)) + "\r\n\r\n" + body
	if _, err := io.WriteString(conn, req); err != nil {
		_ = conn.Close()
		return nil, err
	}
	p := &heldPoll{conn: conn, config: config, done: make(chan pollAnswer, 1)}
	go p.await()
	return p, nil
}

// await reads the status line of the answer, which is when the poll woke.
func (p *heldPoll) await() {
	line, err := bufio.NewReaderSize(p.conn, 256).ReadString('\n')
	at := time.Now()
	if err != nil {
		p.done <- pollAnswer{err: err}
		return
	}
	status := 0
	if f := strings.Fields(line); len(f) >= 2 {
		status, _ = strconv.Atoi(f[1])
	}
	p.done <- pollAnswer{status: status, at: at}
}

// waitHeld waits until the server's gauge shows n held polls.
func waitHeld(base string, n int, limit time.Duration) error {
	deadline := time.Now().Add(limit)
	held := -1
	for time.Now().Before(deadline) {
		if held = heldPolls(base); held >= n {
			time.Sleep(500 * time.Millisecond) // let the heap settle
			return nil
		}
		time.Sleep(100 * time.Millisecond)
	}
	return fmt.Errorf("only %d of %d polls held after %v", held, n, limit)
}

func heldPolls(base string) int {
	resp, err := http.Get(base + "/metrics")
	if err != nil {
		return -1
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	for _, line := range strings.Split(string(b), "\n") {
		if v, ok := strings.CutPrefix(line, "causeway_config_long_polls "); ok {
			f, _ := strconv.ParseFloat(v, 64)
			return int(f)
		}
	}
	return -1
}
