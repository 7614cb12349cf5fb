package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"

	"github.com/causeway-dev/causeway/api/admin"
	clusterapi "github.com/causeway-dev/causeway/api/cluster"
	"github.com/causeway-dev/causeway/api/cse"
	"github.com/causeway-dev/causeway/api/health"
	"github.com/causeway-dev/causeway/api/httpx"
	kieapi "github.com/causeway-dev/causeway/api/kie"
	nacosv1 "github.com/causeway-dev/causeway/api/nacos/v1"
	nacosv2 "github.com/causeway-dev/causeway/api/nacos/v2"
	nacosv3 "github.com/causeway-dev/causeway/api/nacos/v3"
	aiapi "github.com/causeway-dev/causeway/api/nacos/v3/ai"
	scapi "github.com/causeway-dev/causeway/api/servicecomb"
	"github.com/causeway-dev/causeway/console"
	"github.com/causeway-dev/causeway/http2rpc/bridge"
	"github.com/causeway-dev/causeway/http2rpc/dubbo"
	"github.com/causeway-dev/causeway/registry/ai"
	"github.com/causeway-dev/causeway/registry/ai/catalog"
	configs "github.com/causeway-dev/causeway/registry/config"
	"github.com/causeway-dev/causeway/registry/gateway"
	"github.com/causeway-dev/causeway/registry/governance"
	"github.com/causeway-dev/causeway/registry/http2rpc"
	"github.com/causeway-dev/causeway/registry/kie"
	"github.com/causeway-dev/causeway/registry/naming"
	"github.com/causeway-dev/causeway/registry/plugin"
	"github.com/causeway-dev/causeway/registry/servicecomb"
	"github.com/causeway-dev/causeway/registry/store"
	"github.com/causeway-dev/causeway/registry/tenancy"
)

// domain is every registry service over the one store.
type domain struct {
	naming      *naming.Registry
	gateways    *gateway.Registry
	namespaces  *tenancy.Service
	engines     *tenancy.Engines // CSE engines, the tenants (seed 004 §5.3)
	configs     *configs.Service
	governance  *governance.Registry
	kie         *kie.Service
	plugins     *plugin.Registry
	servicecomb *servicecomb.Registry
	http2rpc    *http2rpc.Registry
	mcp         *catalog.MCP
	a2a         *catalog.A2A
	prompts     *ai.Prompts
	artifacts   artifacts // skills and agent specs
	// seal signs gateways' bridge routes and the bridge checks it.
	seal http2rpc.Seal
}

// wire builds the domain services over the store, the control plane over
// them, and mounts every dialect. It is the one place where the pipeline is
// assembled.
func wire(ctx context.Context, cfg config, st store.Store, log *slog.Logger, out io.Writer) (*app, error) {
	a := &app{probe: &health.Probe{}}
	members, err := openCluster(ctx, st, log)
	if err != nil {
		return nil, err
	}
	a.cluster = members
	a.closers = append(a.closers, members.Close)
	a.probe.Check = members.Reachable
	d, err := wireDomain(ctx, cfg, st, log, a)
	if err != nil {
		a.close()
		return nil, err
	}
	a.domain = d
	metrics := newMetrics(st, d.naming, d.configs)
	metrics.MustRegister(newClusterCollector(a.cluster))
	authn, authDialect, users, err := wireAuth(ctx, cfg, st, log, out)
	if err != nil {
		a.close()
		return nil, fmt.Errorf("auth: %w", err)
	}
	engines, err := tenancy.NewEngines(ctx, st, d.namespaces, users, d.naming,
		tenancy.EngineOptions{Logger: log.With("component", "engines"), Configs: d.configs})
	if err != nil {
		a.close()
		return nil, fmt.Errorf("engines: %w", err)
	}
	a.closers = append(a.closers, engines.Close)
	d.engines = engines
	a.xds = wireControlPlane(ctx, d, cfg, metrics, log, xdsVerifier(cfg, users))
	a.closers = append(a.closers, a.xds.stop)
	grpcUsers := users
	if !cfg.Auth {
		grpcUsers = nil
	}
	a.nacos = wireNacosGRPC(ctx, d, grpcUsers, log)
	a.closers = append(a.closers, a.nacos.stop)
	registerNacosGRPCMetrics(metrics, a.nacos.server)
	// Nacos 1 clients get pushes from an ephemeral UDP port, as from Nacos.
	push, err := net.ListenUDP("udp", &net.UDPAddr{})
	if err != nil {
		a.close()
		return nil, fmt.Errorf("open push socket: %w", err)
	}
	a.closers = append(a.closers, func() { _ = push.Close() })
	mux := http.NewServeMux()
	// Nacos clients may send a username and password on every request
	// instead of a token; the other dialects never could, so they keep to
	// tokens and no password check is reachable through them.
	httpx.Mount(mux, authn.nacos,
		authDialect,
		nacosv1.Dialect(d.naming, nacosv1.Options{ServerAddr: cfg.HTTPAddr, Logger: log, Push: push,
			Cluster: a.cluster, Ready: a.probe.Ready}),
		nacosv1.ConfigDialect(d.configs, nacosv1.ConfigOptions{Logger: log}),
		nacosv1.ConsoleNamespaceDialect(d.namespaces, nacosv1.Options{Logger: log}),
		nacosv2.Dialect(d.naming, nacosv2.Options{Logger: log}),
		nacosv2.NamespaceDialect(d.namespaces, nacosv2.Options{Logger: log}),
		nacosv2.ConfigDialect(d.configs, nacosv2.Options{Logger: log}),
		nacosv3.Dialect(nacosv3.Deps{Naming: d.naming, Configs: d.configs, Namespaces: d.namespaces,
			Core: nacosV3Core(cfg, a, d), AI: aiapi.Deps{MCP: d.mcp, A2A: d.a2a, Prompts: d.prompts,
				Skills: d.artifacts.skills, AgentSpecs: d.artifacts.agentSpecs}},
			nacosv3.Options{Logger: log}),
	)
	ui, err := console.Dialect()
	if err != nil {
		a.close()
		return nil, err
	}
	httpx.Mount(mux, authn.tokens,
		a.probe.Dialect(),
		ui,
		clusterapi.Dialect(a.cluster, d.naming),
		cse.Dialect(d.gateways, cse.Options{Logger: log, Governance: d.governance, Plugins: d.plugins, HTTP2RPC: d.http2rpc,
			Namespaces: d.namespaces, Engines: d.engines, Endpoints: a.endpoints.get}),
		kieapi.Dialect(d.kie, kieapi.Options{Logger: log}),
		scapi.Dialect(d.servicecomb, scapi.Options{Logger: log, Login: users}),
		admin.WithXDSTokens(admin.DialectWithWasm(a.xds.server, metrics, d.plugins), users),
	)
	proxies, err := httpx.ParseTrustedProxies(cfg.TrustedProxies)
	if err != nil {
		a.close()
		return nil, fmt.Errorf("--trusted-proxies: %w", err)
	}
	a.handler = httpx.TrustProxies(proxies, mux)
	pool := dubbo.NewPool(dubbo.Options{})
	a.closers = append(a.closers, func() { _ = pool.Close() })
	a.bridge = bridge.New(d.http2rpc, d.naming, pool, bridge.Options{Logger: log.With("component", "http2rpc"), Seal: d.seal})
	return a, nil
}

