package nacosresult

import (
	"errors"
	"net/http"

	"github.com/causeway-dev/causeway/api/httpx"
	"github.com/causeway-dev/causeway/registry"
)

// APIError is what a failed request answers: the HTTP status, the v2 code
// and its fixed message, and the detail that goes into data.
type APIError struct {
	Status  int
	Code    int
	Message string
	Detail  string
}

const (
	CodeServerError = 30000
	MsgServerError  = "server error"
)

// codes maps every registry error kind to Nacos's status, code and message
// (com.alibaba.nacos.api.model.v2.ErrorCode). Nacos raises the 21xxx and
// 22xxx codes with NacosException.INVALID_PARAM, hence 400 for all of them;
// only lookups of something that does not exist (a client, an instance's
// detail) are 404.
var codes = map[registry.Kind]APIError{
	registry.KindMissing:             {http.StatusBadRequest, 10000, "parameter missing", ""},
	registry.KindInvalid:             {http.StatusBadRequest, 20002, "parameter validate error", ""},
	registry.KindNotFound:            {http.StatusNotFound, 20004, "resource not found", ""},
	registry.KindConflict:            {http.StatusConflict, 20005, "resource conflict", ""},
	registry.KindServiceName:         {http.StatusBadRequest, 21000, "service name error", ""},
	registry.KindWeight:              {http.StatusBadRequest, 21001, "weight error", ""},
	registry.KindInstanceMetadata:    {http.StatusBadRequest, 21002, "instance metadata error", ""},
	registry.KindInstanceNotFound:    {http.StatusBadRequest, 21003, "instance not found", ""},
	registry.KindInstance:            {http.StatusBadRequest, 21004, "instance error", ""},
	registry.KindServiceMetadata:     {http.StatusBadRequest, 21005, "service metadata error", ""},
	registry.KindSelector:            {http.StatusBadRequest, 21006, "selector error", ""},
	registry.KindServiceExists:       {http.StatusBadRequest, 21007, "service already exist", ""},
	registry.KindServiceNotFound:     {http.StatusBadRequest, 21008, "service not exist", ""},
	registry.KindServiceHasInstances: {http.StatusBadRequest, 21009, "service delete failure", ""},
	registry.KindHealthyMissing:      {http.StatusBadRequest, 21010, "healthy param miss", ""},
	registry.KindHealthCheckRunning:  {http.StatusBadRequest, 21011, "health check still running", ""},
	registry.KindNamespace:           {http.StatusBadRequest, 22000, "illegal namespace", ""},
	registry.KindNamespaceNotFound:   {http.StatusBadRequest, 22001, "namespace not exist", ""},
	registry.KindNamespaceExists:     {http.StatusBadRequest, 22002, "namespace already exist", ""},
	registry.KindUnauthorized:        {http.StatusForbidden, 10001, "access denied", ""},
	registry.KindForbidden:           {http.StatusForbidden, 10001, "access denied", ""},
	registry.KindInternal:            {http.StatusInternalServerError, CodeServerError, MsgServerError, ""},
	// A tenant's (CSE engine's) limits: Nacos has no naming quota code, so
	// the refusal is a parameter error whose detail says which quota.
	registry.KindQuota: {http.StatusBadRequest, 20002, "parameter validate error", ""},
}

// Classify is the one mapping from an error to what the client sees.
// Parameter errors of the HTTP layer count as missing (10000) or invalid
// (20002); anything that is neither a parameter error nor a registry error
// is internal (30000).
func Classify(err error) APIError {
	var ce *codedError
	if errors.As(err, &ce) {
		return ce.e
	}
	if pe, ok := httpx.IsParamError(err); ok {
		kind := registry.KindInvalid
		if pe.Missing {
			kind = registry.KindMissing
		}
		return withDetail(codes[kind], pe.Error())
	}
	var re *registry.Error
	if errors.As(err, &re) {
		if e, ok := codes[re.Kind]; ok {
			return withDetail(e, re.Msg)
		}
	}
	return withDetail(codes[registry.KindInternal], err.Error())
}

func withDetail(e APIError, detail string) APIError {
	e.Detail = detail
	return e
}

// FormMissing words a missing parameter as Nacos's form objects
// (InstanceForm, ServiceForm, ...) do in their validate().
func FormMissing(name, javaType string) error {
	return registry.FieldErrorf(registry.KindMissing, name,
		"Required parameter '%s' type %s is not present", name, javaType)
}

// QueryMissing words a missing parameter as Spring 5.3 does for a
// @RequestParam, which the other v2 endpoints use.
func QueryMissing(name, javaType string) error {
	return registry.FieldErrorf(registry.KindMissing, name,
		"Required request parameter '%s' for method parameter type %s is not present", name, javaType)
}

// Rekind answers err as a registry error of another kind, keeping its text;
// Nacos reports some rules the registry shares under a different code.
func Rekind(err error, kind registry.Kind) error {
	var re *registry.Error
	if err == nil || !errors.As(err, &re) {
		return err
	}
	c := *re
	c.Kind = kind
	return &c
}

// NotFoundAs rewords the registry's service-not-found error with the text
// of the Nacos endpoint; other errors pass unchanged.
func NotFoundAs(err error, format string, args ...any) error {
	if registry.KindOf(err) != registry.KindServiceNotFound {
		return err
	}
	return registry.Errorf(registry.KindServiceNotFound, format, args...)
}
