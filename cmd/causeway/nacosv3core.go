package main

import (
	"log/slog"
	"time"

	nacosv3 "github.com/causeway-dev/causeway/api/nacos/v3"
)

// logLevel is the process's log level; the Nacos 3 admin API moves it
// (updateLogLevel).
var logLevel = new(slog.LevelVar)

// nacosV3Core is what the Nacos 3 admin API's core section reports of this
// process.
func nacosV3Core(cfg config, a *app, d *domain) nacosv3.Core {
	c := nacosv3.Core{Version: version, Auth: cfg.Auth, HTTPAddr: cfg.HTTPAddr, Store: cfg.Store, Started: time.Now(),
		Ready: a.probe.Ready, Level: logLevel}
	if a.cluster != nil {
		c.Cluster = a.cluster
	}
	if a.nacos != nil {
		c.Conns = a.nacos.server
	}
	auth := cfg.Auth
	c.Plugins = func() []nacosv3.Plugin { return nacosV3Plugins(auth, d) }
	return c
}

// nacosV3Plugins are the plugins of this process: the Nacos auth plugin
// (on with --auth) and every gateway's WASM plugins.
func nacosV3Plugins(auth bool, d *domain) []nacosv3.Plugin {
	out := []nacosv3.Plugin{{Type: "auth", Name: "nacos", Enabled: auth,
		Detail: map[string]any{"description": "Causeway's Nacos username/password and token authentication"},
		Fixed:  "authentication is switched with --auth at start"}}
	if d == nil || d.plugins == nil {
		return out
	}
	for _, k := range d.plugins.Keys() {
		for _, p := range d.plugins.Plugins(k) {
			out = append(out, nacosv3.Plugin{Type: "wasm", Name: k.String() + "/" + p.Name, Enabled: !p.Disabled,
				Detail: map[string]any{"gateway": k.ID, "project": k.Project, "pluginId": p.ID,
					"sha256": p.SHA256, "url": p.URL, "phase": p.Phase, "priority": p.Priority},
				Fixed: "a gateway's WASM plugin is managed through the CSE gateway plugin API"})
		}
	}
	return out
}
