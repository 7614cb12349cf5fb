package client

import (
	"context"
	"encoding/json"
	"fmt"
)

// Module is an uploaded WASM module: the URL a plugin names it by.
type Module struct {
	URL    string `json:"url"`
	SHA256 string `json:"sha256"`
}

// UploadModule stores a WASM module on the server (POST /causeway/v1/wasm),
// which answers the causeway://<sha256> URL a plugin uses.
func (c *Client) UploadModule(ctx context.Context, wasm []byte) (*Module, error) {
	var m Module
	if err := c.call(ctx, "POST", "/causeway/v1/wasm", nil, &rawBody{"application/wasm", wasm}, &m); err != nil {
		return nil, fmt.Errorf("upload the module: %w", err)
	}
	return &m, nil
}

// PluginSpec is what plugin push sets of a plugin; the rest keeps the
// server's defaults.
type PluginSpec struct {
	Name     string
	URL      string
	Config   json.RawMessage // nil: none
	Priority *int64
	Phase    string
}

// PushPlugin creates or updates the plugin spec names on a gateway, as an
// apply of one Plugin document would.
func (c *Client) PushPlugin(ctx context.Context, project, gateway string, p PluginSpec) (Result, error) {
	spec := map[string]any{"pluginName": p.Name, "url": p.URL}
	if p.Config != nil {
		spec["pluginConfig"] = p.Config
	}
	if p.Priority != nil {
		spec["priority"] = *p.Priority
	}
	if p.Phase != "" {
		spec["phase"] = p.Phase
	}
	b, err := encodeJSON(spec)
	if err != nil {
		return Result{}, err
	}
	d := Document{APIVersion: APIVersion, Kind: KindPlugin, Source: "plugin push",
		Metadata: Metadata{Name: p.Name, Project: project, Gateway: gateway}, Spec: b}
	if err := d.validateHead(); err != nil {
		return Result{}, err
	}
	r := c.Apply(ctx, []Document{d}, false)[0]
	return r, r.Err
}
