package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"os"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/causeway-dev/causeway/api/httpx"
	"github.com/causeway-dev/causeway/registry/plugin"
	"github.com/causeway-dev/causeway/registry/store/etcd"
)

// config is everything serve reads. Precedence: flags, then CAUSEWAY_*
// environment variables, then the --config YAML file, then defaults.
type config struct {
	DataDir       string   `yaml:"data-dir"`
	HTTPAddr      string   `yaml:"http-addr"`
	XDSAddr       string   `yaml:"xds-addr"`
	HTTP2RPCAddr  string   `yaml:"http2rpc-addr"`
	NacosGRPCAddr string   `yaml:"nacos-grpc-addr"`
	Store         string   `yaml:"store"`
	EtcdEndpoints []string `yaml:"etcd-endpoints"`
	// Etcd* reach and share an etcd cluster (etcdstore.go).
	EtcdPrefix    string `yaml:"etcd-prefix"`
	EtcdUsername  string `yaml:"etcd-username"`
	EtcdPassword  string `yaml:"etcd-password"`
	EtcdCA        string `yaml:"etcd-ca"`
	EtcdCert      string `yaml:"etcd-cert"`
	EtcdKey       string `yaml:"etcd-key"`
	EtcdMaxTxnOps int    `yaml:"etcd-max-txn-ops"`
	Auth          bool   `yaml:"auth"`
	AdminPassword string `yaml:"admin-password"`
	LogLevel      string `yaml:"log-level"`
	DebugAddr     string `yaml:"debug-addr"`
	// PluginFetchAllow names the internal addresses plugin module URLs may
	// reach (plugin.ParseFetchAllow): CIDRs, IPs, host names, with ports.
	PluginFetchAllow []string `yaml:"plugin-fetch-allow"`
	// XDSTLSCert and XDSTLSKey turn TLS on for the xDS port; XDSClientCA
	// makes it mutual (xdstls.go).
	XDSTLSCert  string `yaml:"xds-tls-cert"`
	XDSTLSKey   string `yaml:"xds-tls-key"`
	XDSClientCA string `yaml:"xds-client-ca"`
	// XDSMaxConns and XDSMaxConnsPerHost bound the xDS port's
	// connections (connlimit.go); 0 is no limit.
	XDSMaxConns        int `yaml:"xds-max-connections"`
	XDSMaxConnsPerHost int `yaml:"xds-max-connections-per-host"`
	// TrustedProxies may tell the client's address in X-Forwarded-For
	// (httpx.TrustProxies).
	TrustedProxies []string `yaml:"trusted-proxies"`
	// AdvertiseHost is the host other nodes and node lists reach this node
	// at (cluster.go).
	AdvertiseHost string `yaml:"advertise-host"`
}

// Default connection limits of the xDS port: at ~90 KiB per idle
// connection, 20,000 connections are ~1.8 GiB; a host is a node of the
// fleet, which holds a handful.
const (
	defaultXDSMaxConns        = 20000
	defaultXDSMaxConnsPerHost = 1000
)

func defaults() config {
	return config{
		DataDir: "./data", HTTPAddr: ":8848", XDSAddr: ":18000", HTTP2RPCAddr: ":8849",
		Store: "badger", Auth: true, LogLevel: "info", EtcdPrefix: defaultEtcdPrefix, EtcdMaxTxnOps: etcd.DefaultMaxTxnOps,
		XDSMaxConns: defaultXDSMaxConns, XDSMaxConnsPerHost: defaultXDSMaxConnsPerHost,
	}
}

// setting is one option, known by its flag name; the env name and YAML key
// derive from it.
type setting struct {
	name  string
	usage string
	set   func(c *config, v string) error
}

