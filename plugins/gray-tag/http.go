package main

import (
	"github.com/proxy-wasm/proxy-wasm-go-sdk/proxywasm"
	"github.com/proxy-wasm/proxy-wasm-go-sdk/proxywasm/types"

	"github.com/causeway-dev/causeway/plugins/rules"
)

type httpContext struct {
	types.DefaultHttpContext
	config *rules.Set[*config]
}

func (h *httpContext) OnHttpRequestHeaders(int, bool) types.Action {
	c, ok := h.config.ForRequest()
	if !ok {
		return types.ActionContinue
	}
	headers, err := proxywasm.GetHttpRequestHeaders()
	if err != nil {
		proxywasm.LogWarn("gray-tag: reading request headers: " + err.Error())
		return types.ActionContinue
	}
	r := newRequest(headers)
	// A tag already on the request was set upstream of this gateway (or
	// by an earlier hop of the same call chain): keeping it keeps the
	// whole chain on one version.
	if r.first(c.tagHeader) != "" {
		return types.ActionContinue
	}
	if tag, ok := c.tag(r); ok {
		if err := proxywasm.ReplaceHttpRequestHeader(c.tagHeader, tag); err != nil {
			proxywasm.LogWarn("gray-tag: setting " + c.tagHeader + ": " + err.Error())
		}
	}
	return types.ActionContinue
}