// wireDomain opens the registry services; each registers its Close on a.
func wireDomain(ctx context.Context, cfg config, st store.Store, log *slog.Logger, a *app) (*domain, error) {
	d := &domain{}
	var err error
	if d.naming, err = naming.New(ctx, st, naming.Options{Logger: log.With("component", "naming"), Cluster: a.cluster}); err != nil {
		return nil, err
	}
	a.closers = append(a.closers, d.naming.Close)
	// MCP servers and agents before the gateways, whose MCP and A2A routes
	// they are warned about.
	if d.mcp, d.a2a, err = wireMCP(ctx, st, log, a, d.naming); err != nil {
		return nil, err
	}
	d.gateways, err = gateway.New(ctx, st, gateway.Options{Logger: log.With("component", "gateway"),
		Services: serviceChecker{d.naming}, MCP: d.mcp, A2A: d.a2a})
	if err != nil {
		return nil, err
	}
	a.closers = append(a.closers, d.gateways.Close)
	if d.configs, err = configs.New(ctx, st, configs.Options{Logger: log.With("component", "config")}); err != nil {
		return nil, err
	}
	a.closers = append(a.closers, d.configs.Close)
	d.namespaces, err = tenancy.New(ctx, st, tenancy.Options{Logger: log.With("component", "tenancy"),
		Counter: d.configs})
	if err != nil {
		return nil, err
	}
	a.closers = append(a.closers, d.namespaces.Close)
	if d.governance, err = governance.New(ctx, st, governance.Options{Logger: log.With("component", "governance")}); err != nil {
		return nil, err
	}
	a.closers = append(a.closers, d.governance.Close)
	if d.kie, err = kie.New(ctx, st, kie.Options{Logger: log.With("component", "kie")}); err != nil {
		return nil, err
	}
	a.closers = append(a.closers, d.kie.Close)
	if d.prompts, err = wirePrompts(ctx, st, log, a); err != nil {
		return nil, err
	}
	allow, err := plugin.ParseFetchAllow(cfg.PluginFetchAllow)
	if err != nil {
		return nil, fmt.Errorf("--plugin-fetch-allow: %w", err)
	}
	if !allow.Empty() {
		log.Info("plugin module URLs may reach these internal addresses", "plugin-fetch-allow", cfg.PluginFetchAllow)
	}
	d.plugins, err = plugin.New(ctx, st, d.gateways, plugin.Options{Logger: log.With("component", "plugin"),
		Fetcher: plugin.NewFetcher(plugin.FetcherOptions{Allow: allow})})
	if err != nil {
		return nil, err
	}
	a.closers = append(a.closers, d.plugins.Close)
	d.servicecomb, err = servicecomb.New(ctx, st, d.naming, servicecomb.Options{Logger: log.With("component", "servicecomb")})
	if err != nil {
		return nil, err
	}
	a.closers = append(a.closers, d.servicecomb.Close)
	if d.http2rpc, err = http2rpc.New(ctx, st, d.gateways, http2rpc.Options{Logger: log.With("component", "http2rpc")}); err != nil {
		return nil, err
	}
	a.closers = append(a.closers, d.http2rpc.Close)
	if d.seal, err = http2rpc.LoadSeal(ctx, st); err != nil {
		return nil, err
	}
	if d.artifacts, err = wireArtifacts(ctx, st, log, a); err != nil {
		return nil, err
	}
	d.gateways.AddDependent(d.plugins)
	d.gateways.AddDependent(d.http2rpc)
	return d, nil
}

// serviceChecker lets the gateway registry ask the naming registry whether
// a route's destination exists.
type serviceChecker struct{ reg *naming.Registry }

func (c serviceChecker) ServiceExists(namespace, group, name string) bool {
	_, err := c.reg.GetService(naming.ServiceKey{Namespace: namespace, Group: group, Name: name})
	return err == nil
}
