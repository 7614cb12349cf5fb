package httpx

import (
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"net/url"
	"strconv"
	"strings"
)

// MaxFormBytes bounds a form body.
const MaxFormBytes = 4 << 20

// Params are a request's parameters: the query string and, for any method
// (Nacos clients send DELETE with a form body), a URL-encoded body. Body
// values come first, as servlet containers merge them.
type Params struct {
	url.Values
}

// ParamError is a parameter that is missing or malformed.
type ParamError struct {
	Name    string
	Missing bool
	Value   string
	Want    string // the expected type: "int", "boolean", "double"
}

func (e *ParamError) Error() string {
	if e.Missing {
		return fmt.Sprintf("Required parameter '%s' is not present", e.Name)
	}
	return fmt.Sprintf("Param '%s' is illegal, %q is not a valid %s", e.Name, e.Value, e.Want)
}

// ReadParams parses the query and a form body of r (at most MaxFormBytes).
func ReadParams(w http.ResponseWriter, r *http.Request) (Params, error) {
	return ReadParamsLimit(w, r, MaxFormBytes)
}

// ReadParamsLimit is ReadParams for routes whose bodies may be larger (a
// config's content); a body over limit is an error wrapping
// *http.MaxBytesError.
func ReadParamsLimit(w http.ResponseWriter, r *http.Request, limit int64) (Params, error) {
	vals := url.Values{}
	if isForm(r) && r.Body != nil {
		body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, limit))
		if err != nil {
			return Params{}, fmt.Errorf("read form body: %w", err)
		}
		form, err := url.ParseQuery(string(body))
		if err != nil {
			return Params{}, fmt.Errorf("parse form body: %w", err)
		}
		vals = form
	}
	query, err := url.ParseQuery(r.URL.RawQuery)
	if err != nil {
		return Params{}, fmt.Errorf("parse query: %w", err)
	}
	for k, vs := range query {
		vals[k] = append(vals[k], vs...)
	}
	return Params{vals}, nil
}

func isForm(r *http.Request) bool {
	ct := r.Header.Get("Content-Type")
	if ct == "" {
		return false
	}
	mt, _, err := mime.ParseMediaType(ct)
	return err == nil && mt == "application/x-www-form-urlencoded"
}

// Str answers a trimmed parameter or def when it is absent or blank.
func (p Params) Str(name, def string) string {
	if v := strings.TrimSpace(p.Get(name)); v != "" {
		return v
	}
	return def
}

// Has reports whether a parameter is present and not blank.
func (p Params) Has(name string) bool { return strings.TrimSpace(p.Get(name)) != "" }

// Required answers a non-blank parameter or a missing-parameter error.
func (p Params) Required(name string) (string, error) {
	if v := strings.TrimSpace(p.Get(name)); v != "" {
		return v, nil
	}
	return "", &ParamError{Name: name, Missing: true}
}

// Int answers an integer parameter, def when absent.
func (p Params) Int(name string, def int) (int, error) {
	v := strings.TrimSpace(p.Get(name))
	if v == "" {
		return def, nil
	}
	n, err := strconv.Atoi(v)
	if err != nil {
		return 0, &ParamError{Name: name, Value: v, Want: "int"}
	}
	return n, nil
}

// Float answers a floating-point parameter, def when absent.
func (p Params) Float(name string, def float64) (float64, error) {
	v := strings.TrimSpace(p.Get(name))
	if v == "" {
		return def, nil
	}
	f, err := strconv.ParseFloat(v, 64)
	if err != nil {
		return 0, &ParamError{Name: name, Value: v, Want: "double"}
	}
	return f, nil
}

// Bool answers a boolean parameter, def when absent. Like Java's
// Boolean.parseBoolean it is lenient: "true" in any case is true, and
// anything else false, except that strict refuses values other than
// true/false.
func (p Params) Bool(name string, def bool, strict bool) (bool, error) {
	v := strings.TrimSpace(p.Get(name))
	if v == "" {
		return def, nil
	}
	switch strings.ToLower(v) {
	case "true":
		return true, nil
	case "false":
		return false, nil
	}
	if strict {
		return false, &ParamError{Name: name, Value: v, Want: "boolean"}
	}
	return false, nil
}

// IsParamError tells parameter errors from others.
func IsParamError(err error) (*ParamError, bool) {
	var pe *ParamError
	ok := errors.As(err, &pe)
	return pe, ok
}
