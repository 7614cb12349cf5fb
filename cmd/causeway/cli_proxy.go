package main

import (
	"context"
	"fmt"
	"os"
	"sort"
	"strings"

	"github.com/causeway-dev/causeway/client"
)

// proxyTypes are the xDS types proxy-status shows, in istioctl's order.
var proxyTypes = []struct{ head, url string }{
	{"CDS", client.TypeCDS}, {"LDS", client.TypeLDS}, {"EDS", client.TypeEDS}, {"RDS", client.TypeRDS}}

// cliProxyStatus: causeway proxy-status [node...] — one row per connected
// xDS client with the sync state of each type.
func cliProxyStatus(args []string) int {
	fs := newFlagSet("proxy-status", "proxy-status [node-id...] [-o table|json|yaml]")
	s := sessionFlags(fs)
	output := fs.String("o", "table", "output: table, json or yaml")
	pos, err := parseInterleaved(fs, args)
	if err != nil {
		return parseFailed(err)
	}
	if err := checkFormat(*output); err != nil {
		fmt.Fprintf(os.Stderr, "causeway proxy-status: %v\n", err)
		return exitUsage
	}
	return s.run(func(ctx context.Context, c *client.Client) int {
		nodes, err := c.Nodes(ctx)
		if err != nil {
			return s.fail(err)
		}
		rows := proxyRows(nodes, pos)
		if *output != "table" {
			if err := printAs(s.out, *output, rows); err != nil {
				return s.fail(err)
			}
			return exitOK
		}
		cols := []column{field("NAME", "id"), field("ROLE", "role"), field("SCOPE", "scope")}
		for _, t := range proxyTypes {
			cols = append(cols, field(t.head, t.head))
		}
		cols = append(cols, field("STREAM", "stream"))
		printTable(s.out, cols, rows)
		return exitOK
	})
}

// proxyRows answers one row per node (those named, or all): its scope
// (namespace, and /gateway for a gateway), the state of each type and,
// under "nacks" by the same names, each standing NACK with the version
// refused and when (json and yaml show it; the table has the error).
func proxyRows(nodes []client.Node, only []string) []client.Object {
	rows := []client.Object{}
	for _, n := range nodes {
		if len(only) > 0 && !contains(only, n.ID) {
			continue
		}
		scope := n.Namespace
		if n.Gateway != "" {
			scope += "/" + n.Gateway
		}
		row := client.Object{"id": n.ID, "role": n.Role, "scope": scope, "stream": n.Stream}
		nacks := client.Object{}
		for _, t := range proxyTypes {
			state, msg := n.SyncState(t.url)
			if state == client.Nacked {
				state += " (" + msg + ")"
				nack, _ := n.Nack(t.url)
				nacks[t.head] = nack
			}
			row[t.head] = state
		}
		row["nacks"] = nacks
		rows = append(rows, row)
	}
	return rows
}

// proxyConfigKinds are what proxy-config shows, by name.
var proxyConfigKinds = map[string]string{"listeners": client.TypeLDS, "routes": client.TypeRDS,
	"clusters": client.TypeCDS, "endpoints": client.TypeEDS, "all": ""}

// cliProxyConfig: causeway proxy-config <node> [listeners|routes|clusters|endpoints|all].
func cliProxyConfig(args []string) int {
	fs := newFlagSet("proxy-config", "proxy-config <node-id> [listeners|routes|clusters|endpoints|all] [-o table|json|yaml]")
	s := sessionFlags(fs)
	output := fs.String("o", "table", "output: table, json or yaml (json and yaml print the resources whole)")
	pos, err := parseInterleaved(fs, args)
	if err != nil {
		return parseFailed(err)
	}
	what := "all"
	if len(pos) == 2 {
		what = pos[1]
	}
	if _, ok := proxyConfigKinds[what]; !ok || len(pos) < 1 || len(pos) > 2 {
		fmt.Fprintln(os.Stderr, "causeway proxy-config: want <node-id> [listeners|routes|clusters|endpoints|all]")
		return exitUsage
	}
	if err := checkFormat(*output); err != nil {
		fmt.Fprintf(os.Stderr, "causeway proxy-config: %v\n", err)
		return exitUsage
	}
	return s.run(func(ctx context.Context, c *client.Client) int {
		dump, err := c.ConfigDump(ctx, pos[0])
		if err != nil {
			return s.fail(err)
		}
		byType := map[string][]client.Object{}
		for _, d := range dump {
			for _, r := range d.Resources {
				var o client.Object
				if err := jsonUnmarshal(r, &o); err != nil {
					return s.fail(fmt.Errorf("decode a %s resource: %w", d.TypeURL, err))
				}
				byType[d.TypeURL] = append(byType[d.TypeURL], o)
			}
		}
		if *output != "table" {
			return printDump(s, *output, what, byType)
		}
		printProxyTables(s, what, byType)
		return exitOK
	})
}

func printDump(s *session, format, what string, byType map[string][]client.Object) int {
	out := map[string]any{}
	for name, url := range proxyConfigKinds {
		if url != "" && (what == "all" || what == name) {
			out[name] = orEmpty(byType[url])
		}
	}
	var v any = out
	if what != "all" {
		v = out[what]
	}
	if err := printAs(s.out, format, v); err != nil {
		return s.fail(err)
	}
	return exitOK
}

func orEmpty(l []client.Object) []client.Object {
	if l == nil {
		return []client.Object{}
	}
	return l
}

