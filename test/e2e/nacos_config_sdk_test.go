package e2e

import (
	"net"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/nacos-group/nacos-sdk-go/clients"
	"github.com/nacos-group/nacos-sdk-go/clients/config_client"
	"github.com/nacos-group/nacos-sdk-go/common/constant"
	"github.com/nacos-group/nacos-sdk-go/vo"
)

func newConfigClient(t *testing.T, s *server, username, password string) config_client.IConfigClient {
	t.Helper()
	host, portStr, _ := net.SplitHostPort(s.addr)
	port, _ := strconv.ParseUint(portStr, 10, 64)
	dir := t.TempDir()
	client, err := clients.CreateConfigClient(map[string]interface{}{
		"serverConfigs": []constant.ServerConfig{{IpAddr: host, Port: port, ContextPath: "/nacos"}},
		"clientConfig": constant.ClientConfig{
			TimeoutMs: 5000, NotLoadCacheAtStart: true,
			CacheDir: dir + "/cache", LogDir: dir + "/log", LogLevel: "warn",
			Username: username, Password: password,
		},
	})
	if err != nil {
		t.Fatal(err)
	}
	return client
}

// The real nacos-sdk-go v1.0.8 config client publishes, gets, listens and
// deletes against the real binary with authentication on. Its long poll
// asks to be held 30 s; seeing a publish within a few seconds proves the
// publish woke the held poll.
func TestNacosSDKGoConfig(t *testing.T) {
	s := start(t, "", "--admin-password", adminPassword)
	client := newConfigClient(t, s, "nacos", adminPassword)
	param := vo.ConfigParam{DataId: "orders.yaml", Group: "shop"}

	publish := func(content string) {
		t.Helper()
		p := param
		p.Content = content
		ok, err := client.PublishConfig(p)
		if err != nil || !ok {
			t.Fatalf("publish %q: %v %v", content, ok, err)
		}
	}
	publish("timeout: 1s")
	got, err := client.GetConfig(param)
	if err != nil || got != "timeout: 1s" {
		t.Fatalf("get: %q %v", got, err)
	}

	var mu sync.Mutex
	var seen []string
	last := func() string {
		mu.Lock()
		defer mu.Unlock()
		if len(seen) == 0 {
			return ""
		}
		return seen[len(seen)-1]
	}
	listen := param
	listen.OnChange = func(_, group, dataID, data string) {
		mu.Lock()
		defer mu.Unlock()
		if group == param.Group && dataID == param.DataId {
			seen = append(seen, data)
		}
	}
	if err := client.ListenConfig(listen); err != nil {
		t.Fatalf("listen: %v", err)
	}
	// The SDK read the config into its cache with GetConfig, so it listens
	// with the current md5: its first poll answers nothing and the next is
	// held on the server.
	time.Sleep(time.Second)
	if got := last(); got != "" {
		t.Fatalf("listener called without a change: %q", got)
	}
	start := time.Now()
	publish("timeout: 2s")
	eventually(t, 5*time.Second, "the listener to see the change", func() bool {
		return last() == "timeout: 2s"
	})
	t.Logf("change seen %v after the publish", time.Since(start))

	if ok, err := client.DeleteConfig(param); err != nil || !ok {
		t.Fatalf("delete: %v %v", ok, err)
	}
	if got, err := client.GetConfig(param); err == nil && got != "" {
		t.Fatalf("get after delete: %q", got)
	}
	// No CancelListenConfig: in nacos-sdk-go v1.0.8 it races with the
	// client's own listen loop (the race detector flags the SDK itself).
}
