package nacosresult

import (
	"encoding/json"
	"errors"
	"log/slog"
	"net/http"

	"github.com/causeway-dev/causeway/api/httpx"
	"github.com/causeway-dev/causeway/registry"
)

// Result is Nacos's v2 envelope (com.alibaba.nacos.api.model.v2.Result).
type Result struct {
	Code    int    `json:"code"`
	Message string `json:"message"`
	Data    any    `json:"data"`
}

// Bare is data written as it is, without the envelope: the beat endpoint
// answers a plain object in Nacos, and its 1.x clients parse it so.
type Bare struct{ V any }

// Raw is a body written as it is, with its content type and headers: a
// download (the config export's zip) rather than an envelope.
type Raw struct {
	ContentType string
	Header      http.Header
	Body        []byte
}

// Failure is an answer Nacos gives with HTTP 200 and a non-zero code
// (Result.failure(ErrorCode, data)): the v3 clone and import answer so
// when there is nothing to do.
type Failure struct {
	Code    int
	Message string
	Data    any
}

// Handler is an endpoint: it answers the data of a success or an error.
type Handler func(r *http.Request, p httpx.Params) (any, error)

// Wrap turns an endpoint into an http.Handler: it reads the parameters,
// runs the endpoint and writes the envelope or the mapped error; failures
// of the server are logged to log.
func Wrap(log *slog.Logger, h Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		p, err := httpx.ReadParams(w, r)
		if err != nil {
			Fail(log, w, r, registry.Errorf(registry.KindInvalid, "%v", err))
			return
		}
		Write(log, w, r, h, p)
	})
}

// WrapLimit is Wrap with a body bound of limit bytes, for routes that
// take a config's content: a body over it is refused with tooLarge(), the
// error of the content it carries.
func WrapLimit(log *slog.Logger, h Handler, limit int64, tooLarge func() error) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		p, err := httpx.ReadParamsLimit(w, r, limit)
		var over *http.MaxBytesError
		switch {
		case errors.As(err, &over):
			Fail(log, w, r, tooLarge())
			return
		case err != nil:
			Fail(log, w, r, registry.Errorf(registry.KindInvalid, "%v", err))
			return
		}
		Write(log, w, r, h, p)
	})
}

// Write runs h on parameters already read and writes its answer.
func Write(log *slog.Logger, w http.ResponseWriter, r *http.Request, h Handler, p httpx.Params) {
	data, err := h(r, p)
	if err != nil {
		Fail(log, w, r, err)
		return
	}
	if raw, ok := data.(Raw); ok {
		for k, vs := range raw.Header {
			w.Header()[k] = vs
		}
		w.Header().Set("Content-Type", raw.ContentType)
		w.WriteHeader(http.StatusOK)
		_, _ = w.Write(raw.Body)
		return
	}
	if f, ok := data.(Failure); ok {
		WriteJSON(w, http.StatusOK, Result(f))
		return
	}
	if b, ok := data.(Bare); ok {
		WriteJSON(w, http.StatusOK, b.V)
		return
	}
	WriteJSON(w, http.StatusOK, Result{Code: 0, Message: "success", Data: data})
}

// Fail writes err as the envelope Nacos answers for it.
func Fail(log *slog.Logger, w http.ResponseWriter, r *http.Request, err error) {
	e := Classify(err)
	var se *statusError // a route that answers another status than the table's
	if errors.As(err, &se) {
		e.Status = se.status
	}
	if e.Status >= http.StatusInternalServerError && e.Status != http.StatusNotImplemented { // 501 is an answer, not a failure
		log.Error("nacos request failed", "method", r.Method, "path", r.URL.Path, "err", err)
	}
	WriteJSON(w, e.Status, Result{Code: e.Code, Message: e.Message, Data: e.Detail})
}

// WriteJSON writes v with status; a value that cannot be encoded is a 500
// in the envelope.
func WriteJSON(w http.ResponseWriter, status int, v any) {
	body, err := json.Marshal(v)
	if err != nil { // only non-finite floats, which validation keeps out
		status = http.StatusInternalServerError
		body, _ = json.Marshal(Result{Code: CodeServerError, Message: MsgServerError, Data: err.Error()})
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_, _ = w.Write(body)
}

// statusError carries the HTTP status Nacos answers for one error on a
// route, where it differs from the shared table (Nacos's namespace service
// throws 404 for a missing namespace and 500 for a lost creation race).
type statusError struct {
	status int
	err    error
}

func (e *statusError) Error() string { return e.err.Error() }
func (e *statusError) Unwrap() error { return e.err }

// WithStatus makes err answer status instead of its kind's.
func WithStatus(status int, err error) error { return &statusError{status: status, err: err} }
