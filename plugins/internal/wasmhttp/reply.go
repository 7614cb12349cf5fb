package wasmhttp

import (
	"github.com/proxy-wasm/proxy-wasm-go-sdk/proxywasm"

	"github.com/causeway-dev/causeway/plugins/internal/conf"
)

// Reply sends the local answer status with the JSON body
// {"message": message} and any extra headers. The caller returns
// types.ActionPause so the request goes no further.
func Reply(status uint32, message string, headers ...[2]string) error {
	body := append(conf.AppendQuote([]byte(`{"message":`), message), '}')
	hs := append([][2]string{{"content-type", "application/json"}}, headers...)
	// -1: not a gRPC answer, Envoy sends the HTTP status as given.
	return proxywasm.SendHttpResponse(status, hs, body, -1)
}
