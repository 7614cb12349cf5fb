// Command echo is the backend of the runnable examples (examples/*/run.sh):
// a small HTTP server that answers every request with its name, its port
// and the request headers, so that what a proxy did (which instance it
// chose, which headers it added) shows in the answer.
//
// It listens on -addr (port 0 picks a free one) and writes the port it got
// to -port-file, so that a script can start several at once without a race
// for ports. -status makes it answer that status (a failing instance);
// -fail-every N makes every Nth request before the last fail with 503 (a
// flaky instance that a retry gets past).
package main

import (
	"errors"
	"flag"
	"fmt"
	"log"
	"net"
	"net/http"
	"os"
	"strconv"
	"time"
)

func main() {
	name := flag.String("name", "echo", "name the answers carry (body and x-upstream header)")
	addr := flag.String("addr", "127.0.0.1:0", "address to listen on; port 0 picks a free one")
	portFile := flag.String("port-file", "", "file to write the chosen port to, once listening")
	status := flag.Int("status", http.StatusOK, "status every answer carries")
	failEvery := flag.Int("fail-every", 0, "answer 503 to every request but each Nth one (0: never)")
	flag.Parse()
	if err := run(*name, *addr, *portFile, *status, *failEvery); err != nil {
		log.Fatalf("echo %s: %v", *name, err)
	}
}

func run(name, addr, portFile string, status, failEvery int) error {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return fmt.Errorf("listen: %w", err)
	}
	port := ln.Addr().(*net.TCPAddr).Port
	if portFile != "" {
		// Written whole then renamed, so a reader never sees half a port.
		tmp := portFile + ".tmp"
		if err := os.WriteFile(tmp, []byte(strconv.Itoa(port)+"\n"), 0o600); err != nil {
			return fmt.Errorf("write port file: %w", err)
		}
		if err := os.Rename(tmp, portFile); err != nil {
			return fmt.Errorf("write port file: %w", err)
		}
	}
	h := &handler{name: name, port: port, status: status, failEvery: failEvery}
	srv := &http.Server{Handler: h, ReadHeaderTimeout: 5 * time.Second}
	if err := srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
		return fmt.Errorf("serve: %w", err)
	}
	return nil
}
