package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"strconv"

	"github.com/causeway-dev/causeway/client"
)

// cliPlugin: causeway plugin push <file.wasm> --gateway gw1 --name key-auth
// [--config file.json] [--priority N] [--phase P].
func cliPlugin(args []string) int {
	if len(args) == 0 || args[0] != "push" {
		fmt.Fprintln(os.Stderr, "usage: causeway plugin push <file.wasm> --gateway gw1 --name key-auth [--config file.json] [--priority N]")
		return exitUsage
	}
	fs := newFlagSet("plugin push", "plugin push <file.wasm> --gateway gw1 --name key-auth [--config file.json] [--priority N] [--phase P]")
	s := sessionFlagsNamed(fs, "login-config")
	gateway := fs.String("gateway", "", "gateway id (required)")
	name := fs.String("name", "", "plugin name (required): the plugin of that name is created or updated")
	project := fs.String("project", "default", "CSE project")
	configFile := fs.String("config", "", "JSON file of the plugin's configuration")
	phase := fs.String("phase", "", "filter phase: AUTHN, AUTHZ, STATS or UNSPECIFIED_PHASE (server default when unset)")
	var priority optionalInt
	fs.Var(&priority, "priority", "order within the phase (higher runs first; server default when unset)")
	pos, err := parseInterleaved(fs, args[1:])
	if err != nil {
		return parseFailed(err)
	}
	if len(pos) != 1 || *gateway == "" || *name == "" {
		fmt.Fprintln(os.Stderr, "causeway plugin push: want one .wasm file, --gateway and --name")
		return exitUsage
	}
	spec, err := pluginSpec(pos[0], *name, *configFile, *phase, priority.v)
	if err != nil {
		fmt.Fprintf(os.Stderr, "causeway plugin push: %v\n", err)
		return exitUsage
	}
	return pushPlugin(s, pos[0], *project, *gateway, spec)
}

func pushPlugin(s *session, file, project, gateway string, spec client.PluginSpec) int {
	wasm, err := os.ReadFile(file)
	if err != nil {
		return s.fail(err)
	}
	return s.run(func(ctx context.Context, c *client.Client) int {
		m, err := c.UploadModule(ctx, wasm)
		if err != nil {
			return s.fail(err)
		}
		fmt.Fprintf(s.out, "module %s uploaded (%d bytes)\n", m.URL, len(wasm))
		spec.URL = m.URL
		r, err := c.PushPlugin(ctx, project, gateway, spec)
		if err != nil {
			return s.fail(err)
		}
		fmt.Fprintf(s.out, "%s %s\n", r.Doc, r.Action)
		return exitOK
	})
}

// pluginSpec checks the flags: the config must be JSON.
func pluginSpec(file, name, configFile, phase string, priority *int64) (client.PluginSpec, error) {
	spec := client.PluginSpec{Name: name, Phase: phase, Priority: priority}
	if configFile != "" {
		b, err := os.ReadFile(configFile)
		if err != nil {
			return spec, err
		}
		if !json.Valid(b) {
			return spec, fmt.Errorf("%s is not JSON", configFile)
		}
		spec.Config = b
	}
	return spec, nil
}

// optionalInt is an int flag that knows whether it was set.
type optionalInt struct{ v *int64 }

var _ flag.Value = (*optionalInt)(nil)

func (o *optionalInt) String() string {
	if o == nil || o.v == nil {
		return ""
	}
	return strconv.FormatInt(*o.v, 10)
}

func (o *optionalInt) Set(s string) error {
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil {
		return fmt.Errorf("want an integer")
	}
	o.v = &n
	return nil
}
