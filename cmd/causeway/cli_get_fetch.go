package main

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/causeway-dev/causeway/client"
)

// The fetchers and tables of get, one per resource.

func namespaceOr(ns string) string {
	if ns == "" {
		return "public"
	}
	return ns
}

func fetchServices(ctx context.Context, c *client.Client, o getOptions) ([]client.Object, error) {
	return c.Services(ctx, namespaceOr(o.namespace), o.group)
}

var serviceColumns = []column{field("NAME", "name"), field("GROUP", "groupName"),
	field("CLUSTERS", "clusterCount"), field("INSTANCES", "ipCount"), field("HEALTHY", "healthyInstanceCount")}

func fetchInstances(ctx context.Context, c *client.Client, o getOptions) ([]client.Object, error) {
	return c.Instances(ctx, namespaceOr(o.namespace), o.group, o.service)
}

var instanceColumns = []column{field("IP", "ip"), field("PORT", "port"), field("CLUSTER", "clusterName"),
	field("WEIGHT", "weight"), field("HEALTHY", "healthy"), field("ENABLED", "enabled"),
	field("EPHEMERAL", "ephemeral"), field("METADATA", "metadata")}

func fetchConfigs(ctx context.Context, c *client.Client, o getOptions) ([]client.Object, error) {
	return c.Configs(ctx, namespaceOr(o.namespace), o.group, "")
}

var configColumns = []column{field("DATA ID", "dataId"), field("GROUP", "groupName"), field("TYPE", "type"),
	field("APP", "appName"), {"MODIFIED", func(o client.Object) string { return millis(o["modifyTime"]) }}}

// millis renders a Nacos millisecond timestamp.
func millis(v any) string {
	ms, ok := v.(float64)
	if !ok || ms == 0 {
		return "-"
	}
	return time.UnixMilli(int64(ms)).UTC().Format("2006-01-02 15:04:05")
}

func fetchNamespaces(ctx context.Context, c *client.Client, _ getOptions) ([]client.Object, error) {
	return c.Namespaces(ctx)
}

var namespaceColumns = []column{
	{"NAMESPACE", func(o client.Object) string {
		if s, _ := o["namespace"].(string); s == "" {
			return "public" // Nacos answers the default namespace as ""
		}
		return text(o["namespace"])
	}},
	field("NAME", "namespaceShowName"), field("CONFIGS", "configCount"), field("QUOTA", "quota")}

// fetchGateways reads the gateways named by --gateway or as arguments,
// every gateway of the project with neither.
func fetchGateways(ctx context.Context, c *client.Client, o getOptions) ([]client.Object, error) {
	ids := append([]string(nil), o.names...)
	if o.gateway != "" {
		ids = append(ids, o.gateway)
	}
	if len(ids) == 0 {
		return c.Gateways(ctx, o.project)
	}
	var out []client.Object
	for _, id := range ids {
		g, err := c.Gateway(ctx, o.project, id)
		if err != nil {
			return nil, err
		}
		out = append(out, g)
	}
	return out, nil
}

var gatewayColumns = []column{field("NAME", "id"), {"LISTENERS", func(o client.Object) string {
	ls, _ := o["listeners"].([]any)
	var parts []string
	for _, l := range ls {
		parts = append(parts, fmt.Sprintf("%s:%s/%s", text(lookup(l, "name")), text(lookup(l, "port")), text(lookup(l, "protocol"))))
	}
	return text(strings.Join(parts, ","))
}}}

func fetchGatewayList(what string) func(context.Context, *client.Client, getOptions) ([]client.Object, error) {
	return func(ctx context.Context, c *client.Client, o getOptions) ([]client.Object, error) {
		return c.GatewayList(ctx, o.project, o.gateway, what)
	}
}

var routeColumns = []column{field("NAME", "name"), field("DOMAINS", "domains"),
	{"MATCH", func(o client.Object) string {
		m := text(lookup(o, "match.path.type")) + " " + text(lookup(o, "match.path.value"))
		if h, ok := lookup(o, "match.headers").([]any); ok && len(h) > 0 {
			m += fmt.Sprintf(" +%d header(s)", len(h))
		}
		return m
	}},
	{"DESTINATION", func(o client.Object) string {
		d := text(lookup(o, "destination.service"))
		if p := text(lookup(o, "destination.port")); p != "0" && p != "-" {
			d += ":" + p
		}
		return d
	}},
	field("ID", "id")}

var pluginColumns = []column{field("NAME", "pluginName"), field("PHASE", "phase"), field("PRIORITY", "priority"),
	field("FAIL", "failStrategy"), {"SHA256", func(o client.Object) string {
		s := text(o["sha256"])
		if len(s) > 12 {
			s = s[:12]
		}
		return s
	}}, field("ID", "id")}

var http2rpcColumns = []column{field("NAME", "name"), field("DUBBO SERVICE", "dubbo.service"),
	{"METHODS", func(o client.Object) string {
		ms, _ := lookup(o, "dubbo.methods").([]any)
		var parts []string
		for _, m := range ms {
			parts = append(parts, text(lookup(m, "httpMethods"))+" "+text(lookup(m, "httpPath"))+" -> "+text(lookup(m, "serviceMethod")))
		}
		return text(strings.Join(parts, "; "))
	}}, field("ID", "id")}

// fetchPolicies lists the policies of --kind, or of every kind.
func fetchPolicies(ctx context.Context, c *client.Client, o getOptions) ([]client.Object, error) {
	kinds := client.PolicyKinds
	if o.kind != "" {
		kinds = []string{o.kind}
	}
	var out []client.Object
	for _, k := range kinds {
		ps, err := c.ListPolicies(ctx, o.project, k)
		if err != nil {
			return nil, err
		}
		for _, p := range ps {
			b, err := json.Marshal(p)
			if err != nil {
				return nil, err
			}
			var obj client.Object
			if err := json.Unmarshal(b, &obj); err != nil {
				return nil, err
			}
			out = append(out, obj)
		}
	}
	return out, nil
}

var policyColumns = []column{field("KIND", "kind"), field("NAME", "name"), field("ENVIRONMENT", "selector.environment"),
	field("APP", "selector.app"), field("STATUS", "status"), field("ID", "id")}

func fetchRouteRules(ctx context.Context, c *client.Client, o getOptions) ([]client.Object, error) {
	return c.RouteRule(ctx, o.project, o.service)
}

var routeRuleColumns = []column{field("PRECEDENCE", "precedence"), field("MATCH", "match"), field("ROUTE", "route")}

func fetchNodes(ctx context.Context, c *client.Client, _ getOptions) ([]client.Object, error) {
	nodes, err := c.Nodes(ctx)
	if err != nil {
		return nil, err
	}
	out := make([]client.Object, 0, len(nodes))
	for _, n := range nodes {
		out = append(out, client.Object{"id": n.ID, "role": n.Role, "namespace": n.Namespace, "gateway": n.Gateway,
			"stream": n.Stream, "connectedAt": n.ConnectedAt.Format(time.RFC3339), "sent": n.Sent, "acked": n.Acked,
			"nacks": n.Nacks, "lastNack": n.LastNack})
	}
	return out, nil
}

var nodeColumns = []column{field("ID", "id"), field("ROLE", "role"), field("NAMESPACE", "namespace"),
	field("GATEWAY", "gateway"), field("STREAM", "stream"), {"AGE", func(o client.Object) string {
		t, err := time.Parse(time.RFC3339, text(o["connectedAt"]))
		if err != nil {
			return "-"
		}
		return age(t)
	}}}
