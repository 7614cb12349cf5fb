package servicecomb

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"

	"github.com/causeway-dev/causeway/api/httpx"
	"github.com/causeway-dev/causeway/registry"
)

// maxBody bounds a request body; a schema (4 MiB) JSON-escaped fits.
const maxBody = 10 << 20

// decodeBody reads r's body as one JSON object into v. Unknown fields are
// ignored, as service-center ignores them; a wrong type, trailing data, a
// body that is not an object or one over maxBody is KindInvalid.
func decodeBody(w http.ResponseWriter, r *http.Request, v any) error {
	raw, err := httpx.ReadBody(w, r, maxBody)
	if err != nil {
		return err
	}
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 || raw[0] != '{' {
		return registry.FieldErrorf(registry.KindInvalid, "body", "body must be a JSON object")
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	if err := dec.Decode(v); err != nil {
		return registry.FieldErrorf(registry.KindInvalid, "body", "body: %s", describe(err))
	}
	if dec.More() {
		return registry.FieldErrorf(registry.KindInvalid, "body", "body has data after its JSON object")
	}
	return nil
}

func describe(err error) string {
	var te *json.UnmarshalTypeError
	if errors.As(err, &te) {
		return fmt.Sprintf("%s must be %s, not %s", te.Field, te.Type, te.Value)
	}
	return err.Error()
}
