package cse

import (
	"net/http"

	"github.com/causeway-dev/causeway/api/httpx"

	"github.com/causeway-dev/causeway/registry/plugin"
)

// Paths of the gateway plugin family (seed 004 §7.1-7.5).
const (
	pluginsPath = gatewayPath + "/plugins"
	pluginPath  = pluginsPath + "/{plugin_id}"
)

// pluginRoutes is the route table of the plugin family.
func (a *api) pluginRoutes() []route {
	return []route{
		{"GET " + pluginsPath, a.listPlugins, gatewayRead},
		{"POST " + pluginsPath, a.createPlugin, gatewayWrite},
		{"GET " + pluginPath, a.getPlugin, gatewayRead},
		{"PUT " + pluginPath, a.updatePlugin, gatewayWrite},
		{"DELETE " + pluginPath, a.deletePlugin, gatewayWrite},
	}
}

// pluginList is the list answer of §7.1.
type pluginList struct {
	Total int              `json:"total"`
	Data  []*plugin.Plugin `json:"data"`
}

// listPlugins: GET .../plugins answers {"total","data"} in creation order.
func (a *api) listPlugins(w http.ResponseWriter, r *http.Request) error {
	ps, err := a.plugins.ListPlugins(gatewayKey(r))
	if err != nil {
		return err
	}
	httpx.WriteJSON(w, http.StatusOK, pluginList{Total: len(ps), Data: ps})
	return nil
}

// createPlugin: POST .../plugins with the WasmPlugin fields of table 7-8
// (plus failStrategy) answers the stored plugin with its id and the sha256
// of the module Causeway fetched and verified. A module that cannot be
// fetched, has another sha256 or is not proxy-wasm is a 400.
func (a *api) createPlugin(w http.ResponseWriter, r *http.Request) error {
	var in plugin.Input
	if err := decodeBody(w, r, &in); err != nil {
		return err
	}
	p, err := a.plugins.CreatePlugin(r.Context(), gatewayKey(r), in)
	if err != nil {
		return err
	}
	httpx.WriteJSON(w, http.StatusOK, p)
	return nil
}

func (a *api) getPlugin(w http.ResponseWriter, r *http.Request) error {
	p, err := a.plugins.GetPlugin(gatewayKey(r), r.PathValue("plugin_id"))
	if err != nil {
		return err
	}
	httpx.WriteJSON(w, http.StatusOK, p)
	return nil
}

// updatePlugin: PUT .../plugins/{plugin_id} replaces the plugin; a GET
// body, id included, can be PUT back.
func (a *api) updatePlugin(w http.ResponseWriter, r *http.Request) error {
	var in plugin.Input
	if err := decodeBody(w, r, &in); err != nil {
		return err
	}
	p, err := a.plugins.UpdatePlugin(r.Context(), gatewayKey(r), r.PathValue("plugin_id"), in)
	if err != nil {
		return err
	}
	httpx.WriteJSON(w, http.StatusOK, p)
	return nil
}

// deletePlugin answers 200 without a body, as the seed's deletes do.
func (a *api) deletePlugin(w http.ResponseWriter, r *http.Request) error {
	if err := a.plugins.DeletePlugin(r.Context(), gatewayKey(r), r.PathValue("plugin_id")); err != nil {
		return err
	}
	w.WriteHeader(http.StatusOK)
	return nil
}
