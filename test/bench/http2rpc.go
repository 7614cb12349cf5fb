package main

import (
	"bufio"
	"context"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"

	"github.com/causeway-dev/causeway/http2rpc/dubbo"
)

const benchInterface = "com.causeway.test.UserService"

// http2rpcBench measures a mapped call through a real Envoy gateway and
// Causeway's bridge to a real dubbo-go provider, then the same call made
// directly from Go with the bridge's own Dubbo client: the difference is
// what the HTTP path costs.
func http2rpcBench(binary, envoy string, workers int, d time.Duration, maxReq int) error {
	s, err := startServer(binary)
	if err != nil {
		return err
	}
	defer s.stop()
	port, stopProvider, err := startGoProvider()
	if err != nil {
		return err
	}
	defer stopProvider()
	gw, stopEnvoy, err := mappedGateway(s, envoy, port)
	if err != nil {
		return err
	}
	defer stopEnvoy()
	c := newClient("http://" + gw)
	fmt.Println(load(workers, d, maxReq, func(int64) error { return c.do(http.MethodGet, "/users/greet?name=ann") }).report("gateway"))
	pool := dubbo.NewPool(dubbo.Options{})
	defer pool.Close()
	addr := fmt.Sprintf("127.0.0.1:%d", port)
	inv := &dubbo.Invocation{Interface: benchInterface, Method: "greet", ParamTypes: []string{"java.lang.String"}, Args: []any{"ann"}}
	fmt.Println(load(workers, d, maxReq, func(int64) error {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		_, err := pool.Invoke(ctx, addr, inv)
		return err
	}).report("direct"))
	return nil
}

// mappedGateway registers the provider, makes gateway gwr with route
// /users and a mapping of greet(String name from the query), starts Envoy
// on it and answers its address once the mapping answers.
func mappedGateway(s *server, envoy string, providerPort int) (string, func(), error) {
	gwAddr, err := freeAddr()
	if err != nil {
		return "", nil, err
	}
	_, gwPort, _ := net.SplitHostPort(gwAddr)
	steps := []step{
		{"POST", fmt.Sprintf("/nacos/v1/ns/instance?serviceName=providers:%s::&ip=127.0.0.1&port=%d&ephemeral=false", benchInterface, providerPort), "", ""},
		{"PUT", "/v2/default/enginemgr/gateways/gwb", "application/json", `{"listeners":[{"name":"http","port":` + gwPort + `,"protocol":"HTTP"}]}`},
		{"POST", "/v2/default/enginemgr/gateways/gwb/routes", "application/json",
			`{"name":"users","domains":["*"],"match":{"path":{"type":"prefix","value":"/users"}},"destination":{"service":"users"}}`},
		{"POST", "/v2/default/enginemgr/gateways/gwb/http2Rpcs", "application/json", `{"name":"read","routeName":"users",
			"dubbo":{"service":"` + benchInterface + `","methods":[{"serviceMethod":"greet","httpMethods":["GET"],"httpPath":"/users/greet",
			"params":[{"paramKey":"name","paramSource":"QUERY","paramType":"java.lang.String"}]}]}}`},
	}
	if err := apply(s, steps); err != nil {
		return "", nil, err
	}
	cmd, dir, err := runEnvoy(envoy, s)
	if err != nil {
		return "", nil, err
	}
	stop := func() { _ = cmd.Process.Kill(); _ = cmd.Wait(); _ = os.RemoveAll(dir) }
	err = waitFor(20*time.Second, func() bool {
		resp, err := setupClient.Get("http://" + gwAddr + "/users/greet?name=ann")
		if err != nil {
			return false
		}
		resp.Body.Close()
		return resp.StatusCode == http.StatusOK
	})
	if err != nil {
		stop()
		return "", nil, fmt.Errorf("the mapping never answered: %w", err)
	}
	return gwAddr, stop, nil
}

// startGoProvider builds and runs the dubbo-go provider of
// test/dubbo/provider on a free port.
func startGoProvider() (int, func(), error) {
	dir, err := os.MkdirTemp("", "causeway-bench-dubbo-")
	if err != nil {
		return 0, nil, err
	}
	bin := filepath.Join(dir, "provider")
	build := exec.Command("go", "build", "-o", bin, ".")
	build.Dir = filepath.Join("test", "dubbo", "provider")
	if out, err := build.CombinedOutput(); err != nil {
		return 0, nil, fmt.Errorf("build the provider: %w\n%s", err, out)
	}
	addr, err := freeAddr()
	if err != nil {
		return 0, nil, err
	}
	_, p, _ := net.SplitHostPort(addr)
	cmd := exec.Command(bin, "-port", p)
	out, err := cmd.StdoutPipe()
	if err != nil {
		return 0, nil, err
	}
	if err := cmd.Start(); err != nil {
		return 0, nil, err
	}
	stop := func() { _ = cmd.Process.Kill(); _ = cmd.Wait(); _ = os.RemoveAll(dir) }
	ready := make(chan struct{})
	go func() {
		sc := bufio.NewScanner(out)
		for sc.Scan() {
			if strings.TrimSpace(sc.Text()) == "READY" {
				close(ready)
				break
			}
		}
		for sc.Scan() {
		}
	}()
	select {
	case <-ready:
	case <-time.After(60 * time.Second):
		stop()
		return 0, nil, fmt.Errorf("the provider did not start")
	}
	var port int
	_, _ = fmt.Sscan(p, &port)
	return port, stop, nil
}
