package main

import (
	"github.com/proxy-wasm/proxy-wasm-go-sdk/proxywasm"
	"github.com/proxy-wasm/proxy-wasm-go-sdk/proxywasm/types"

	"github.com/causeway-dev/causeway/plugins/internal/wasmhttp"
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
	key, found := c.presented()
	switch {
	case !found:
		return unauthorized("missing API key")
	case !c.accepts(key):
		return unauthorized("invalid API key")
	}
	// The key stays on the request: upstreams may use it to tell callers
	// apart.
	return types.ActionContinue
}

func unauthorized(message string) types.Action {
	if err := wasmhttp.Reply(401, message, [2]string{"www-authenticate", `Key realm="causeway"`}); err != nil {
		proxywasm.LogError("key-auth: answering 401: " + err.Error())
	}
	return types.ActionPause
}
