// Command dubboprovider is a real Dubbo 2 provider for Causeway's bridge
// tests: dubbo-go v3.3.2 serving com.causeway.test.UserService over the
// dubbo protocol (hessian2, POJOs, no IDL, no registry) on the port given
// by -port or DUBBO_PORT. It prints READY once it listens, so a test can
// start it and call it with generic invocations exactly as the bridge does.
package main

import (
	"flag"
	"fmt"
	"net"
	"os"
	"strconv"
	"time"

	hessian "github.com/apache/dubbo-go-hessian2"

	"dubbo.apache.org/dubbo-go/v3/global"
	_ "dubbo.apache.org/dubbo-go/v3/imports"
	"dubbo.apache.org/dubbo-go/v3/protocol"
	"dubbo.apache.org/dubbo-go/v3/server"
)

// Interface is the Java interface name the service is exported under.
const Interface = "com.causeway.test.UserService"

func main() {
	port := flag.Int("port", envPort(), "port to serve the dubbo protocol on (DUBBO_PORT)")
	flag.Parse()
	if err := run(*port); err != nil {
		fmt.Fprintln(os.Stderr, "dubboprovider:", err)
		os.Exit(1)
	}
}

func envPort() int {
	p, err := strconv.Atoi(os.Getenv("DUBBO_PORT"))
	if err != nil {
		return 20880
	}
	return p
}

func run(port int) error {
	hessian.RegisterPOJO(&User{})
	// Metadata type "remote" keeps dubbo-go from exporting its own
	// MetadataService on the same port (a second listener that would
	// collide with ours); there is no registry, so nothing is reported.
	app := global.DefaultApplicationConfig()
	app.Name = "causeway-test-provider"
	app.MetadataType = "remote"
	srv, err := server.NewServer(
		server.SetServerApplication(app),
		server.WithServerProtocol(protocol.WithDubbo(), protocol.WithIp("127.0.0.1"), protocol.WithPort(port)),
	)
	if err != nil {
		return fmt.Errorf("new server: %w", err)
	}
	if err := srv.RegisterService(&UserService{}, server.WithInterface(Interface), server.WithNotRegister()); err != nil {
		return fmt.Errorf("register %s: %w", Interface, err)
	}
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve() }()
	if err := awaitListening(port, errc); err != nil {
		return err
	}
	fmt.Println("READY")
	return <-errc
}

// awaitListening returns once the port accepts connections, or Serve failed.
func awaitListening(port int, errc chan error) error {
	addr := net.JoinHostPort("127.0.0.1", strconv.Itoa(port))
	for deadline := time.Now().Add(30 * time.Second); time.Now().Before(deadline); {
		select {
		case err := <-errc:
			return fmt.Errorf("serve: %w", err)
		default:
		}
		if c, err := net.DialTimeout("tcp", addr, 200*time.Millisecond); err == nil {
			c.Close()
			return nil
		}
		time.Sleep(50 * time.Millisecond)
	}
	return fmt.Errorf("%s not listening after 30s", addr)
}
