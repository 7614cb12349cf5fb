package e2e

import (
	"errors"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/nacos-group/nacos-sdk-go/v2/common/constant"
	"github.com/nacos-group/nacos-sdk-go/v2/model"
	"github.com/nacos-group/nacos-sdk-go/v2/vo"
)

// Users of the permission tests: one with rw on namespace dev, one with r.
const (
	devUser    = "devuser"
	devReader  = "devreader"
	permUserPw = "Dev-user-pw-1"
)

// startWithUsers starts a server and creates, through the user API, two
// users with one role each: devuser "dev:*:*" rw, devreader "dev:*:*" r.
// Namespace dev is created as a client would, by the admin.
func startWithUsers(t *testing.T) (*server, string) {
	t.Helper()
	s := start(t, "", "--admin-password", adminPassword)
	logServerOnFailure(t, s)
	token := login(t, s, adminPassword)
	grant(t, s, token, devUser, permUserPw, "rw", "dev:*:*")
	grant(t, s, token, devReader, permUserPw, "r", "dev:*:*")
	if code, body := authedCall(t, token, http.MethodPost, s.url("/nacos/v1/console/namespaces"),
		url.Values{"customNamespaceId": {"dev"}, "namespaceName": {"dev"}}); code != http.StatusOK {
		t.Fatalf("create namespace dev: %d %s", code, body)
	}
	return s, token
}

// The Java SDK 2.5.1 over gRPC as a user with dev:*:* rw registers,
// subscribes and publishes and reads config in namespace dev, and is
// refused in public with Nacos's NO_RIGHT; a read-only user subscribes but
// cannot register.
func TestNacosJavaSDKPermissions(t *testing.T) {
	s, token := startWithUsers(t)
	j := launchJava(t, s, "java-perm")
	j.waitReady()
	up := startUpstream(t, "127.0.0.1", 0, "java-perm")
	as := func(user string, kv ...any) map[string]any {
		m := map[string]any{"username": user, "password": permUserPw}
		for i := 0; i+1 < len(kv); i += 2 {
			m[kv[i].(string)] = kv[i+1]
		}
		return m
	}
	refusedJava := func(a javaAnswer) bool {
		return !a.OK && a.Code == 403 && strings.Contains(a.Error, "authorization failed!")
	}
	j.must(t, "naming", as(devUser, "client", "dev", "namespace", "dev"))
	j.must(t, "naming", as(devUser, "client", "devpub"))
	j.must(t, "naming", as(devReader, "client", "reader", "namespace", "dev"))
	j.must(t, "config", as(devUser, "client", "devcfg", "namespace", "dev"))
	j.must(t, "config", as(devUser, "client", "pubcfg"))

	reg := func(client string) javaAnswer {
		return j.call(t, "register", map[string]any{"client": client, "service": "orders", "ip": "127.0.0.1", "port": up.port})
	}
	if a := reg("dev"); !a.OK {
		t.Fatalf("register in dev: %v", a)
	}
	if a := reg("devpub"); !refusedJava(a) {
		t.Fatalf("register in public: %v", a)
	}
	if a := reg("reader"); !refusedJava(a) {
		t.Fatalf("register by the read-only user: %v", a)
	}
	j.must(t, "subscribe", map[string]any{"client": "reader", "service": "orders"})
	j.waitPush(t, "reader", "orders", "the dev instance", func(hs map[string]javaHost) bool { return len(hs) == 1 })

	if a := j.call(t, "publish", map[string]any{"client": "devcfg", "dataId": "app", "content": "in dev"}); !a.OK || string(a.Result) != "true" {
		t.Fatalf("publish in dev: %v", a)
	}
	if a := j.call(t, "get", map[string]any{"client": "devcfg", "dataId": "app"}); !a.OK || string(a.Result) != `"in dev"` {
		t.Fatalf("get in dev: %v", a)
	}
	if a := j.call(t, "publish", map[string]any{"client": "pubcfg", "dataId": "app", "content": "in public"}); a.OK && string(a.Result) == "true" {
		t.Fatalf("publish in public: %v", a)
	}
	if a := j.call(t, "get", map[string]any{"client": "pubcfg", "dataId": "app"}); !refusedJava(a) {
		t.Fatalf("get in public: %v", a)
	}
	if code, _ := authedCall(t, token, http.MethodGet, s.url("/nacos/v1/cs/configs"),
		url.Values{"dataId": {"app"}, "group": {"DEFAULT_GROUP"}}); code != http.StatusNotFound {
		t.Fatalf("a refused publish stored the config in public: %d", code)
	}
}

