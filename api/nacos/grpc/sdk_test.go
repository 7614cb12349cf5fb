package nacosgrpc

import (
	"net"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/nacos-group/nacos-sdk-go/v2/clients"
	"github.com/nacos-group/nacos-sdk-go/v2/common/constant"
	"github.com/nacos-group/nacos-sdk-go/v2/model"
	"github.com/nacos-group/nacos-sdk-go/v2/vo"
)

// serve puts the env's server on a loopback gRPC port and answers the
// Go SDK's client parameters for it (authentication off: the SDK then
// needs no HTTP port, which is never dialled).
func (e *env) serve(t *testing.T) vo.NacosClientParam {
	t.Helper()
	_, port, err := net.SplitHostPort(e.listen(t))
	if err != nil {
		t.Fatal(err)
	}
	grpcPort, _ := strconv.Atoi(port)
	dir := t.TempDir()
	cc := constant.NewClientConfig(constant.WithTimeoutMs(5000), constant.WithNotLoadCacheAtStart(true),
		constant.WithCacheDir(dir+"/cache"), constant.WithLogDir(dir+"/log"), constant.WithLogLevel("error"),
		constant.WithUpdateCacheWhenEmpty(true))
	sc := []constant.ServerConfig{*constant.NewServerConfig("127.0.0.1", 1, constant.WithGrpcPort(uint64(grpcPort)))}
	return vo.NacosClientParam{ClientConfig: cc, ServerConfigs: sc}
}

// The real Go SDK against the package's server in this process, so the
// race detector watches the server's side of real SDK traffic: register,
// subscribe and pushes, a second connection's batch, close; config
// publish, listen and the pushed change.
func TestGoSDKInProcess(t *testing.T) {
	e := newEnv(t, envOptions{})
	param := e.serve(t)

	sub, err := clients.NewNamingClient(param)
	if err != nil {
		t.Fatal(err)
	}
	defer sub.CloseClient()
	var mu sync.Mutex
	var last []model.Instance
	pushes := 0
	if err := sub.Subscribe(&vo.SubscribeParam{ServiceName: "orders", SubscribeCallback: func(ins []model.Instance, _ error) {
		mu.Lock()
		defer mu.Unlock()
		last, pushes = ins, pushes+1
	}}); err != nil {
		t.Fatalf("subscribe: %v", err)
	}
	waitFor := func(what string, n int) {
		t.Helper()
		deadline := time.Now().Add(5 * time.Second)
		for time.Now().Before(deadline) {
			mu.Lock()
			got := len(last)
			mu.Unlock()
			if got == n {
				return
			}
			time.Sleep(10 * time.Millisecond)
		}
		t.Fatalf("%s: the subscriber sees %d instances, want %d", what, len(last), n)
	}

	a, err := clients.NewNamingClient(param)
	if err != nil {
		t.Fatal(err)
	}
	defer a.CloseClient()
	if ok, err := a.RegisterInstance(vo.RegisterInstanceParam{Ip: "10.0.0.1", Port: 80, ServiceName: "orders",
		Weight: 1, Enable: true, Healthy: true, Ephemeral: true}); !ok || err != nil {
		t.Fatalf("register: %v %v", ok, err)
	}
	waitFor("register", 1)
	b, err := clients.NewNamingClient(param)
	if err != nil {
		t.Fatal(err)
	}
	if ok, err := b.BatchRegisterInstance(vo.BatchRegisterInstanceParam{ServiceName: "orders", Instances: []vo.RegisterInstanceParam{
		{Ip: "10.0.0.2", Port: 80, Weight: 1, Enable: true, Healthy: true, Ephemeral: true},
		{Ip: "10.0.0.3", Port: 80, Weight: 1, Enable: true, Healthy: true, Ephemeral: true},
	}}); !ok || err != nil {
		t.Fatalf("batch: %v %v", ok, err)
	}
	waitFor("batch", 3)
	b.CloseClient()
	waitFor("the batch's connection closed", 1)
	if ok, err := a.DeregisterInstance(vo.DeregisterInstanceParam{Ip: "10.0.0.1", Port: 80, ServiceName: "orders", Ephemeral: true}); !ok || err != nil {
		t.Fatalf("deregister: %v %v", ok, err)
	}
	waitFor("deregister", 0)

	cfg, err := clients.NewConfigClient(param)
	if err != nil {
		t.Fatal(err)
	}
	defer cfg.CloseClient()
	if ok, err := cfg.PublishConfig(vo.ConfigParam{DataId: "app", Group: "DEFAULT_GROUP", Content: "v1"}); !ok || err != nil {
		t.Fatalf("publish: %v %v", ok, err)
	}
	changed := make(chan string, 10)
	if err := cfg.ListenConfig(vo.ConfigParam{DataId: "app", Group: "DEFAULT_GROUP", OnChange: func(_, _, _, data string) { changed <- data }}); err != nil {
		t.Fatalf("listen: %v", err)
	}
	// The SDK sends its listen on its next round (within 5 s): wait until
	// the server holds it.
	deadline := time.Now().Add(8 * time.Second)
	for e.listening() == 0 {
		if time.Now().After(deadline) {
			t.Fatal("the listen never reached the server")
		}
		time.Sleep(20 * time.Millisecond)
	}
	if ok, err := cfg.PublishConfig(vo.ConfigParam{DataId: "app", Group: "DEFAULT_GROUP", Content: "v2"}); !ok || err != nil {
		t.Fatalf("publish v2: %v %v", ok, err)
	}
	// The SDK hears the push and then reads the config back: milliseconds
	// alone, seconds under -race on a loaded machine (3 s failed once).
	timeout := time.After(10 * time.Second)
	for {
		select {
		case d := <-changed:
			if d == "v2" {
				return
			}
		case <-timeout:
			t.Fatal("the listener did not hear v2")
		}
	}
}

// listening counts the config listens of every connection.
func (e *env) listening() int {
	e.srv.listeners.mu.Lock()
	defer e.srv.listeners.mu.Unlock()
	n := 0
	for _, m := range e.srv.listeners.byConn {
		n += len(m)
	}
	return n
}
