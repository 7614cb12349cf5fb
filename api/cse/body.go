package cse

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"

	"github.com/causeway-dev/causeway/registry"
)

// maxBody bounds a request body; a route or gateway is far smaller.
const maxBody = 1 << 20

// decodeBody reads r's body as one JSON object into v, strictly: unknown
// fields, wrong types, trailing data and bodies over 1 MiB are refused as
// invalid parameters, so a typo never passes as a default.
func decodeBody(w http.ResponseWriter, r *http.Request, v any) error {
	dec := json.NewDecoder(http.MaxBytesReader(w, r.Body, maxBody))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return bodyError(err)
	}
	if err := dec.Decode(&struct{}{}); !errors.Is(err, io.EOF) {
		if err != nil && isTooLarge(err) {
			return bodyError(err)
		}
		return bodyInvalid("body", "unexpected data after the JSON object")
	}
	return nil
}

// bodyError words a decoding failure for the client.
func bodyError(err error) error {
	var syntaxErr *json.SyntaxError
	var typeErr *json.UnmarshalTypeError
	switch {
	case errors.Is(err, io.EOF):
		return bodyInvalid("body", "a JSON object is required")
	case isTooLarge(err):
		return bodyInvalid("body", "is larger than 1 MiB")
	case errors.As(err, &syntaxErr):
		return bodyInvalid("body", fmt.Sprintf("malformed JSON at offset %d: %v", syntaxErr.Offset, syntaxErr))
	case errors.Is(err, io.ErrUnexpectedEOF):
		return bodyInvalid("body", "malformed JSON: it ends too early")
	case errors.As(err, &typeErr):
		field := typeErr.Field
		if field == "" {
			field = "body"
		}
		return bodyInvalid(field, fmt.Sprintf("must be %s, not a JSON %s", jsonType(typeErr.Type.Kind().String()), typeErr.Value))
	case strings.HasPrefix(err.Error(), "json: unknown field "):
		return bodyInvalid("body", "unknown field "+strings.TrimPrefix(err.Error(), "json: unknown field "))
	}
	return bodyInvalid("body", err.Error())
}

func isTooLarge(err error) bool {
	var tooLarge *http.MaxBytesError
	return errors.As(err, &tooLarge)
}

// jsonType names a Go kind the way a JSON client thinks of it.
func jsonType(kind string) string {
	switch kind {
	case "int", "int64", "int32", "uint32", "uint64", "float64":
		return "an integer"
	case "string":
		return "a string"
	case "slice":
		return "an array"
	case "struct", "map", "ptr":
		return "an object"
	case "bool":
		return "a boolean"
	}
	return "a " + kind
}

func bodyInvalid(field, msg string) error {
	return &registry.Error{Kind: registry.KindInvalid, Field: field, Msg: field + ": " + msg}
}