func printProxyTables(s *session, what string, byType map[string][]client.Object) {
	sections := []struct {
		name string
		show func()
	}{
		{"listeners", func() { printTable(s.out, listenerColumns, byType[client.TypeLDS]) }},
		{"routes", func() { printTable(s.out, routeRowColumns, routeRows(byType[client.TypeRDS])) }},
		{"clusters", func() { printTable(s.out, clusterColumns, clusterRows(byType[client.TypeCDS], byType[client.TypeEDS])) }},
		{"endpoints", func() { printTable(s.out, endpointColumns, endpointRows(byType[client.TypeEDS])) }},
	}
	first := true
	for _, sec := range sections {
		if what != "all" && what != sec.name {
			continue
		}
		if what == "all" {
			if !first {
				fmt.Fprintln(s.out)
			}
			fmt.Fprintf(s.out, "%s:\n", strings.ToUpper(sec.name))
		}
		first = false
		sec.show()
	}
}

var listenerColumns = []column{field("NAME", "name"), field("ADDRESS", "address.socketAddress.address"),
	field("PORT", "address.socketAddress.portValue"), {"FILTER CHAINS", func(o client.Object) string {
		fc, _ := o["filterChains"].([]any)
		return fmt.Sprint(len(fc))
	}}}

// routeRows flattens route configurations: one row per route of each
// virtual host.
func routeRows(configs []client.Object) []client.Object {
	var rows []client.Object
	for _, rc := range configs {
		vhosts, _ := rc["virtualHosts"].([]any)
		for _, vh := range vhosts {
			routes, _ := lookup(vh, "routes").([]any)
			for _, r := range routes {
				rows = append(rows, client.Object{"config": rc["name"], "vhost": lookup(vh, "name"),
					"domains": lookup(vh, "domains"), "match": routeMatch(r), "cluster": routeTarget(r)})
			}
		}
	}
	return rows
}

var routeRowColumns = []column{field("NAME", "config"), field("VIRTUAL HOST", "vhost"), field("DOMAINS", "domains"),
	field("MATCH", "match"), field("CLUSTER", "cluster")}

// routeMatch renders a route's path condition and how many headers it
// also needs.
func routeMatch(r any) string {
	m := ""
	for _, k := range []string{"prefix", "path", "pathSeparatedPrefix", "safeRegex.regex"} {
		if v, ok := lookup(r, "match."+k).(string); ok {
			m = strings.TrimSuffix(k, ".regex") + " " + v
			break
		}
	}
	if h, ok := lookup(r, "match.headers").([]any); ok && len(h) > 0 {
		m += fmt.Sprintf(" +%d header(s)", len(h))
	}
	return text(m)
}

// routeTarget renders where a route sends: a cluster, weighted clusters,
// or the direct response or redirect it answers.
func routeTarget(r any) string {
	if c, ok := lookup(r, "route.cluster").(string); ok {
		return c
	}
	if ws, ok := lookup(r, "route.weightedClusters.clusters").([]any); ok {
		var parts []string
		for _, w := range ws {
			parts = append(parts, fmt.Sprintf("%s:%s", text(lookup(w, "name")), text(lookup(w, "weight"))))
		}
		return strings.Join(parts, ",")
	}
	if st := lookup(r, "directResponse.status"); st != nil {
		return "direct " + text(st)
	}
	if lookup(r, "redirect") != nil {
		return "redirect"
	}
	return "-"
}

// clusterRows pairs each cluster with its endpoint count, from the
// cluster's own load assignment or its EDS assignment.
func clusterRows(clusters, assignments []client.Object) []client.Object {
	eds := map[string]int{}
	for _, a := range assignments {
		eds[text(a["clusterName"])] = countEndpoints(a)
	}
	var rows []client.Object
	for _, c := range clusters {
		typ := text(c["type"])
		if typ == "-" {
			typ = "STATIC" // protojson leaves the zero enum out
		}
		n := countEndpoints(lookup(c, "loadAssignment"))
		if typ == "EDS" {
			name := text(lookup(c, "edsClusterConfig.serviceName")) // EDS names it so when set
			if name == "-" {
				name = text(c["name"])
			}
			n = eds[name]
		}
		rows = append(rows, client.Object{"name": c["name"], "type": typ, "endpoints": float64(n)})
	}
	return rows
}

var clusterColumns = []column{field("NAME", "name"), field("TYPE", "type"), field("ENDPOINTS", "endpoints")}

func countEndpoints(assignment any) int {
	n := 0
	groups, _ := lookup(assignment, "endpoints").([]any)
	for _, g := range groups {
		lbs, _ := lookup(g, "lbEndpoints").([]any)
		n += len(lbs)
	}
	return n
}

// endpointRows lists every endpoint of every assignment, by cluster.
func endpointRows(assignments []client.Object) []client.Object {
	var rows []client.Object
	for _, a := range assignments {
		groups, _ := a["endpoints"].([]any)
		for _, g := range groups {
			lbs, _ := lookup(g, "lbEndpoints").([]any)
			for _, lb := range lbs {
				addr := text(lookup(lb, "endpoint.address.socketAddress.address")) + ":" +
					text(lookup(lb, "endpoint.address.socketAddress.portValue"))
				health := text(lookup(lb, "healthStatus"))
				if health == "-" {
					health = "UNKNOWN"
				}
				rows = append(rows, client.Object{"cluster": a["clusterName"], "endpoint": addr, "health": health,
					"weight": lookup(lb, "loadBalancingWeight")})
			}
		}
	}
	sort.SliceStable(rows, func(i, j int) bool { return text(rows[i]["cluster"]) < text(rows[j]["cluster"]) })
	return rows
}

var endpointColumns = []column{field("CLUSTER", "cluster"), field("ENDPOINT", "endpoint"), field("HEALTH", "health"),
	field("WEIGHT", "weight")}
