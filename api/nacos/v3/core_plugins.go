package v3

import (
	"net/http"

	"github.com/causeway-dev/causeway/api/httpx"
	"github.com/causeway-dev/causeway/api/nacos/nacosresult"
	"github.com/causeway-dev/causeway/registry"
)

// The plugin routes report the plugins of this process (Core.Plugins):
// Causeway's Nacos auth plugin and the gateways' WASM plugins. None can be
// switched or configured here: auth follows --auth, a WASM plugin is
// changed through the CSE gateway API that owns it.

func (a *api) plugins() []Plugin {
	if a.deps.Core.Plugins == nil {
		return nil
	}
	return a.deps.Core.Plugins()
}

func pluginSummary(p Plugin) map[string]any {
	return map[string]any{"pluginType": p.Type, "pluginName": p.Name, "enabled": p.Enabled,
		"pluginId": p.Type + ":" + p.Name, "configurable": false}
}

// pluginList answers every plugin, or those of pluginType.
func (a *api) pluginList(_ *http.Request, p httpx.Params) (any, error) {
	t := p.Get("pluginType")
	out := []map[string]any{}
	for _, pl := range a.plugins() {
		if t == "" || pl.Type == t {
			out = append(out, pluginSummary(pl))
		}
	}
	return out, nil
}

// plugin finds one plugin by type and name, both required.
func (a *api) plugin(p httpx.Params) (Plugin, error) {
	for _, f := range []string{"pluginType", "pluginName"} {
		if !p.Has(f) {
			return Plugin{}, nacosresult.QueryMissing(f, "String")
		}
	}
	t, n := p.Get("pluginType"), p.Get("pluginName")
	for _, pl := range a.plugins() {
		if pl.Type == t && pl.Name == n {
			return pl, nil
		}
	}
	return Plugin{}, registry.Errorf(registry.KindNotFound, "plugin %s:%s not found", t, n)
}

func (a *api) pluginDetail(_ *http.Request, p httpx.Params) (any, error) {
	pl, err := a.plugin(p)
	if err != nil {
		return nil, err
	}
	d := pluginSummary(pl)
	for k, v := range pl.Detail {
		d[k] = v
	}
	if pl.Fixed != "" {
		d["managedBy"] = pl.Fixed
	}
	return d, nil
}

// pluginAvailability answers, per node, whether the plugin is enabled
// there: one node.
func (a *api) pluginAvailability(r *http.Request, p httpx.Params) (any, error) {
	pl, err := a.plugin(p)
	if err != nil {
		return nil, err
	}
	return map[string]bool{a.self(r).Address: pl.Enabled}, nil
}

func (a *api) pluginStatus(_ *http.Request, p httpx.Params) (any, error) {
	pl, err := a.plugin(p)
	if err != nil {
		return nil, err
	}
	if !p.Has("enabled") {
		return nil, nacosresult.QueryMissing("enabled", "boolean")
	}
	if _, err := p.Bool("enabled", false, true); err != nil {
		return nil, err
	}
	return nil, nacosresult.NotApplicable("plugin " + pl.Type + ":" + pl.Name + " is not switched here: " + pl.Fixed)
}

func (a *api) pluginConfig(_ *http.Request, p httpx.Params) (any, error) {
	pl, err := a.plugin(p)
	if err != nil {
		return nil, err
	}
	return nil, nacosresult.NotApplicable("plugin " + pl.Type + ":" + pl.Name + " is not configured here: " + pl.Fixed)
}
