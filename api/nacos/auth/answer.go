package auth

import (
	"encoding/json"
	"errors"
	"net/http"

	"github.com/causeway-dev/causeway/api/httpx"
	"github.com/causeway-dev/causeway/registry"
	regauth "github.com/causeway-dev/causeway/registry/auth"
)

// shape is how a route of the user/role/permission API writes its answer.
// Nacos 1 mixes three: a list or page as is, a write's RestResult, and
// the Result of the permission duplicate check; Nacos 3 answers Result
// everywhere.
type shape int

const (
	shapeRaw    shape = iota // the value itself (v1 GETs)
	shapeRest                // RestResult{code:200,message:null,data} (v1 writes)
	shapeResult              // Result{code:0,message:"success",data} (v3, v1 duplicate check)
)

// restResult is Nacos's RestResult as Jackson writes it: message is null
// unless set.
type restResult struct {
	Code    int     `json:"code"`
	Message *string `json:"message"`
	Data    any     `json:"data"`
}

// result is Nacos's v2/v3 Result.
type result struct {
	Code    int    `json:"code"`
	Message string `json:"message"`
	Data    any    `json:"data"`
}

// asIs is an answer an operation built whole (Nacos's 409 answers, which
// are written with HTTP 200 and the code in the body).
type asIs struct{ body any }

// op is one operation: it reads the parameters and answers data, or an
// error that fail maps.
type op func(r *http.Request, p httpx.Params) (any, error)

// serve binds the parameters, runs the operation and writes its answer in
// the route's shape.
func (h *handler) serve(s shape, run op) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		p, err := httpx.ReadParams(w, r)
		if err != nil {
			h.fail(w, r, badParam(err.Error()))
			return
		}
		data, err := run(r, p)
		if err != nil {
			h.fail(w, r, err)
			return
		}
		writeJSON(w, wrap(s, data))
	})
}

func wrap(s shape, data any) any {
	if a, ok := data.(asIs); ok {
		return a.body
	}
	switch s {
	case shapeRest:
		return restResult{Code: http.StatusOK, Data: data}
	case shapeResult:
		return result{Code: 0, Message: "success", Data: data}
	}
	return data
}

func writeJSON(w http.ResponseWriter, v any) {
	w.Header().Set("Content-Type", "application/json")
	_ = json.NewEncoder(w).Encode(v)
}

// paramError is a request Nacos's Spring binding refuses before the
// controller runs (a missing or malformed parameter).
type paramError struct{ msg string }

func (e *paramError) Error() string { return e.msg }

func badParam(msg string) error { return &paramError{msg} }

// fail is the one place where an error of this API becomes an answer. It
// follows Nacos's ConsoleExceptionHandler, which handles the controllers
// of both versions: an IllegalArgumentException (every refusal of the
// role service and the controllers: unknown user or role, duplicate,
// ROLE_ADMIN, blank names) is 400 with "caused: <message>;" as plain text;
// a refused password change is the controller's sendError(403,
// "authorization failed!"), which Spring renders as its JSON error. Two
// deliberate differences: a missing or malformed parameter, which Nacos
// lets fall to its catch-all 500, is a 400 here (it is the client's
// error), and Causeway's own checks (password strength, name lengths,
// resource format) answer like Nacos's IllegalArgumentException.
func (h *handler) fail(w http.ResponseWriter, r *http.Request, err error) {
	if regauth.ReasonOf(err) != regauth.ReasonNone {
		deny(w, r, h.now(), err)
		return
	}
	status := http.StatusInternalServerError
	var pe *paramError
	switch registry.KindOf(err) {
	case registry.KindInvalid, registry.KindMissing, registry.KindNotFound, registry.KindConflict:
		status = http.StatusBadRequest
	default:
		if errors.As(err, &pe) {
			status = http.StatusBadRequest
		}
	}
	w.Header().Set("Content-Type", "text/plain;charset=UTF-8")
	w.WriteHeader(status)
	_, _ = w.Write([]byte("caused: " + err.Error() + ";"))
}
