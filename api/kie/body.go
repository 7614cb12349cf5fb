package kie

import (
	"net/http"

	"github.com/causeway-dev/causeway/api/httpx"
	"github.com/causeway-dev/causeway/registry"
)

// maxBody bounds a kv request body: a 128 KiB value, JSON-escaped, and
// its labels fit far below it.
const maxBody = 1 << 20

// decodeBody reads r's body as one JSON object into v, strictly (see
// registry.DecodeStrict).
func decodeBody(w http.ResponseWriter, r *http.Request, v any) error {
	raw, err := httpx.ReadBody(w, r, maxBody)
	if err != nil {
		return err
	}
	return registry.DecodeStrict(raw, "", v)
}
