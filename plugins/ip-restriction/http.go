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
	a, err := c.client()
	if err != nil {
		// An unknown client cannot be shown to be allowed: fail closed.
		proxywasm.LogWarn("ip-restriction: no client address, refusing: " + err.Error())
		return forbidden()
	}
	if !c.allows(a) {
		return forbidden()
	}
	return types.ActionContinue
}

func forbidden() types.Action {
	if err := wasmhttp.Reply(403, "forbidden"); err != nil {
		proxywasm.LogError("ip-restriction: answering 403: " + err.Error())
	}
	return types.ActionPause
}
