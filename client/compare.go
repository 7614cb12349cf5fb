package client

import (
	"encoding/json"
	"reflect"
)

// The server fills defaults in (a route's group, a plugin's sha256) and
// answers fields a file never writes (ids, warnings), so a file is
// compared with the part of the server's object it speaks of: every field
// the file sets must hold the same value, and lists must match element by
// element. A field the file leaves out that the server holds is not a
// change; removing an optional field therefore needs delete -f and apply.

// generic decodes JSON into maps, lists and float64 numbers, so that a
// file's spec and a server's answer compare alike.
func generic(b []byte) any {
	var v any
	if json.Unmarshal(b, &v) != nil {
		return nil
	}
	return v
}

// normalize re-reads a value through JSON (numbers become float64).
func normalize(v any) any {
	b, err := json.Marshal(v)
	if err != nil {
		return nil
	}
	return generic(b)
}

// covers reports whether have holds every value want sets.
func covers(want, have any) bool {
	switch w := want.(type) {
	case map[string]any:
		h, _ := have.(map[string]any)
		if h == nil && len(w) > 0 {
			return false
		}
		for k, wv := range w {
			hv, ok := h[k]
			if !ok {
				if !isZero(wv) {
					return false
				}
				continue
			}
			if !covers(wv, hv) {
				return false
			}
		}
		return true
	case []any:
		h, _ := have.([]any)
		if len(h) != len(w) {
			return false
		}
		for i := range w {
			if !covers(w[i], h[i]) {
				return false
			}
		}
		return true
	}
	if have == nil {
		return isZero(want)
	}
	return reflect.DeepEqual(want, have)
}

// isZero: what a server leaves out of an answer (omitempty) equals it.
func isZero(v any) bool {
	switch t := v.(type) {
	case nil:
		return true
	case string:
		return t == ""
	case float64:
		return t == 0
	case bool:
		return !t
	case map[string]any:
		return len(t) == 0
	case []any:
		return len(t) == 0
	}
	return false
}

// project answers have narrowed to the fields want sets: what the diff of
// a dry run shows as the server's side.
func project(have, want any) any {
	switch w := want.(type) {
	case map[string]any:
		h, ok := have.(map[string]any)
		if !ok {
			return have
		}
		out := map[string]any{}
		for k, wv := range w {
			if hv, ok := h[k]; ok {
				out[k] = project(hv, wv)
			}
		}
		return out
	case []any:
		h, ok := have.([]any)
		if !ok {
			return have
		}
		out := make([]any, len(h))
		for i := range h {
			if i < len(w) {
				out[i] = project(h[i], w[i])
			} else {
				out[i] = h[i]
			}
		}
		return out
	}
	return have
}