func settings() []setting {
	str := func(f func(*config) *string) func(*config, string) error {
		return func(c *config, v string) error { *f(c) = v; return nil }
	}
	count := func(f func(*config) *int) func(*config, string) error {
		return func(c *config, v string) error {
			n, err := strconv.Atoi(v)
			if err != nil || n < 0 {
				return fmt.Errorf("want a whole number, 0 or more, got %q", v)
			}
			*f(c) = n
			return nil
		}
	}
	return []setting{
		{"data-dir", "directory of the embedded store", str(func(c *config) *string { return &c.DataDir })},
		{"http-addr", "address of every REST API", str(func(c *config) *string { return &c.HTTPAddr })},
		{"xds-addr", "address of the xDS gRPC server", str(func(c *config) *string { return &c.XDSAddr })},
		{"http2rpc-addr", "address of the HTTP to Dubbo bridge", str(func(c *config) *string { return &c.HTTP2RPCAddr })},
		{"nacos-grpc-addr", "address of the Nacos 2 gRPC server (default: the HTTP port + 1000, where the SDKs look)",
			str(func(c *config) *string { return &c.NacosGRPCAddr })},
		{"store", "storage engine: badger or etcd", str(func(c *config) *string { return &c.Store })},
		{"etcd-endpoints", "comma-separated etcd endpoints (with --store etcd)", func(c *config, v string) error {
			c.EtcdEndpoints = splitList(v)
			return nil
		}},
		{"etcd-prefix", "key prefix of this installation in etcd, so that several share a cluster (default " + defaultEtcdPrefix + ")",
			str(func(c *config) *string { return &c.EtcdPrefix })},
		{"advertise-host", "host or IP the other nodes of a cluster and the Nacos node lists reach this node at (default: the host of --http-addr, else this machine's first non-loopback address)",
			str(func(c *config) *string { return &c.AdvertiseHost })},
		{"etcd-username", "etcd user, when etcd's auth is on", str(func(c *config) *string { return &c.EtcdUsername })},
		{"etcd-password", "password of --etcd-username", str(func(c *config) *string { return &c.EtcdPassword })},
		{"etcd-ca", "PEM CA certificates that sign the etcd members' certificates (https endpoints)",
			str(func(c *config) *string { return &c.EtcdCA })},
		{"etcd-cert", "PEM client certificate for etcd's client-cert auth", str(func(c *config) *string { return &c.EtcdCert })},
		{"etcd-key", "PEM private key of --etcd-cert", str(func(c *config) *string { return &c.EtcdKey })},
		{"etcd-max-txn-ops", fmt.Sprintf("most operations of one etcd transaction: set it to the etcd server's --max-txn-ops (default %d)",
			etcd.DefaultMaxTxnOps), count(func(c *config) *int { return &c.EtcdMaxTxnOps })},
		{"auth", "require authentication on the APIs (true|false)", func(c *config, v string) error {
			b, err := strconv.ParseBool(v)
			if err != nil {
				return fmt.Errorf("want true or false, got %q", v)
			}
			c.Auth = b
			return nil
		}},
		{"admin-password", "password of the first admin user nacos (default: generated and printed once)",
			str(func(c *config) *string { return &c.AdminPassword })},
		{"log-level", "debug, info, warn or error", str(func(c *config) *string { return &c.LogLevel })},
		{"debug-addr", "address of the Go profiler (/debug/pprof/), unauthenticated: keep it on loopback (default: off)",
			str(func(c *config) *string { return &c.DebugAddr })},
		{"xds-tls-cert", "PEM certificate (chain) of the xDS server: xDS over TLS (default: plaintext)",
			str(func(c *config) *string { return &c.XDSTLSCert })},
		{"xds-tls-key", "PEM private key of --xds-tls-cert", str(func(c *config) *string { return &c.XDSTLSKey })},
		{"xds-client-ca", "PEM CA certificates: xDS clients must present a certificate one of them signed (mTLS)",
			str(func(c *config) *string { return &c.XDSClientCA })},
		{"xds-max-connections", fmt.Sprintf("connections the xDS port holds at most, 0 for no limit (default %d)", defaultXDSMaxConns),
			count(func(c *config) *int { return &c.XDSMaxConns })},
		{"xds-max-connections-per-host", fmt.Sprintf("xDS connections one client address holds at most, loopback exempt, 0 for no limit (default %d)",
			defaultXDSMaxConnsPerHost), count(func(c *config) *int { return &c.XDSMaxConnsPerHost })},
		{"trusted-proxies", "comma-separated CIDRs and IPs of reverse proxies whose X-Forwarded-For names the client (default: none)",
			func(c *config, v string) error {
				c.TrustedProxies = splitList(v)
				return nil
			}},
		{"plugin-fetch-allow", "comma-separated CIDRs and host[:port]s that plugin module URLs may reach although " +
			"loopback, private or link-local (default: none)", func(c *config, v string) error {
			c.PluginFetchAllow = splitList(v)
			return nil
		}},
	}
}

func splitList(v string) []string {
	var out []string
	for _, s := range strings.Split(v, ",") {
		if s = strings.TrimSpace(s); s != "" {
			out = append(out, s)
		}
	}
	return out
}

func envName(flagName string) string {
	return "CAUSEWAY_" + strings.ToUpper(strings.ReplaceAll(flagName, "-", "_"))
}

