package main

import (
	"io"
	"os"
	"path/filepath"
	"runtime/debug"
	"slices"
	"strings"
	"testing"
)

func envOf(m map[string]string) func(string) string { return func(k string) string { return m[k] } }

func TestConfigPrecedence(t *testing.T) {
	file := filepath.Join(t.TempDir(), "causeway.yaml")
	yaml := "http-addr: \":9000\"\nlog-level: debug\ndata-dir: /from/file\nauth: false\n"
	if err := os.WriteFile(file, []byte(yaml), 0o600); err != nil {
		t.Fatal(err)
	}
	env := envOf(map[string]string{"CAUSEWAY_DATA_DIR": "/from/env", "CAUSEWAY_LOG_LEVEL": "warn"})
	cfg, err := loadConfig([]string{"--config", file, "--log-level", "error"}, env, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	if cfg.HTTPAddr != ":9000" || cfg.DataDir != "/from/env" || cfg.LogLevel != "error" || cfg.Auth {
		t.Fatalf("precedence wrong: %+v", cfg)
	}
	if cfg.XDSAddr != ":18000" || cfg.HTTP2RPCAddr != ":8849" || cfg.Store != "badger" {
		t.Fatalf("defaults lost: %+v", cfg)
	}
}

func TestConfigDefaults(t *testing.T) {
	cfg, err := loadConfig(nil, envOf(nil), io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	if cfg.HTTPAddr != ":8848" || !cfg.Auth || cfg.DataDir != "./data" || cfg.EtcdMaxTxnOps != 128 {
		t.Fatalf("defaults: %+v", cfg)
	}
	// etcd's --max-txn-ops of the cluster, when raised there.
	cfg, err = loadConfig([]string{"--etcd-max-txn-ops", "1024"}, envOf(nil), io.Discard)
	if err != nil || cfg.EtcdMaxTxnOps != 1024 {
		t.Fatalf("--etcd-max-txn-ops 1024: %d, %v", cfg.EtcdMaxTxnOps, err)
	}
}

// The plugin fetch allow-list comes from the flag, the environment or the
// YAML file (as a list), like every setting; it is empty by default.
func TestConfigPluginFetchAllow(t *testing.T) {
	file := filepath.Join(t.TempDir(), "causeway.yaml")
	yaml := "plugin-fetch-allow:\n  - 10.0.0.0/8\n  - plugins.corp:443\n"
	if err := os.WriteFile(file, []byte(yaml), 0o600); err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		args []string
		env  map[string]string
		want []string
	}{
		{nil, nil, nil},
		{[]string{"--config", file}, nil, []string{"10.0.0.0/8", "plugins.corp:443"}},
		{[]string{"--config", file}, map[string]string{"CAUSEWAY_PLUGIN_FETCH_ALLOW": "127.0.0.1, ::1"}, []string{"127.0.0.1", "::1"}},
		{[]string{"--plugin-fetch-allow", "127.0.0.0/8"}, map[string]string{"CAUSEWAY_PLUGIN_FETCH_ALLOW": "::1"}, []string{"127.0.0.0/8"}},
	}
	for _, c := range cases {
		cfg, err := loadConfig(c.args, envOf(c.env), io.Discard)
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(cfg.PluginFetchAllow, c.want) {
			t.Errorf("%v %v: allow %q, want %q", c.args, c.env, cfg.PluginFetchAllow, c.want)
		}
	}
}

func TestConfigRefusesBadValues(t *testing.T) {
	dir := t.TempDir()
	badYAML := filepath.Join(dir, "bad.yaml")
	_ = os.WriteFile(badYAML, []byte("no-such-key: 1\n"), 0o600)
	cases := []struct {
		name string
		args []string
		env  map[string]string
		want string
	}{
		{"unknown flag", []string{"--nope"}, nil, "flag provided but not defined"},
		{"stray argument", []string{"extra"}, nil, "unexpected argument"},
		{"bad auth flag", []string{"--auth=perhaps"}, nil, "invalid --auth"},
		{"bad auth env", nil, map[string]string{"CAUSEWAY_AUTH": "yes please"}, "invalid CAUSEWAY_AUTH"},
		{"bad port", []string{"--xds-addr", ":99999"}, nil, "invalid --xds-addr"},
		{"no port", []string{"--http-addr", "localhost"}, nil, "invalid --http-addr"},
		{"bad store", []string{"--store", "bolt"}, nil, "invalid --store"},
		{"etcd without endpoints", []string{"--store", "etcd"}, nil, "needs --etcd-endpoints"},
		{"etcd max txn ops negative", []string{"--etcd-max-txn-ops", "-1"}, nil, "want a whole number"},
		{"etcd cert without key", []string{"--store", "etcd", "--etcd-endpoints", "http://127.0.0.1:2379", "--etcd-cert", badYAML}, nil, "--etcd-cert and --etcd-key go together"},
		{"etcd ca not pem", []string{"--store", "etcd", "--etcd-endpoints", "http://127.0.0.1:2379", "--etcd-ca", badYAML}, nil, "no PEM certificate"},
		{"etcd ca missing", []string{"--store", "etcd", "--etcd-endpoints", "http://127.0.0.1:2379", "--etcd-ca", filepath.Join(dir, "none.pem")}, nil, "--etcd-ca"},
		{"bad xds tls pair", []string{"--xds-tls-cert", badYAML}, nil, "go together"},
		{"bad trusted proxy", []string{"--trusted-proxies", "10.0.0.0/99"}, nil, "invalid --trusted-proxies"},
		{"bad level", []string{"--log-level", "chatty"}, nil, "invalid --log-level"},
		{"bad debug addr", []string{"--debug-addr", "localhost"}, nil, "invalid --debug-addr"},
		{"missing file", []string{"--config", filepath.Join(dir, "none.yaml")}, nil, "read config"},
		{"unknown key in file", []string{"--config", badYAML}, nil, "field no-such-key not found"},
		{"bad fetch allow flag", []string{"--plugin-fetch-allow", "10.0.0.0/8,http://x"}, nil, "invalid --plugin-fetch-allow"},
		{"bad fetch allow env", nil, map[string]string{"CAUSEWAY_PLUGIN_FETCH_ALLOW": "host:99999"}, "invalid --plugin-fetch-allow"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := loadConfig(tc.args, envOf(tc.env), io.Discard)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("err %v, want %q", err, tc.want)
			}
		})
	}
}

