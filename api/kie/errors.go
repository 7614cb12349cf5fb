package kie

import (
	"errors"
	"net/http"

	"github.com/causeway-dev/causeway/api/httpx"

	"github.com/causeway-dev/causeway/registry"
	"github.com/causeway-dev/causeway/registry/auth"
	"github.com/causeway-dev/causeway/registry/kie"
)

// family is a group of routes sharing an error shape and code table.
type family int

const (
	// kvFamily: the ServiceComb kv routes of seed 004 §8.7.
	kvFamily family = iota
	// fileFamily: the CSE import and export routes of seed 004 §5.2.
	fileFamily
)

// errorBody is every field either family's shape has; each family fills
// its own (the others are omitted).
//
// The kv family answers §8.7's {error_code, error_message} and, beside it,
// the shape the real kie server answers and go-chassis/kie-client parses
// (cari's errsvc.Error: errorCode, a number in a string, errorMessage,
// detail); without it the client would report an empty error. Seed §8.7.6
// itself names errorCode/errorMessage/detail. The file family answers
// §5.2's {error_code, error_msg, detail}.
type errorBody struct {
	Code         string `json:"error_code"`
	Message      string `json:"error_message,omitempty"`
	Msg          string `json:"error_msg,omitempty"`
	ErrorCode    string `json:"errorCode,omitempty"`
	ErrorMessage string `json:"errorMessage,omitempty"`
	Detail       string `json:"detail,omitempty"`
}

// apiError is a failed request's answer: the HTTP status, code and message.
type apiError struct {
	status int
	code   string
	msg    string
}

// kvCodes are seed 004's "ServiceComb 错误码" (§9.2): 400001 Invalid
// parameter(s), 404001, 409001, 500003, 401201 Request unauthorized and
// 403001; they are also the codes of the real kie server (cari config).
var kvCodes = map[registry.Kind]apiError{
	registry.KindMissing:      {http.StatusBadRequest, "400001", "Invalid parameter(s)"},
	registry.KindInvalid:      {http.StatusBadRequest, "400001", "Invalid parameter(s)"},
	registry.KindNotFound:     {http.StatusNotFound, "404001", "Record does not exist"},
	registry.KindConflict:     {http.StatusConflict, "409001", "Record already exist"},
	registry.KindUnauthorized: {http.StatusUnauthorized, "401201", "Request unauthorized"},
	registry.KindForbidden:    {http.StatusForbidden, "403001", "Forbidden"},
	registry.KindInternal:     {http.StatusInternalServerError, "500003", "Internal server error"},
}

// fileCodes are seed 004 table 9-3 (动态配置类错误码); the seed has no
// code of its own there for a refused token or an internal failure, so
// those are the CSE ones (SVCSTG.00300401, SVCSTG.00500400). A refused
// permission is appendix 9's only 403 code, 403001 ErrForbidden ("操作受
// 限"), as in the rest of the CSE dialect: SVCSTG.00300401 says the token
// is invalid, and a client that reads it logs in again for nothing.
var fileCodes = map[registry.Kind]apiError{
	registry.KindMissing:      {http.StatusBadRequest, "SVCSTG.00400100", "Invalid parameter(s)"},
	registry.KindInvalid:      {http.StatusBadRequest, "SVCSTG.00400100", "Invalid parameter(s)"},
	registry.KindNotFound:     {http.StatusNotFound, "SVCSTG.00400106", "Record does not exist"},
	registry.KindConflict:     {http.StatusConflict, "SVCSTG.00400107", "Record already exist"},
	registry.KindUnauthorized: {http.StatusUnauthorized, "SVCSTG.00300401", "Invalid token"},
	registry.KindForbidden:    {http.StatusForbidden, "403001", "ErrForbidden"},
	registry.KindInternal:     {http.StatusInternalServerError, "SVCSTG.00500400", "Internal service request parameter error."},
}