// loadConfig parses args and the environment into a validated config.
func loadConfig(args []string, getenv func(string) string, stderr io.Writer) (config, error) {
	fs := flag.NewFlagSet("causeway serve", flag.ContinueOnError)
	// Errors are reported by the caller in one line; only -h prints usage.
	fs.SetOutput(io.Discard)
	configPath := fs.String("config", getenv("CAUSEWAY_CONFIG"), "YAML file with the same keys as the flags")
	flagVals := map[string]*string{}
	for _, s := range settings() {
		flagVals[s.name] = fs.String(s.name, "", s.usage+" (env "+envName(s.name)+")")
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			fs.SetOutput(stderr)
			fs.Usage()
		}
		return config{}, err
	}
	if fs.NArg() > 0 {
		return config{}, fmt.Errorf("unexpected argument %q", fs.Arg(0))
	}
	cfg := defaults()
	if *configPath != "" {
		if err := readConfigFile(*configPath, &cfg); err != nil {
			return config{}, err
		}
	}
	explicit := map[string]bool{}
	fs.Visit(func(f *flag.Flag) { explicit[f.Name] = true })
	for _, s := range settings() {
		v, from := *flagVals[s.name], "--"+s.name
		if !explicit[s.name] {
			if v, from = getenv(envName(s.name)), envName(s.name); v == "" {
				continue
			}
		}
		if err := s.set(&cfg, v); err != nil {
			return config{}, fmt.Errorf("invalid %s: %w", from, err)
		}
	}
	if cfg.NacosGRPCAddr == "" {
		cfg.NacosGRPCAddr = offsetPort(cfg.HTTPAddr, nacosGRPCOffset)
	}
	return cfg, cfg.validate()
}

// nacosGRPCOffset is where Nacos 2 SDKs look for the gRPC port: the HTTP
// port plus 1000 (Nacos's nacos.server.grpc.port.offset).
const nacosGRPCOffset = 1000

// offsetPort answers addr with its port moved by offset; addr as it is when
// it does not parse (validation then reports it).
func offsetPort(addr string, offset int) string {
	host, port, err := net.SplitHostPort(addr)
	if err != nil {
		return addr
	}
	p, err := strconv.Atoi(port)
	if err != nil || p == 0 {
		return addr // port 0: any free port, for this one too
	}
	return net.JoinHostPort(host, strconv.Itoa(p+offset))
}

func readConfigFile(path string, cfg *config) error {
	data, err := os.ReadFile(path)
	if err != nil {
		return fmt.Errorf("read config: %w", err)
	}
	dec := yaml.NewDecoder(strings.NewReader(string(data)))
	dec.KnownFields(true)
	if err := dec.Decode(cfg); err != nil && !errors.Is(err, io.EOF) {
		return fmt.Errorf("config %s: %w", path, err)
	}
	return nil
}

func (c config) validate() error {
	for _, a := range []struct{ name, addr string }{{"--http-addr", c.HTTPAddr}, {"--xds-addr", c.XDSAddr},
		{"--http2rpc-addr", c.HTTP2RPCAddr}, {"--nacos-grpc-addr", c.NacosGRPCAddr}} {
		if err := validateAddr(a.addr); err != nil {
			return fmt.Errorf("invalid %s %q: %w", a.name, a.addr, err)
		}
	}
	if _, err := xdsTLS(c); err != nil {
		return err
	}
	if _, err := httpx.ParseTrustedProxies(c.TrustedProxies); err != nil {
		return fmt.Errorf("invalid --trusted-proxies: %w", err)
	}
	switch c.Store {
	case "badger":
		if c.DataDir == "" {
			return errors.New("invalid --data-dir: must not be empty")
		}
	case "etcd":
		if len(c.EtcdEndpoints) == 0 {
			return errors.New("--store etcd needs --etcd-endpoints")
		}
		if _, err := etcdTLS(c); err != nil {
			return err
		}
	default:
		return fmt.Errorf("invalid --store %q: want badger or etcd", c.Store)
	}
	if _, err := parseLevel(c.LogLevel); err != nil {
		return err
	}
	if _, err := plugin.ParseFetchAllow(c.PluginFetchAllow); err != nil {
		return fmt.Errorf("invalid --plugin-fetch-allow: %w", err)
	}
	if c.DebugAddr != "" {
		if err := validateAddr(c.DebugAddr); err != nil {
			return fmt.Errorf("invalid --debug-addr %q: %w", c.DebugAddr, err)
		}
	}
	return nil
}

func validateAddr(addr string) error {
	_, port, err := net.SplitHostPort(addr)
	if err != nil {
		return err
	}
	n, err := strconv.Atoi(port)
	if err != nil || n < 0 || n > 65535 {
		return errors.New("port must be 0-65535")
	}
	return nil
}

func parseLevel(s string) (slog.Level, error) {
	var l slog.Level
	if err := l.UnmarshalText([]byte(s)); err != nil {
		return 0, fmt.Errorf("invalid --log-level %q: want debug, info, warn or error", s)
	}
	return l, nil
}
