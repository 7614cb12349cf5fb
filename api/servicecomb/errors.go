package servicecomb

import (
	"errors"
	"net/http"

	"github.com/causeway-dev/causeway/api/httpx"

	"github.com/causeway-dev/causeway/registry"
	"github.com/causeway-dev/causeway/registry/auth"
)

// errorBody is service-center's error shape (cari errsvc.Error).
type errorBody struct {
	ErrorCode    string `json:"errorCode"`
	ErrorMessage string `json:"errorMessage"`
	Detail       string `json:"detail,omitempty"`
}

type apiError struct {
	status int
	code   string
	msg    string
}

// codes are seed 004 §9's "ServiceComb 错误码" for what the registry's
// kinds mean here.
var codes = map[registry.Kind]apiError{
	registry.KindMissing:             {http.StatusBadRequest, "400001", "Invalid parameter(s)"},
	registry.KindInvalid:             {http.StatusBadRequest, "400001", "Invalid parameter(s)"},
	registry.KindInstanceMetadata:    {http.StatusBadRequest, "400001", "Invalid parameter(s)"},
	registry.KindInstance:            {http.StatusBadRequest, "400001", "Invalid parameter(s)"},
	registry.KindServiceName:         {http.StatusBadRequest, "400001", "Invalid parameter(s)"},
	registry.KindServiceExists:       {http.StatusBadRequest, "400010", "Micro-service already exists"},
	registry.KindServiceNotFound:     {http.StatusBadRequest, "400012", "Micro-service does not exist"},
	registry.KindServiceHasInstances: {http.StatusBadRequest, "400013", "Micro-service has deployed instance(s)"},
	registry.KindNotAllowed:          {http.StatusBadRequest, "400015", "Not allowed to modify schema"},
	registry.KindSchemaNotFound:      {http.StatusBadRequest, "400016", "Schema does not exist"},
	registry.KindInstanceNotFound:    {http.StatusBadRequest, "400017", "Instance does not exist"},
	registry.KindServiceHasConsumers: {http.StatusBadRequest, "400023", "Consumer(s) depends on this micro-service"},
	registry.KindTagNotFound:         {http.StatusBadRequest, "400018", "Tag does not exist"},
	registry.KindRuleTypeMixed:       {http.StatusBadRequest, "400020", "Can not have both 'BLACK' and 'WHITE'"},
	registry.KindRuleTypeLocked:      {http.StatusBadRequest, "400021", "Not allowed to modify the type of the rule"},
	registry.KindRuleNotFound:        {http.StatusBadRequest, "400022", "Rule does not exist"},
	registry.KindQuota:               {http.StatusBadRequest, "400100", "Not enough quota"},
	registry.KindConflict:            {http.StatusConflict, "409001", "ErrRecordAlreadyExists"},
	registry.KindUnauthorized:        {http.StatusUnauthorized, "401201", "Request unauthorized"},
	registry.KindForbidden:           {http.StatusForbidden, "403001", "ErrForbidden"},
	registry.KindInternal:            {http.StatusInternalServerError, "500003", "Internal server error"},
}

// Authentication's own codes (seed 004 §9).
var (
	errNoAuthHeader   = apiError{http.StatusUnauthorized, "401204", "No authorization header"}
	errBadCredentials = apiError{http.StatusUnauthorized, "401202", "User name or password is wrong"}
	// errNoPermission is service-center's answer to a user whose roles do
	// not grant what a request needs (v2.2.0 rbac.Allow: cari's
	// rbac.ErrNoPermission, 403205 "No permission(s)", status code/1000).
	// The seed's 403001 ErrForbidden stays the answer to an operation
	// refused to everyone (tokens on a server without authentication).
	errNoPermission = apiError{http.StatusForbidden, "403205", "No permission(s)"}
)

// classify is the one mapping from an error to what the client sees. An
// internal error's text stays in the log.
func classify(err error) (apiError, string) {
	switch auth.ReasonOf(err) {
	case auth.ReasonBadCredentials, auth.ReasonThrottled:
		return errBadCredentials, err.Error()
	case auth.ReasonForbidden:
		return errNoPermission, err.Error()
	}
	var re *registry.Error
	if errors.As(err, &re) && re.Kind != registry.KindInternal {
		if e, ok := codes[re.Kind]; ok {
			return e, re.Msg
		}
	}
	return codes[registry.KindInternal], "internal error; the server log has the cause"
}

func (a *api) writeError(w http.ResponseWriter, r *http.Request, err error) {
	e, detail := classify(err)
	if e.status == http.StatusInternalServerError {
		a.log.Error("servicecomb request failed", "method", r.Method, "path", r.URL.Path, "err", err)
	}
	httpx.WriteJSON(w, e.status, errorBody{ErrorCode: e.code, ErrorMessage: e.msg, Detail: detail})
}

// deny answers a request that failed authentication (401), or
// authorization (403205, whatever carried the token), or whose check
// failed (500).
func (a *api) deny(w http.ResponseWriter, r *http.Request, err error) {
	switch {
	case auth.ReasonOf(err) == auth.ReasonForbidden:
		a.writeError(w, r, err)
	case err != nil && registry.KindOf(err) == registry.KindInternal && auth.ReasonOf(err) == auth.ReasonNone:
		a.writeError(w, r, err)
	case r.Header.Get("Authorization") == "":
		httpx.WriteJSON(w, errNoAuthHeader.status, errorBody{errNoAuthHeader.code, errNoAuthHeader.msg, "give Authorization: Bearer <token> from POST /v4/token"})
	default:
		e := codes[registry.KindUnauthorized]
		detail := "no valid token"
		if err != nil {
			detail = err.Error()
		}
		httpx.WriteJSON(w, e.status, errorBody{e.code, e.msg, detail})
	}
}

// errMessage words a failure of one item of a batch as service-center's
// error does in text: the code's message, then the detail in brackets.
func errMessage(err error) string {
	if err == nil {
		return ""
	}
	e, detail := classify(err)
	return e.msg + "(" + detail + ")"
}

// invalidIf answers a registry KindServiceNotFound as KindInvalid: the
// code service-center 2.0 answers where it checks the service with
// parameters (adding rules).
func invalidIf(err error) error {
	if registry.KindOf(err) == registry.KindServiceNotFound {
		return registry.FieldErrorf(registry.KindInvalid, "serviceId", "%s", err.Error())
	}
	return err
}
