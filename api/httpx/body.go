package httpx

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"

	"github.com/causeway-dev/causeway/registry"
)

// ReadBody reads at most limit bytes of r's body. A larger body, or one
// that breaks off, is a registry.KindInvalid error on "body", which every
// dialect answers as its bad-parameter error.
func ReadBody(w http.ResponseWriter, r *http.Request, limit int64) ([]byte, error) {
	raw, err := io.ReadAll(http.MaxBytesReader(w, r.Body, limit))
	var tooLarge *http.MaxBytesError
	switch {
	case errors.As(err, &tooLarge):
		return nil, registry.FieldErrorf(registry.KindInvalid, "body", "body: is larger than %s", size(limit))
	case err != nil:
		return nil, registry.FieldErrorf(registry.KindInvalid, "body", "body: %v", err)
	}
	return raw, nil
}

// size words a byte count as people read it: 1 MiB, 128 KiB, 100 bytes.
func size(n int64) string {
	switch {
	case n >= 1<<20 && n%(1<<20) == 0:
		return fmt.Sprintf("%d MiB", n>>20)
	case n >= 1<<10 && n%(1<<10) == 0:
		return fmt.Sprintf("%d KiB", n>>10)
	}
	return fmt.Sprintf("%d bytes", n)
}

// WriteJSON answers v as JSON with status, for the dialects whose answers
// are plain JSON documents.
func WriteJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json;charset=UTF-8")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v) // the client went away; nothing to do
}
