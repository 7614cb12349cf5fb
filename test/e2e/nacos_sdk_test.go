package e2e

import (
	"net"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/nacos-group/nacos-sdk-go/clients"
	"github.com/nacos-group/nacos-sdk-go/clients/naming_client"
	"github.com/nacos-group/nacos-sdk-go/common/constant"
	"github.com/nacos-group/nacos-sdk-go/model"
	"github.com/nacos-group/nacos-sdk-go/vo"
)

const adminPassword = "e2e-Secret-1"

func newNamingClient(t *testing.T, s *server, username, password string) naming_client.INamingClient {
	t.Helper()
	host, portStr, _ := net.SplitHostPort(s.addr)
	port, _ := strconv.ParseUint(portStr, 10, 64)
	dir := t.TempDir()
	client, err := clients.CreateNamingClient(map[string]interface{}{
		"serverConfigs": []constant.ServerConfig{{IpAddr: host, Port: port, ContextPath: "/nacos"}},
		"clientConfig": constant.ClientConfig{
			TimeoutMs: 5000, NotLoadCacheAtStart: true, UpdateCacheWhenEmpty: true,
			CacheDir: dir + "/cache", LogDir: dir + "/log", LogLevel: "warn",
			Username: username, Password: password, BeatInterval: 1000,
		},
	})
	if err != nil {
		t.Fatal(err)
	}
	return client
}

// The real nacos-sdk-go v1.0.8 (HTTP) registers, beats, subscribes, lists
// and deregisters against the real binary with authentication on.
func TestNacosSDKGoNaming(t *testing.T) {
	s := start(t, "", "--admin-password", adminPassword)
	client := newNamingClient(t, s, "nacos", adminPassword)

	register := func(ip string, port uint64) {
		t.Helper()
		ok, err := client.RegisterInstance(vo.RegisterInstanceParam{
			Ip: ip, Port: port, ServiceName: "orders", GroupName: "shop", Weight: 2,
			Enable: true, Healthy: true, Ephemeral: true, ClusterName: "DEFAULT",
			Metadata: map[string]string{"version": "1.0.0", "preserved.heart.beat.interval": "1000",
				"preserved.heart.beat.timeout": "3000", "preserved.ip.delete.timeout": "6000"},
		})
		if err != nil || !ok {
			t.Fatalf("register %s:%d: %v", ip, port, err)
		}
	}
	register("10.0.0.1", 8080)

	var mu sync.Mutex
	var seen [][]model.SubscribeService
	err := client.Subscribe(&vo.SubscribeParam{ServiceName: "orders", GroupName: "shop",
		SubscribeCallback: func(services []model.SubscribeService, err error) {
			mu.Lock()
			defer mu.Unlock()
			seen = append(seen, services)
		}})
	if err != nil {
		t.Fatalf("subscribe: %v", err)
	}
	register("10.0.0.2", 8080)
	// The SDK was told to cache for 10 s, as a push receiver; seeing the
	// change well before that (8 s) means the UDP push reached it.
	eventually(t, 8*time.Second, "the pushed change to reach the subscriber", func() bool {
		mu.Lock()
		defer mu.Unlock()
		return len(seen) > 0 && len(seen[len(seen)-1]) == 2
	})

	// The SDK beats every second; without its beats the 3 s timeout would
	// have marked the instances unhealthy by now, and 6 s removed them.
	time.Sleep(7 * time.Second)
	instances, err := client.SelectInstances(vo.SelectInstancesParam{ServiceName: "orders", GroupName: "shop", HealthyOnly: true})
	if err != nil || len(instances) != 2 {
		t.Fatalf("healthy instances after beats: %v, %v", instances, err)
	}
	for _, in := range instances {
		if in.Metadata["version"] != "1.0.0" || in.Weight != 2 {
			t.Fatalf("instance lost its data: %+v", in)
		}
	}

	list, err := client.GetAllServicesInfo(vo.GetAllServiceInfoParam{GroupName: "shop", PageNo: 1, PageSize: 10})
	if err != nil || list.Count != 1 || len(list.Doms) != 1 || list.Doms[0] != "orders" {
		t.Fatalf("service list: %+v, %v", list, err)
	}

	ok, err := client.DeregisterInstance(vo.DeregisterInstanceParam{Ip: "10.0.0.2", Port: 8080,
		ServiceName: "orders", GroupName: "shop", Cluster: "DEFAULT", Ephemeral: true})
	if err != nil || !ok {
		t.Fatalf("deregister: %v", err)
	}
	eventually(t, 8*time.Second, "the pushed deregistration to reach the subscriber", func() bool {
		mu.Lock()
		defer mu.Unlock()
		last := seen[len(seen)-1]
		return len(last) == 1 && last[0].Ip == "10.0.0.1"
	})
}

// With auth on, a client with a wrong password is refused.
func TestNacosSDKGoWrongPasswordRefused(t *testing.T) {
	s := start(t, "", "--admin-password", adminPassword)
	client := newNamingClient(t, s, "nacos", "wrong")
	_, err := client.RegisterInstance(vo.RegisterInstanceParam{Ip: "10.0.0.9", Port: 80, ServiceName: "x",
		Weight: 1, Enable: true, Healthy: true, Ephemeral: true})
	if err == nil {
		t.Fatal("register with a wrong password succeeded")
	}
}
