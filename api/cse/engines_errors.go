package cse

import (
	"errors"
	"net/http"

	"github.com/causeway-dev/causeway/api/httpx"
	"github.com/causeway-dev/causeway/registry"
)

// engineCode is one code of seed 004 table 9-2 (engine management), all
// answered with 400.
type engineCode struct{ code, msg string }

// engineCodes maps the registry errors of registry/tenancy, by kind and
// field, onto table 9-2. What is not here takes the general table
// (errors.go): other invalid parameters are SVCSTG.00400100.
var engineCodes = map[registry.Kind]map[string]engineCode{
	registry.KindNotFound: {
		"engine_id": {"SVCSTG.00501116", "Failed to find the engine instance."},
		"job_id":    {"SVCSTG.00501153", "No task found."},
	},
	registry.KindInvalid: {
		"job_id":   {"SVCSTG.00501152", "Incorrect task ID format."},
		"payment":  {"SVCSTG.00501103", "Engine payment is empty or is invalid."},
		"flavor":   {"SVCSTG.00501104", "Incorrect format of the engine instance specifications."},
		"azList":   {"SVCSTG.00501105", "Incorrect AZ format."},
		"specType": {"SVCSTG.00501134", "The engine type is left blank."},
	},
	registry.KindConflict:   {"name": {"SVCSTG.00501111", "Duplicate engine instance name."}},
	registry.KindQuota:      {"engines": {"SVCSTG.00501112", "Insufficient engine instance quota."}},
	registry.KindNotAllowed: {"status": {"SVCSTG.00501117", "The engine in the current state cannot be deleted."}},
}

// classifyEngine answers an engine route's error: table 9-2 where it has
// the case, the general table otherwise. A change refused for the
// engine's state (other than delete) is an invalid parameter.
func classifyEngine(err error) apiError {
	var re *registry.Error
	if errors.As(err, &re) {
		if c, ok := engineCodes[re.Kind][re.Field]; ok {
			return apiError{http.StatusBadRequest, errorBody{Code: c.code, Message: c.msg, Detail: re.Msg}}
		}
		if re.Kind == registry.KindNotAllowed || re.Kind == registry.KindQuota {
			e := codes[registry.KindInvalid]
			e.body.Detail = re.Msg
			return e
		}
	}
	return classify(err)
}

// serveEngine answers an engine route's errors with classifyEngine.
func (a *api) serveEngine(h handlerFunc) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if err := h(w, r); err != nil {
			a.writeEngineError(w, r, err)
		}
	})
}

func (a *api) writeEngineError(w http.ResponseWriter, r *http.Request, err error) {
	e := classifyEngine(err)
	if e.status == http.StatusInternalServerError {
		a.log.Error("cse request failed", "method", r.Method, "path", r.URL.Path, "err", err)
	}
	httpx.WriteJSON(w, e.status, e.body)
}
