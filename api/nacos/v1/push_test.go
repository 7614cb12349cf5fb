package v1

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/causeway-dev/causeway/api/httpx"
	"github.com/causeway-dev/causeway/registry/naming"
	"github.com/causeway-dev/causeway/registry/store/badger"
)

// pushEnv is a loopback HTTP server with pushes on, and a UDP socket that
// plays the Nacos 1 client's push receiver.
type pushEnv struct {
	srv    *httptest.Server
	client *net.UDPConn
}

func newPushEnv(t *testing.T) *pushEnv {
	t.Helper()
	st, err := badger.Open(badger.Options{InMemory: true, Logger: quiet()})
	if err != nil {
		t.Fatal(err)
	}
	reg, err := naming.New(context.Background(), st, naming.Options{Logger: quiet()})
	if err != nil {
		t.Fatal(err)
	}
	push, err := net.ListenUDP("udp", &net.UDPAddr{IP: net.IPv4(127, 0, 0, 1)})
	if err != nil {
		t.Fatal(err)
	}
	client, err := net.ListenUDP("udp", &net.UDPAddr{IP: net.IPv4(127, 0, 0, 1)})
	if err != nil {
		t.Fatal(err)
	}
	d := Dialect(reg, Options{Logger: quiet(), Push: push})
	mux := http.NewServeMux()
	httpx.Mount(mux, nil, d)
	srv := httptest.NewServer(mux)
	t.Cleanup(func() {
		srv.Close()
		_ = push.Close()
		_ = client.Close()
		reg.Close()
		_ = st.Close()
	})
	return &pushEnv{srv: srv, client: client}
}

func (e *pushEnv) call(t *testing.T, method, path string, q url.Values) string {
	t.Helper()
	req, _ := http.NewRequest(method, e.srv.URL+base+path+"?"+q.Encode(), nil)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("%s %s: %d %s", method, path, resp.StatusCode, body)
	}
	return string(body)
}

// receive reads one push, answers its ack when ack is true, and answers the
// pushed service info.
func (e *pushEnv) receive(t *testing.T, ack bool) (pushMsg, map[string]any) {
	t.Helper()
	buf := make([]byte, maxDatagram)
	_ = e.client.SetReadDeadline(time.Now().Add(5 * time.Second))
	n, from, err := e.client.ReadFromUDP(buf)
	if err != nil {
		t.Fatalf("no push: %v", err)
	}
	raw := buf[:n]
	if bytes.HasPrefix(raw, []byte{0x1f, 0x8b}) {
		zr, err := gzip.NewReader(bytes.NewReader(raw))
		if err != nil {
			t.Fatal(err)
		}
		raw, _ = io.ReadAll(zr)
	}
	var msg pushMsg
	if err := json.Unmarshal(raw, &msg); err != nil {
		t.Fatalf("push %q: %v", raw, err)
	}
	var info map[string]any
	if err := json.Unmarshal([]byte(msg.Data), &info); err != nil {
		t.Fatalf("push data %q: %v", msg.Data, err)
	}
	if ack {
		reply := fmt.Sprintf(`{"type":"push-ack","lastRefTime":"%d","data":""}`, msg.LastRefTime)
		if _, err := e.client.WriteToUDP([]byte(reply), from); err != nil {
			t.Fatal(err)
		}
	}
	return msg, info
}

func TestSubscribersArePushedChanges(t *testing.T) {
	e := newPushEnv(t)
	udpPort := e.client.LocalAddr().(*net.UDPAddr).Port
	reg := url.Values{"serviceName": {"pushed"}, "ip": {"10.0.0.1"}, "port": {"80"}}
	e.call(t, http.MethodPost, "/instance", reg)
	list := e.call(t, http.MethodGet, "/instance/list", url.Values{"serviceName": {"pushed"},
		"udpPort": {fmt.Sprint(udpPort)}, "clientIP": {"10.9.9.9"}})
	if !strings.Contains(list, `"cacheMillis":10000`) {
		t.Fatalf("a push subscriber was not told the push cache time: %s", list)
	}

	reg.Set("ip", "10.0.0.2")
	e.call(t, http.MethodPost, "/instance", reg)
	// The first registration may be pushed too, if the pusher saw it only
	// after the subscription: read until the pushed list has both.
	msg, info := e.receiveHosts(t, 2, true)
	if msg.Type != "dom" || info["name"] != "DEFAULT_GROUP@@pushed" {
		t.Fatalf("push %+v: %v", msg, info)
	}

	// Without an ack the same push comes again.
	reg.Set("ip", "10.0.0.3")
	e.call(t, http.MethodPost, "/instance", reg)
	first, _ := e.receiveHosts(t, 3, false)
	for {
		again, _ := e.receive(t, false)
		if again.LastRefTime == first.LastRefTime {
			break
		}
	}
}

// receiveHosts reads pushes until one lists n hosts.
func (e *pushEnv) receiveHosts(t *testing.T, n int, ack bool) (pushMsg, map[string]any) {
	t.Helper()
	for {
		msg, info := e.receive(t, ack)
		if hosts, _ := info["hosts"].([]any); len(hosts) == n {
			return msg, info
		}
	}
}

func TestPollersAreToldTheShortCacheTime(t *testing.T) {
	e := newPushEnv(t)
	e.call(t, http.MethodPost, "/instance", url.Values{"serviceName": {"polled"}, "ip": {"10.0.0.1"}, "port": {"80"}})
	list := e.call(t, http.MethodGet, "/instance/list", url.Values{"serviceName": {"polled"}})
	if !strings.Contains(list, `"cacheMillis":3000`) {
		t.Fatalf("a poller was told another cache time: %s", list)
	}
}

func TestListAnswersAreCachedUntilTheServiceChanges(t *testing.T) {
	e := newEnv(t, time.Hour)
	e.ok(e.do(http.MethodPost, "/instance", url.Values{"serviceName": {"c"}, "ip": {"10.0.0.1"}, "port": {"80"}}))
	first := e.doQuery(http.MethodGet, "/instance/list", url.Values{"serviceName": {"c"}}).Body.String()
	second := e.doQuery(http.MethodGet, "/instance/list", url.Values{"serviceName": {"c"}}).Body.String()
	if first != second {
		t.Fatal("an unchanged service was rendered again")
	}
	e.ok(e.do(http.MethodPost, "/instance", url.Values{"serviceName": {"c"}, "ip": {"10.0.0.2"}, "port": {"80"}}))
	third := e.doQuery(http.MethodGet, "/instance/list", url.Values{"serviceName": {"c"}}).Body.String()
	if !strings.Contains(third, "10.0.0.2") {
		t.Fatalf("a changed service was answered from the cache: %s", third)
	}
}
