package registry

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
)

// DecodeStrict decodes the one JSON value raw into v, refusing unknown
// fields, wrong types and trailing data, so that a typo never passes as a
// default. Errors are KindInvalid and name the field. A prefix says raw is
// one level of a document decoded level by level ("spec", "rules[0]"), so
// an unknown field is prefix.name; without one, raw is a whole request
// body, named "body".
func DecodeStrict(raw []byte, prefix string, v any) error {
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return decodeError(prefix, err)
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return invalidField(whole(prefix), "unexpected data after the JSON value")
	}
	return nil
}

// decodeError words a decoding failure, naming the field.
func decodeError(prefix string, err error) error {
	var typeErr *json.UnmarshalTypeError
	var syntaxErr *json.SyntaxError
	switch {
	case errors.As(err, &typeErr):
		return invalidField(join(prefix, typeErr.Field), "must be %s, not a JSON %s",
			jsonType(typeErr.Type.Kind().String()), typeErr.Value)
	case errors.As(err, &syntaxErr):
		return invalidField(whole(prefix), "malformed JSON at offset %d: %v", syntaxErr.Offset, syntaxErr)
	case strings.HasPrefix(err.Error(), "json: unknown field "):
		name := strings.TrimPrefix(err.Error(), "json: unknown field ")
		if prefix == "" {
			// Go does not say where in a nested body the field was: name
			// the body, not a guessed path.
			return invalidField("body", "unknown field %s", name)
		}
		unquoted, _ := strconv.Unquote(name)
		return invalidField(prefix+"."+unquoted, "is not a known field")
	case errors.Is(err, io.EOF):
		return invalidField(whole(prefix), "a JSON value is required")
	case errors.Is(err, io.ErrUnexpectedEOF):
		return invalidField(whole(prefix), "malformed JSON: it ends too early")
	}
	return invalidField(whole(prefix), "%v", err)
}

func whole(prefix string) string {
	if prefix == "" {
		return "body"
	}
	return prefix
}

func join(prefix, field string) string {
	switch {
	case field == "":
		return whole(prefix)
	case prefix == "":
		return field
	}
	return prefix + "." + field
}

func invalidField(field, format string, args ...any) *Error {
	return &Error{Kind: KindInvalid, Field: field, Msg: field + ": " + fmt.Sprintf(format, args...)}
}

// jsonType names a Go kind the way a JSON client thinks of it.
func jsonType(kind string) string {
	switch kind {
	case "int", "int8", "int16", "int32", "int64", "uint", "uint8", "uint16", "uint32", "uint64":
		return "an integer"
	case "float32", "float64":
		return "a number"
	case "string":
		return "a string"
	case "slice", "array":
		return "an array"
	case "struct", "map", "ptr":
		return "an object"
	case "bool":
		return "a boolean"
	}
	return "a " + kind
}
