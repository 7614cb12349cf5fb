package cse

import (
	"errors"
	"net/http"

	"github.com/causeway-dev/causeway/api/httpx"

	"github.com/causeway-dev/causeway/registry"
)

// apiError is a failed request's answer: the HTTP status and the CSE body.
type apiError struct {
	status int
	body   errorBody
}

// errorBody is the CSE error shape (seed 004 §3.3 and the "状态码： 400"
// tables of §7: error_code, error_msg, detail).
type errorBody struct {
	Code    string `json:"error_code"`
	Message string `json:"error_msg"`
	Detail  string `json:"detail,omitempty"`
}

// codes maps registry error kinds onto the codes of seed 004 §9.2. The
// gateway family's sections (§7) refer to that table; its general codes
// are the configuration ones:
//
//	400 SVCSTG.00400100 Invalid parameter(s)                       (table 9-3)
//	404 SVCSTG.00400106 Record does not exist                      (table 9-3)
//	409 SVCSTG.00400107 Record already exist  (seed: "ecord ...")  (table 9-3)
//	401 SVCSTG.00300401 Invalid token          (status per table 9-1)
//	500 SVCSTG.00500400 Internal service request parameter error.  (table 9-2)
//
// A refused permission is appendix 9's only 403 code, 403001 ErrForbidden
// ("操作受限"): the configuration table has none, and its token code
// (SVCSTG.00300401 "Invalid token") would send a client to log in again
// for nothing.
var codes = map[registry.Kind]apiError{
	registry.KindMissing:  {http.StatusBadRequest, errorBody{Code: "SVCSTG.00400100", Message: "Invalid parameter(s)"}},
	registry.KindInvalid:  {http.StatusBadRequest, errorBody{Code: "SVCSTG.00400100", Message: "Invalid parameter(s)"}},
	registry.KindNotFound: {http.StatusNotFound, errorBody{Code: "SVCSTG.00400106", Message: "Record does not exist"}},
	registry.KindConflict: {http.StatusConflict, errorBody{Code: "SVCSTG.00400107", Message: "Record already exist"}},
	// The namespace kinds of registry/tenancy (seed 004 §6) are the same
	// general codes.
	registry.KindNamespace:         {http.StatusBadRequest, errorBody{Code: "SVCSTG.00400100", Message: "Invalid parameter(s)"}},
	registry.KindNamespaceNotFound: {http.StatusNotFound, errorBody{Code: "SVCSTG.00400106", Message: "Record does not exist"}},
	registry.KindNamespaceExists:   {http.StatusConflict, errorBody{Code: "SVCSTG.00400107", Message: "Record already exist"}},
	registry.KindUnauthorized:      {http.StatusUnauthorized, errorBody{Code: "SVCSTG.00300401", Message: "Invalid token"}},
	registry.KindForbidden:         {http.StatusForbidden, errorBody{Code: "403001", Message: "ErrForbidden"}},
	registry.KindInternal: {http.StatusInternalServerError,
		errorBody{Code: "SVCSTG.00500400", Message: "Internal service request parameter error."}},
}

// classify is the one mapping from an error to what the client sees. An
// internal error's text stays in the log: the client learns only that it
// happened.
func classify(err error) apiError {
	var re *registry.Error
	if errors.As(err, &re) {
		if e, ok := codes[re.Kind]; ok && re.Kind != registry.KindInternal {
			e.body.Detail = re.Msg
			return e
		}
	}
	e := codes[registry.KindInternal]
	e.body.Detail = "internal error; the server log has the cause"
	return e
}

func (a *api) writeError(w http.ResponseWriter, r *http.Request, err error) {
	e := classify(err)
	if e.status == http.StatusInternalServerError {
		a.log.Error("cse request failed", "method", r.Method, "path", r.URL.Path, "err", err)
	}
	httpx.WriteJSON(w, e.status, e.body)
}

// deny answers a request that failed authentication: 401 with the token
// code, 403 when the user's permissions do not grant what the request
// needs, or 500 when checking the token failed.
func (a *api) deny(w http.ResponseWriter, r *http.Request, err error) {
	if k := registry.KindOf(err); err != nil && (k == registry.KindInternal || k == registry.KindForbidden) {
		a.writeError(w, r, err)
		return
	}
	e := codes[registry.KindUnauthorized]
	if err != nil {
		e.body.Detail = err.Error()
	}
	httpx.WriteJSON(w, e.status, e.body)
}
