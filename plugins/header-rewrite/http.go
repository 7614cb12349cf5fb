package main

import (
	"github.com/proxy-wasm/proxy-wasm-go-sdk/proxywasm/types"

	"github.com/causeway-dev/causeway/plugins/rules"
)

type httpContext struct {
	types.DefaultHttpContext
	rules *rules.Set[*config]
	// config is the request's configuration, picked once: the response
	// has neither the :authority nor, necessarily, the route any more.
	config  *config
	picked  bool
	applies bool
}

func (h *httpContext) pick() {
	if !h.picked {
		h.config, h.applies = h.rules.ForRequest()
		h.picked = true
	}
}

func (h *httpContext) OnHttpRequestHeaders(int, bool) types.Action {
	h.pick()
	if h.applies {
		h.config.request.apply(requestHeaders)
	}
	return types.ActionContinue
}

func (h *httpContext) OnHttpResponseHeaders(int, bool) types.Action {
	// A local answer from an earlier filter skips this filter's request
	// side, so the response may be the first this context sees.
	h.pick()
	if h.applies {
		h.config.response.apply(responseHeaders)
	}
	return types.ActionContinue
}
