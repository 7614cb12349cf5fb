package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"sort"
	"strings"
	"time"

	"github.com/causeway-dev/causeway/client"
)

// getOptions are the flags of get.
type getOptions struct {
	namespace, group, service, gateway, project, kind, output string
	names                                                     []string // positional names after the resource
}

// resource is one thing get lists: how to fetch it and its table.
type resource struct {
	fetch   func(ctx context.Context, c *client.Client, o getOptions) ([]client.Object, error)
	columns []column
	nameKey string // the field positional names filter on
}

// getResources by name; getAliases maps short and singular names.
var getResources = map[string]resource{
	"services":   {fetchServices, serviceColumns, "name"},
	"instances":  {fetchInstances, instanceColumns, "ip"},
	"configs":    {fetchConfigs, configColumns, "dataId"},
	"namespaces": {fetchNamespaces, namespaceColumns, "namespace"},
	"gateways":   {fetchGateways, gatewayColumns, "id"},
	"routes":     {fetchGatewayList(client.Routes), routeColumns, "name"},
	"plugins":    {fetchGatewayList(client.Plugins), pluginColumns, "pluginName"},
	"http2rpcs":  {fetchGatewayList(client.HTTP2RPCs), http2rpcColumns, "name"},
	"policies":   {fetchPolicies, policyColumns, "name"},
	"routerules": {fetchRouteRules, routeRuleColumns, ""},
	"nodes":      {fetchNodes, nodeColumns, "id"},
}

var getAliases = map[string]string{
	"service": "services", "svc": "services", "instance": "instances", "config": "configs",
	"namespace": "namespaces", "ns": "namespaces", "gateway": "gateways", "gw": "gateways",
	"route": "routes", "plugin": "plugins", "http2rpc": "http2rpcs", "policy": "policies",
	"routerule": "routerules", "node": "nodes",
}

// resourceNames lists get's resources in order, for usage and completion.
func resourceNames() []string {
	names := make([]string, 0, len(getResources))
	for n := range getResources {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

// cliGet: causeway get <resource> [name...] [flags].
func cliGet(args []string) int {
	fs := newFlagSet("get", "get "+strings.Join(resourceNames(), "|")+" [name...] [flags]")
	s := sessionFlags(fs)
	var o getOptions
	fs.StringVar(&o.namespace, "n", "", "Nacos namespace id (default public)")
	fs.StringVar(&o.group, "g", "", "Nacos group (default: every group; DEFAULT_GROUP for instances)")
	fs.StringVar(&o.service, "service", "", "service (instances) or microservice (routerules)")
	fs.StringVar(&o.gateway, "gateway", "", "gateway id (routes, plugins, http2rpcs, gateways)")
	fs.StringVar(&o.project, "project", "default", "CSE project (gateways, routes, plugins, http2rpcs, policies, routerules)")
	fs.StringVar(&o.kind, "kind", "", "policy kind (policies; default every kind)")
	fs.StringVar(&o.output, "o", "table", "output: table, json or yaml")
	pos, err := parseInterleaved(fs, args)
	if err != nil {
		return parseFailed(err)
	}
	if err := checkGet(&o, pos); err != nil {
		fmt.Fprintf(os.Stderr, "causeway get: %v\n", err)
		return exitUsage
	}
	res := getResources[canonical(pos[0])]
	return s.run(func(ctx context.Context, c *client.Client) int {
		items, err := res.fetch(ctx, c, o)
		if err != nil {
			return s.fail(err)
		}
		items = filterNames(items, res.nameKey, o.names)
		if o.output == "table" {
			printTable(s.out, res.columns, items)
			return exitOK
		}
		if items == nil {
			items = []client.Object{}
		}
		if err := printAs(s.out, o.output, items); err != nil {
			return s.fail(err)
		}
		return exitOK
	})
}

func canonical(name string) string {
	if c, ok := getAliases[name]; ok {
		return c
	}
	return name
}

// checkGet checks the resource and the flags it needs.
func checkGet(o *getOptions, pos []string) error {
	if len(pos) == 0 {
		return errors.New("want a resource: " + strings.Join(resourceNames(), ", "))
	}
	name := canonical(pos[0])
	if _, ok := getResources[name]; !ok {
		return fmt.Errorf("unknown resource %q: want one of %s", pos[0], strings.Join(resourceNames(), ", "))
	}
	o.names = pos[1:]
	if err := checkFormat(o.output); err != nil {
		return err
	}
	switch name {
	case "instances", "routerules":
		if o.service == "" && len(o.names) == 1 { // "get instances orders"
			o.service, o.names = o.names[0], nil
		}
		if o.service == "" {
			return fmt.Errorf("%s: name the service with --service", name)
		}
	case "routes", "plugins", "http2rpcs":
		if o.gateway == "" {
			return fmt.Errorf("%s: name the gateway with --gateway", name)
		}
	case "policies":
		if o.kind != "" && !contains(client.PolicyKinds, o.kind) {
			return fmt.Errorf("--kind %q: want one of %s", o.kind, strings.Join(client.PolicyKinds, ", "))
		}
	}
	return nil
}

func contains(list []string, s string) bool {
	for _, e := range list {
		if e == s {
			return true
		}
	}
	return false
}

// filterNames keeps the items whose key is one of names (all when none).
func filterNames(items []client.Object, key string, names []string) []client.Object {
	if len(names) == 0 || key == "" {
		return items
	}
	var out []client.Object
	for _, o := range items {
		if v, ok := o[key].(string); ok && contains(names, v) {
			out = append(out, o)
		}
	}
	return out
}

// age renders a time as kubectl does: 5s, 3m, 2h, 4d.
func age(t time.Time) string {
	d := time.Since(t)
	switch {
	case t.IsZero():
		return "-"
	case d < time.Minute:
		return fmt.Sprintf("%ds", int(d.Seconds()))
	case d < time.Hour:
		return fmt.Sprintf("%dm", int(d.Minutes()))
	case d < 48*time.Hour:
		return fmt.Sprintf("%dh", int(d.Hours()))
	}
	return fmt.Sprintf("%dd", int(d.Hours()/24))
}