// nacos-sdk-go v2 (gRPC) as the same users: dev works, public is
// refused, the reader subscribes but cannot register. The SDK reports a
// refused register as it does against Nacos: false without an error (it
// returns response.IsSuccess()); a refused config call is an error.
func TestNacosSDKGoPermissions(t *testing.T) {
	s, token := startWithUsers(t)
	inDev := constant.WithNamespaceId("dev")
	dev := newNamingClientV2(t, s, devUser, permUserPw, inDev)
	pub := newNamingClientV2(t, s, devUser, permUserPw)
	reader := newNamingClientV2(t, s, devReader, permUserPw, inDev)
	ins := vo.RegisterInstanceParam{Ip: "10.0.0.7", Port: 80, ServiceName: "orders", Weight: 1, Enable: true,
		Healthy: true, Ephemeral: true}
	if ok, err := dev.RegisterInstance(ins); !ok || err != nil {
		t.Fatalf("register in dev: %v %v", ok, err)
	}
	if ok, err := pub.RegisterInstance(ins); ok {
		t.Fatalf("register in public: %v %v", ok, err)
	}
	other := ins
	other.Ip = "10.0.0.8"
	if ok, err := reader.RegisterInstance(other); ok {
		t.Fatalf("register by the read-only user: %v %v", ok, err)
	}
	if hosts := v1Hosts(t, s, token, "DEFAULT_GROUP", "orders"); len(hosts) != 0 {
		t.Fatalf("a refused register stored in public: %v", hosts)
	}
	code, body := authedCall(t, token, http.MethodGet, s.url("/nacos/v1/ns/instance/list"),
		url.Values{"serviceName": {"orders"}, "namespaceId": {"dev"}})
	if code != http.StatusOK || strings.Count(body, `"ip":`) != 1 || !strings.Contains(body, "10.0.0.7") {
		t.Fatalf("dev holds: %d %s", code, body)
	}
	pushed := make(chan int, 16)
	if err := reader.Subscribe(&vo.SubscribeParam{ServiceName: "orders", SubscribeCallback: func(got []model.Instance, err error) {
		pushed <- len(got)
	}}); err != nil {
		t.Fatalf("subscribe by the read-only user: %v", err)
	}
	if err := waitCount(pushed, 1, 10*time.Second); err != nil {
		t.Fatal(err)
	}

	devCfg := newConfigClientV2(t, s, devUser, permUserPw, inDev)
	pubCfg := newConfigClientV2(t, s, devUser, permUserPw)
	if ok, err := devCfg.PublishConfig(vo.ConfigParam{DataId: "app", Group: "DEFAULT_GROUP", Content: "in dev"}); !ok || err != nil {
		t.Fatalf("publish in dev: %v %v", ok, err)
	}
	if got, err := devCfg.GetConfig(vo.ConfigParam{DataId: "app", Group: "DEFAULT_GROUP"}); got != "in dev" || err != nil {
		t.Fatalf("get in dev: %q %v", got, err)
	}
	ok, err := pubCfg.PublishConfig(vo.ConfigParam{DataId: "app", Group: "DEFAULT_GROUP", Content: "in public"})
	t.Logf("publish in public: %v %v", ok, err)
	if ok || err == nil || !strings.Contains(err.Error(), "authorization failed!") {
		t.Fatalf("publish in public: %v %v", ok, err)
	}
	got, err := pubCfg.GetConfig(vo.ConfigParam{DataId: "app", Group: "DEFAULT_GROUP"})
	t.Logf("get in public: %q %v", got, err)
	if err == nil || got != "" {
		t.Fatalf("get in public: %q %v", got, err)
	}
}

// waitCount waits for a callback that reports n items.
func waitCount(ch <-chan int, n int, timeout time.Duration) error {
	deadline := time.After(timeout)
	for {
		select {
		case got := <-ch:
			if got == n {
				return nil
			}
		case <-deadline:
			return errors.New("no push of the subscribed instance")
		}
	}
}
