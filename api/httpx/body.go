package httpx

import (
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
