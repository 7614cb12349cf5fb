package bridge

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strings"

	"github.com/causeway-dev/causeway/api/httpx"
	"github.com/causeway-dev/causeway/registry/http2rpc"
)

// maxBody bounds a mapped request's body.
const maxBody = 4 << 20

// rawParam is one parameter as the request gave it: a string from the
// path, query or a header, or a JSON value from the body, with its Java
// type as the mapping names it.
type rawParam struct {
	Name  string
	Type  string
	Value any // string, or what encoding/json decodes with UseNumber
}

// ParamError is a parameter the request lacks.
type ParamError struct {
	Name   string
	Reason string
}

func (e *ParamError) Error() string { return fmt.Sprintf("parameter %q %s", e.Name, e.Reason) }

// extract answers the method's parameters from r, in call order.
func extract(w http.ResponseWriter, r *http.Request, dm *http2rpc.Method) ([]rawParam, error) {
	var vars map[string]string
	if t, err := http2rpc.ParseTemplate(dm.HTTPPath); err == nil {
		vars, _ = t.Match(r.URL.EscapedPath())
	}
	body, err := readBody(w, r, dm)
	if err != nil {
		return nil, err
	}
	query := r.URL.Query()
	out := make([]rawParam, 0, len(dm.Params)+1)
	for _, p := range dm.Params {
		v, ok, err := source(p, vars, query, r.Header, body)
		if err != nil {
			return nil, err
		}
		if !ok {
			return nil, &ParamError{p.ParamKey, "is missing from the " + sourceWord(p.ParamSource)}
		}
		out = append(out, rawParam{Name: p.ParamKey, Type: p.ParamType, Value: v})
	}
	if eb := dm.ParamFromEntireBody; eb != nil {
		if body == nil {
			return nil, &ParamError{"body", "is missing: the request has no JSON body"}
		}
		out = append(out, rawParam{Name: "body", Type: eb.ParamType, Value: body.whole})
	}
	return out, nil
}

func source(p http2rpc.Param, vars map[string]string, q url.Values, h http.Header, body *jsonBody) (any, bool, error) {
	switch p.ParamSource {
	case http2rpc.SourcePath:
		v, ok := vars[p.ParamKey]
		if !ok {
			return nil, false, nil
		}
		u, err := url.PathUnescape(v)
		if err != nil {
			return nil, false, &ParamError{p.ParamKey, "is not a valid path segment"}
		}
		return u, true, nil
	case http2rpc.SourceQuery:
		vs, ok := q[p.ParamKey]
		if !ok {
			return nil, false, nil
		}
		return vs[0], true, nil
	case http2rpc.SourceHeader:
		v := h.Values(p.ParamKey)
		return firstOr(v), len(v) > 0, nil
	case http2rpc.SourceBody:
		if body == nil || body.fields == nil {
			return nil, false, nil
		}
		v, ok := body.fields[p.ParamKey]
		return v, ok, nil
	}
	return nil, false, &ParamError{p.ParamKey, "has an unknown source " + p.ParamSource}
}

func firstOr(v []string) string {
	if len(v) == 0 {
		return ""
	}
	return v[0]
}

func sourceWord(s string) string {
	switch s {
	case http2rpc.SourcePath:
		return "path"
	case http2rpc.SourceQuery:
		return "query string"
	case http2rpc.SourceHeader:
		return "headers"
	}
	return "JSON body"
}

// jsonBody is a request body decoded once: the whole value and, when it
// is an object, its fields.
type jsonBody struct {
	whole  any
	fields map[string]any
}

// readBody decodes the body when the method reads it; nil when it has
// none.
func readBody(w http.ResponseWriter, r *http.Request, dm *http2rpc.Method) (*jsonBody, error) {
	if !needsBody(dm) || r.Body == nil {
		return nil, nil
	}
	raw, err := httpx.ReadBody(w, r, maxBody)
	switch {
	case err != nil:
		return nil, &ParamError{"body", strings.TrimPrefix(err.Error(), "body: ")}
	case len(bytes.TrimSpace(raw)) == 0:
		return nil, nil
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	b := &jsonBody{}
	if err := dec.Decode(&b.whole); err != nil || dec.More() {
		return nil, &ParamError{"body", "is not one JSON value"}
	}
	b.whole = withoutClass(b.whole, 0)
	b.fields, _ = b.whole.(map[string]any)
	return b, nil
}

// withoutClass drops every "class" key a client wrote into a JSON body.
// Java's generic invocation builds the class a map's "class" names: left
// in, an HTTP client would choose which classes a Java provider
// instantiates (a known Dubbo deserialization attack). Without them the
// provider builds each value as its declared type; the bridge adds the
// class of a POJO parameter itself.
func withoutClass(v any, depth int) any {
	if depth > maxClassDepth {
		return v
	}
	switch x := v.(type) {
	case map[string]any:
		delete(x, "class")
		for k, e := range x {
			x[k] = withoutClass(e, depth+1)
		}
	case []any:
		for i, e := range x {
			x[i] = withoutClass(e, depth+1)
		}
	}
	return v
}

// maxClassDepth bounds the walk; the converter refuses deeper values.
const maxClassDepth = 200

func needsBody(dm *http2rpc.Method) bool {
	if dm.ParamFromEntireBody != nil {
		return true
	}
	for _, p := range dm.Params {
		if p.ParamSource == http2rpc.SourceBody {
			return true
		}
	}
	return false
}
