package e2e

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/causeway-dev/causeway/registry/store/etcd/etcdtest"
)

// One Causeway on a real 3-member etcd cluster: what is registered
// survives the loss of a member, a restart and a crash (kill -9) of
// Causeway; an installation on another prefix shares the etcd cluster and
// sees nothing of it. Several nodes on one prefix: cluster_test.go.
func TestServeOnEtcd(t *testing.T) {
	cluster := etcdtest.Start(t, 3)
	endpoints := strings.Join(cluster.Endpoints(), ",")
	args := []string{"--store", "etcd", "--etcd-endpoints", endpoints, "--admin-password", adminPassword}
	s := start(t, "", args...)
	logServerOnFailure(t, s)
	register := func(s *server, ip string) {
		t.Helper()
		v := url.Values{"serviceName": {"orders"}, "ip": {ip}, "port": {"8080"}, "ephemeral": {"false"},
			"accessToken": {login(t, s, adminPassword)}}
		if code, body := call(t, http.MethodPost, s.url("/nacos/v1/ns/instance"), v); code != http.StatusOK {
			t.Fatalf("register %s: %d %s", ip, code, body)
		}
	}
	hosts := func(s *server) string {
		t.Helper()
		v := url.Values{"serviceName": {"orders"}, "accessToken": {login(t, s, adminPassword)}}
		_, body := call(t, http.MethodGet, s.url("/nacos/v1/ns/instance/list?"+v.Encode()), nil)
		return body
	}
	register(s, "10.0.0.1")

	cluster.Members[0].Kill()
	register(s, "10.0.0.2")
	if body := hosts(s); !strings.Contains(body, "10.0.0.1") || !strings.Contains(body, "10.0.0.2") {
		t.Fatalf("after losing a member: %s", body)
	}

	other := start(t, "", append(args, "--etcd-prefix", "causeway-other/")...)
	if body := hosts(other); strings.Contains(body, "10.0.0.1") {
		t.Fatalf("another prefix sees this installation's instances: %s", body)
	}

	s.stop()
	again := start(t, "", args...)
	eventuallyContains(t, func() string { return hosts(again) }, "10.0.0.2", 10*time.Second)
	if body := hosts(again); !strings.Contains(body, "10.0.0.1") {
		t.Fatalf("after a restart: %s", body)
	}
	// A crashed node's member record stays until its lease runs out; the
	// node started in its place does not wait for it.
	again.kill()
	begin := time.Now()
	afterCrash := start(t, "", args...)
	t.Logf("up %v after the crash", time.Since(begin).Round(time.Millisecond))
	if body := hosts(afterCrash); !strings.Contains(body, "10.0.0.1") || !strings.Contains(body, "10.0.0.2") {
		t.Fatalf("after a crash: %s", body)
	}
}

func eventuallyContains(t *testing.T, get func() string, want string, timeout time.Duration) {
	t.Helper()
	eventually(t, timeout, want, func() bool { return strings.Contains(get(), want) })
}
