package kie

import (
	"errors"
	"io"
	"net/http"

	"github.com/causeway-dev/causeway/registry"
)

// maxBody bounds a kv request body: a 128 KiB value, JSON-escaped, and
// its labels fit far below it.
const maxBody = 1 << 20

// readBody reads at most limit bytes of r's body.
func readBody(w http.ResponseWriter, r *http.Request, limit int64) ([]byte, error) {
	raw, err := io.ReadAll(http.MaxBytesReader(w, r.Body, limit))
	var tooLarge *http.MaxBytesError
	switch {
	case errors.As(err, &tooLarge):
		return nil, registry.FieldErrorf(registry.KindInvalid, "body", "body: is larger than %d bytes", limit)
	case err != nil:
		return nil, registry.FieldErrorf(registry.KindInvalid, "body", "body: %v", err)
	}
	return raw, nil
}

// decodeBody reads r's body as one JSON object into v, strictly (see
// registry.DecodeStrict).
func decodeBody(w http.ResponseWriter, r *http.Request, v any) error {
	raw, err := readBody(w, r, maxBody)
	if err != nil {
		return err
	}
	return registry.DecodeStrict(raw, "", v)
}
