package cse

import (
	"net/http"

	"github.com/causeway-dev/causeway/api/httpx"
	"github.com/causeway-dev/causeway/registry"
)

// maxBody bounds a request body; a route or gateway is far smaller.
const maxBody = 1 << 20

// decodeBody reads r's body as one JSON object into v, strictly (see
// registry.DecodeStrict): unknown fields, wrong types, trailing data and
// bodies over 1 MiB are refused as invalid parameters.
func decodeBody(w http.ResponseWriter, r *http.Request, v any) error {
	raw, err := httpx.ReadBody(w, r, maxBody)
	if err != nil {
		return err
	}
	return registry.DecodeStrict(raw, "", v)
}

func bodyInvalid(field, msg string) error {
	return &registry.Error{Kind: registry.KindInvalid, Field: field, Msg: field + ": " + msg}
}
