package v2

import (
	"encoding/json"
	"errors"
	"net/http"

	"github.com/causeway-dev/causeway/api/httpx"
	"github.com/causeway-dev/causeway/registry"
)

// result is Nacos's v2 envelope (com.alibaba.nacos.api.model.v2.Result).
type result struct {
	Code    int    `json:"code"`
	Message string `json:"message"`
	Data    any    `json:"data"`
}

// bare is data written as it is, without the envelope: the beat endpoint
// answers a plain object in Nacos, and its 1.x clients parse it so.
type bare struct{ v any }

// wrap turns an endpoint into an http.Handler: it reads the parameters,
// runs the endpoint and writes the envelope or the mapped error.
func (a *api) wrap(h handlerFunc) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		p, err := httpx.ReadParams(w, r)
		if err != nil {
			a.fail(w, r, registry.Errorf(registry.KindInvalid, "%v", err))
			return
		}
		data, err := h(r, p)
		if err != nil {
			a.fail(w, r, err)
			return
		}
		if b, ok := data.(bare); ok {
			writeJSON(w, http.StatusOK, b.v)
			return
		}
		writeJSON(w, http.StatusOK, result{Code: 0, Message: "success", Data: data})
	})
}

// fail writes err as the envelope Nacos answers for it.
func (a *api) fail(w http.ResponseWriter, r *http.Request, err error) {
	e := classify(err)
	var se *statusError // a route that answers another status than the table's
	if errors.As(err, &se) {
		e.Status = se.status
	}
	if e.Status >= http.StatusInternalServerError {
		a.log.Error("nacos v2 request failed", "method", r.Method, "path", r.URL.Path, "err", err)
	}
	writeJSON(w, e.Status, result{Code: e.Code, Message: e.Message, Data: e.Detail})
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	body, err := json.Marshal(v)
	if err != nil { // only non-finite floats, which validation keeps out
		status = http.StatusInternalServerError
		body, _ = json.Marshal(result{Code: codeServerError, Message: msgServerError, Data: err.Error()})
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_, _ = w.Write(body)
}
