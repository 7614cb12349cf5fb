// Command causeway is the Causeway server: service registry, config centre
// and Envoy control plane in one process; and a client of such a server
// (cli_*.go, docs/CLI.md).
//
//	causeway serve [flags]   run the server
//	causeway version         print the version
//	causeway login|logout|apply|delete|get|proxy-status|proxy-config|plugin|completion
package main

import (
	"fmt"
	"os"
	"runtime"
)

// version is set at build time with -ldflags "-X main.version=...".
var version = "dev"

func main() {
	os.Exit(run(os.Args[1:]))
}

func run(args []string) int {
	if len(args) == 0 {
		fmt.Fprintln(os.Stderr, usage)
		return 2
	}
	switch args[0] {
	case "serve":
		return serve(args[1:])
	case "version", "--version", "-v":
		fmt.Printf("causeway %s (%s %s/%s)\n", version, runtime.Version(), runtime.GOOS, runtime.GOARCH)
		return 0
	case "help", "-h", "--help":
		fmt.Println(usage)
		return 0
	}
	if cmd, ok := cliCommands[args[0]]; ok {
		return cmd(args[1:])
	}
	fmt.Fprintf(os.Stderr, "causeway: unknown command %q (run \"causeway help\" for the commands)\n", args[0])
	return 2
}

const usage = `usage: causeway <command> [flags]

commands:
  serve     run the registry, config centre and control plane
  version   print the version

client commands (talk to a server over its REST API; docs/CLI.md):
  login, logout          log in and save the token; forget it
  apply -f, delete -f    create or update, or delete, what manifests name
  get <resource>         list services, instances, configs, gateways, routes, ...
  proxy-status           what each connected Envoy has ACKed
  proxy-config <node>    a node's listeners, routes, clusters and endpoints
  plugin push            upload a WASM module and set a gateway plugin to it
  completion <shell>     shell completion for bash, zsh or fish

run "causeway serve -h" for the flags of serve, "causeway <command> -h" for the others`
