// Command goclient is a Go application that registers with Causeway through
// the real nacos-sdk-go/v2 over gRPC and then waits to be killed: the
// end-to-end tests run it, kill -9 it, and measure how long its ephemeral
// instances outlive it.
//
//	goclient -addr 127.0.0.1:8848 -grpc-port 9848 -user nacos -password p \
//	    -service orders -instances 10.0.0.1:8080,10.0.0.2:8080
//
// It prints "registered" once every instance is registered, and exits
// non-zero on a failure.
package main

import (
	"flag"
	"fmt"
	"net"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/nacos-group/nacos-sdk-go/v2/clients"
	"github.com/nacos-group/nacos-sdk-go/v2/common/constant"
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
	dir := flag.String("dir", os.TempDir(), "directory for the SDK's cache and logs")
	flag.Parse()
	if err := run(*addr, *grpcPort, *user, *password, *service, *group, *instances, *dir); err != nil {
		fmt.Fprintln(os.Stderr, "goclient:", err)
		os.Exit(1)
	}
	fmt.Println("registered")
	select {} // until killed
}

func run(addr string, grpcPort uint64, user, password, service, group, instances, dir string) error {
	host, portStr, err := net.SplitHostPort(addr)
	if err != nil {
		return err
	}
	port, err := strconv.ParseUint(portStr, 10, 64)
	if err != nil {
		return err
	}
	var sopts []constant.ServerOption
	if grpcPort != 0 {
		sopts = append(sopts, constant.WithGrpcPort(grpcPort))
	}
	sc := []constant.ServerConfig{*constant.NewServerConfig(host, port, sopts...)}
	cc := constant.NewClientConfig(constant.WithTimeoutMs(5000), constant.WithNotLoadCacheAtStart(true),
		constant.WithLogDir(dir+"/log"), constant.WithCacheDir(dir+"/cache"), constant.WithLogLevel("warn"),
		constant.WithUsername(user), constant.WithPassword(password))
	nc, err := clients.NewNamingClient(vo.NacosClientParam{ClientConfig: cc, ServerConfigs: sc})
	if err != nil {
		return err
	}
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
		if len(params) == 1 {
			ok, err = nc.RegisterInstance(params[0])
		} else {
			ok, err = nc.BatchRegisterInstance(vo.BatchRegisterInstanceParam{ServiceName: service, GroupName: group, Instances: params})
		}
		if ok && err == nil {
			return nil
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("register: %v %v", ok, err)
		}
		time.Sleep(200 * time.Millisecond)
	}
}