func TestRunCommands(t *testing.T) {
	if code := run([]string{"version"}); code != 0 {
		t.Fatalf("version exit %d", code)
	}
	if code := run([]string{"bogus"}); code != 2 {
		t.Fatalf("unknown command exit %d", code)
	}
	if code := run(nil); code != 2 {
		t.Fatalf("no command exit %d", code)
	}
}

func TestReachableAddr(t *testing.T) {
	for in, want := range map[string]string{
		":8848": "127.0.0.1:8848", "0.0.0.0:9000": "127.0.0.1:9000", "[::]:8848": "127.0.0.1:8848",
		"10.1.2.3:8848": "10.1.2.3:8848", "causeway.local:80": "causeway.local:80",
	} {
		if got := reachableAddr(in); got != want {
			t.Errorf("reachableAddr(%q) = %q, want %q", in, got, want)
		}
	}
}

// The Nacos gRPC port follows the HTTP port (+1000, where the SDKs look)
// unless it is given.
func TestNacosGRPCAddrFollowsHTTP(t *testing.T) {
	cases := []struct {
		args []string
		want string
	}{
		{nil, ":9848"},
		{[]string{"--http-addr", "127.0.0.1:18848"}, "127.0.0.1:19848"},
		{[]string{"--http-addr", "127.0.0.1:0"}, "127.0.0.1:0"},
		{[]string{"--nacos-grpc-addr", ":7000"}, ":7000"},
	}
	for _, c := range cases {
		cfg, err := loadConfig(c.args, func(string) string { return "" }, io.Discard)
		if err != nil || cfg.NacosGRPCAddr != c.want {
			t.Errorf("%v: %q %v, want %q", c.args, cfg.NacosGRPCAddr, err, c.want)
		}
	}
}

// serve runs the collector at gcPercent unless GOGC chose another target.
func TestTuneGC(t *testing.T) {
	prev := debug.SetGCPercent(100)
	defer debug.SetGCPercent(prev)
	for _, c := range []struct {
		gogc string
		want int
	}{{"", gcPercent}, {"100", 100}, {"off", 100}} {
		debug.SetGCPercent(100)
		tuneGC(func(k string) string {
			if k == "GOGC" {
				return c.gogc
			}
			return ""
		})
		if got := debug.SetGCPercent(100); got != c.want {
			t.Errorf("GOGC=%q: GC percent %d, want %d", c.gogc, got, c.want)
		}
	}
}
