// Command goclient is a Go application that registers with Causeway, or
// subscribes to it, through the real nacos-sdk-go/v2 over gRPC, then runs
// until it is killed. The end-to-end tests run it as a separate process:
// they kill -9 it and measure how long its ephemeral instances outlive it,
// and they restart the server under it (the SDK's reconnection has data
// races the race detector would report in the test binary itself).
//
//	goclient -addr 127.0.0.1:8848 -grpc-port 9848 -user nacos -password p \
//	    -service orders [-instances 10.0.0.1:8080,10.0.0.2:8080] [-subscribe]
//
// -servers host:http-port:grpc-port,... gives it several servers (the nodes
// of a cluster) instead of -addr and -grpc-port.
//
// It prints "registered" once every instance is registered (or at once
// without instances), then, with -subscribe, "push" and the sorted
// ip:port of the instances at every change the SDK reports (empty lists
// included). It exits non-zero on a failure.
package main

import (
	"flag"
	"fmt"
	"net"
	"os"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/nacos-group/nacos-sdk-go/v2/clients"
	"github.com/nacos-group/nacos-sdk-go/v2/clients/naming_client"
	"github.com/nacos-group/nacos-sdk-go/v2/common/constant"
	"github.com/nacos-group/nacos-sdk-go/v2/model"
	"github.com/nacos-group/nacos-sdk-go/v2/vo"
)

func main() {
	addr := flag.String("addr", "127.0.0.1:8848", "Causeway's HTTP address")
	grpcPort := flag.Uint64("grpc-port", 0, "Causeway's Nacos gRPC port (0: the HTTP port + 1000)")
	user := flag.String("user", "", "username")
	password := flag.String("password", "", "password")
	service := flag.String("service", "", "service to register in")
	group := flag.String("group", "DEFAULT_GROUP", "group of the service")
	instances := flag.String("instances", "", "comma-separated ip:port of the instances")
	subscribe := flag.Bool("subscribe", false, "subscribe to the service and print every change")
	dir := flag.String("dir", os.TempDir(), "directory for the SDK's cache and logs")
	servers := flag.String("servers", "", "comma-separated host:http-port:grpc-port of several servers (instead of -addr)")
	flag.Parse()
	sc, err := serverConfigs(*addr, *grpcPort, *servers)
	var nc naming_client.INamingClient
	if err == nil {
		nc, err = connect(sc, *user, *password, *dir)
	}
	if err == nil && *instances != "" {
		err = register(nc, *service, *group, *instances)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "goclient:", err)
		os.Exit(1)
	}
	fmt.Println("registered")
	if *subscribe {
		err := nc.Subscribe(&vo.SubscribeParam{ServiceName: *service, GroupName: *group,
			SubscribeCallback: func(ins []model.Instance, _ error) {
				addrs := make([]string, 0, len(ins))
				for _, in := range ins {
					addrs = append(addrs, net.JoinHostPort(in.Ip, strconv.FormatUint(in.Port, 10)))
				}
				sort.Strings(addrs)
				fmt.Println(strings.TrimSpace("push " + strings.Join(addrs, " ")))
			}})
		if err != nil {
			fmt.Fprintln(os.Stderr, "goclient: subscribe:", err)
			os.Exit(1)
		}
	}
	select {} // until killed
}

// serverConfigs are the servers of -servers, else the one of -addr.
func serverConfigs(addr string, grpcPort uint64, servers string) ([]constant.ServerConfig, error) {
	if servers == "" {
		return serverConfig(addr, grpcPort)
	}
	var out []constant.ServerConfig
	for _, s := range strings.Split(servers, ",") {
		i := strings.LastIndexByte(s, ':')
		if i < 0 {
			return nil, fmt.Errorf("-servers: %q is not host:http-port:grpc-port", s)
		}
		g, err := strconv.ParseUint(s[i+1:], 10, 64)
		if err != nil {
			return nil, fmt.Errorf("-servers: %q: %w", s, err)
		}
		sc, err := serverConfig(s[:i], g)
		if err != nil {
			return nil, err
		}
		out = append(out, sc...)
	}
	return out, nil
}

func serverConfig(addr string, grpcPort uint64) ([]constant.ServerConfig, error) {
	host, portStr, err := net.SplitHostPort(addr)
	if err != nil {
		return nil, err
	}
	port, err := strconv.ParseUint(portStr, 10, 64)
	if err != nil {
		return nil, err
	}
	var sopts []constant.ServerOption
	if grpcPort != 0 {
		sopts = append(sopts, constant.WithGrpcPort(grpcPort))
	}
	return []constant.ServerConfig{*constant.NewServerConfig(host, port, sopts...)}, nil
}

func connect(sc []constant.ServerConfig, user, password, dir string) (naming_client.INamingClient, error) {
	cc := constant.NewClientConfig(constant.WithTimeoutMs(5000), constant.WithNotLoadCacheAtStart(true),
		constant.WithLogDir(dir+"/log"), constant.WithCacheDir(dir+"/cache"), constant.WithLogLevel("warn"),
		constant.WithUsername(user), constant.WithPassword(password), constant.WithUpdateCacheWhenEmpty(true))
	return clients.NewNamingClient(vo.NacosClientParam{ClientConfig: cc, ServerConfigs: sc})
}

func register(nc naming_client.INamingClient, service, group, instances string) error {
	var params []vo.RegisterInstanceParam
	for _, a := range strings.Split(instances, ",") {
		ip, p, err := net.SplitHostPort(strings.TrimSpace(a))
		if err != nil {
			return err
		}
		port, err := strconv.ParseUint(p, 10, 64)
		if err != nil {
			return err
		}
		params = append(params, vo.RegisterInstanceParam{Ip: ip, Port: port, ServiceName: service, GroupName: group,
			Weight: 1, Enable: true, Healthy: true, Ephemeral: true})
	}
	deadline := time.Now().Add(20 * time.Second)
	for {
		var ok bool
		var err error
		if len(params) == 1 {
			ok, err = nc.RegisterInstance(params[0])
		} else {
			ok, err = nc.BatchRegisterInstance(vo.BatchRegisterInstanceParam{ServiceName: service, GroupName: group, Instances: params})
		}
		if ok && err == nil {
			return nil
		}
		if time.Now().After(deadline) {
			if err != nil {
				return fmt.Errorf("register: %w", err)
			}
			return fmt.Errorf("register: refused (ok=%v)", ok)
		}
		time.Sleep(200 * time.Millisecond)
	}
}