// errNoPermission is kie's answer to a user whose roles do not grant what
// a request needs: cari's rbac.ErrNoPermission, 403205, at HTTP 403 (kie
// server/datasource/auth.Allow). The real kie leaves errorMessage empty
// (its config error manager does not know rbac's codes); this one gives
// cari's text for the code, "No permission(s)".
var errNoPermission = apiError{http.StatusForbidden, "403205", "No permission(s)"}

// Table 9-3's codes for what is wrong with an import file or an export
// request, more precise than SVCSTG.00400100.
var (
	errBadFile   = apiError{http.StatusBadRequest, "SVCSTG.00400651", "The file is empty or in an incorrect format."}
	errBadExport = apiError{http.StatusBadRequest, "SVCSTG.00400653", "Invalid label or body."}
)

// codedError is a bad request that carries its own table 9-3 code.
type codedError struct {
	code apiError
	err  error
}

func (e *codedError) Error() string { return e.err.Error() }
func (e *codedError) Unwrap() error { return e.err }

// classify is the one mapping from an error to what the client sees: the
// status, the body in the family's shape. An internal error's text stays
// in the log: the client learns only that it happened.
func classify(fam family, err error) (int, errorBody) {
	table := kvCodes
	if fam == fileFamily {
		table = fileCodes
	}
	e, detail := table[registry.KindInternal], "internal error; the server log has the cause"
	var re *registry.Error
	var ce *codedError
	switch {
	case auth.ReasonOf(err) == auth.ReasonForbidden && fam == kvFamily:
		e, detail = errNoPermission, err.Error()
	case errors.As(err, &ce) && fam == fileFamily:
		e, detail = ce.code, err.Error()
	case errors.As(err, &re) && re.Kind != registry.KindInternal:
		if known, ok := table[re.Kind]; ok {
			e, detail = known, re.Msg
		}
	}
	return e.status, shape(fam, e, detail)
}

func shape(fam family, e apiError, detail string) errorBody {
	if fam == fileFamily {
		return errorBody{Code: e.code, Msg: e.msg, Detail: detail}
	}
	return errorBody{Code: e.code, Message: e.msg, ErrorCode: e.code, ErrorMessage: e.msg, Detail: detail}
}

func (a *api) writeError(w http.ResponseWriter, r *http.Request, fam family, err error) {
	status, body := classify(fam, err)
	if status == http.StatusInternalServerError {
		a.log.Error("kie request failed", "method", r.Method, "path", r.URL.Path, "err", err)
	}
	httpx.WriteJSON(w, status, body)
}

// deny answers a request that failed authentication: 401 in the kv shape
// (the import and export routes share it: one dialect, one Deny), or 500
// when checking the token failed. A refused permission is 403 in the
// shape of the route's family.
func (a *api) deny(w http.ResponseWriter, r *http.Request, err error) {
	if auth.ReasonOf(err) == auth.ReasonForbidden {
		a.writeError(w, r, familyOf(r), err)
		return
	}
	if err != nil && registry.KindOf(err) == registry.KindInternal {
		a.writeError(w, r, kvFamily, err)
		return
	}
	detail := "no valid token"
	if err != nil {
		detail = err.Error()
	}
	httpx.WriteJSON(w, http.StatusUnauthorized, shape(kvFamily, kvCodes[registry.KindUnauthorized], detail))
}

// importFailure words why an import item was not stored, in table 9-3's
// codes: the failure list of §5.2.1.
func importFailure(f kie.ImportFailure) (code, msg string) {
	switch f.Reason {
	case kie.FailInvalid:
		return "SVCSTG.00400100", f.Err.Error()
	case kie.FailDuplicate:
		return "SVCSTG.00400107", "skip overriding duplicate kvs"
	case kie.FailAborted:
		return "SVCSTG.00400107", "stop overriding kvs after reaching the duplicate kv"
	}
	return "SVCSTG.00500400", "internal error; the server log has the cause"
}
