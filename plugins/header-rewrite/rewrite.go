package main

import (
	"github.com/proxy-wasm/proxy-wasm-go-sdk/proxywasm"
)

// headerMap is the host's API to one of the stream's header maps.
type headerMap struct {
	name    string
	remove  func(name string) error
	replace func(name, value string) error
	add     func(name, value string) error
}

var (
	requestHeaders = headerMap{"request", proxywasm.RemoveHttpRequestHeader,
		proxywasm.ReplaceHttpRequestHeader, proxywasm.AddHttpRequestHeader}
	responseHeaders = headerMap{"response", proxywasm.RemoveHttpResponseHeader,
		proxywasm.ReplaceHttpResponseHeader, proxywasm.AddHttpResponseHeader}
)

// apply removes, then sets (replacing every value), then adds (appending
// a value): so a header both set and added ends with both values, and one
// removed and set ends with the set value.
func (e *edits) apply(m headerMap) {
	for _, name := range e.remove {
		if err := m.remove(name); err != nil {
			proxywasm.LogWarn("header-rewrite: removing " + m.name + " header " + name + ": " + err.Error())
		}
	}
	for _, h := range e.set {
		if err := m.replace(h[0], h[1]); err != nil {
			proxywasm.LogWarn("header-rewrite: setting " + m.name + " header " + h[0] + ": " + err.Error())
		}
	}
	for _, h := range e.add {
		if err := m.add(h[0], h[1]); err != nil {
			proxywasm.LogWarn("header-rewrite: adding " + m.name + " header " + h[0] + ": " + err.Error())
		}
	}
}
