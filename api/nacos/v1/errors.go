package v1

import (
	"errors"
	"fmt"
	"net/http"

	"github.com/causeway-dev/causeway/api/httpx"
	"github.com/causeway-dev/causeway/registry"
	"github.com/causeway-dev/causeway/registry/naming"
)

// This file is the one place where errors become Nacos v1 answers. Nacos's
// naming exception handler answers a NacosException with its code as the
// HTTP status and its message as a text body, an IllegalArgumentException
// (which includes Java's NumberFormatException) with 400 and its message, and
// anything else with 500 and "caused: <message>;". The texts below are the
// ones Nacos 2.5 sends, so that clients and scripts matching on them work.

// answer is an error whose status and text the dialect fixes itself.
type answer struct {
	status int
	text   string
}

func (a *answer) Error() string { return a.text }

func errBadRequest(text string) error { return &answer{status: http.StatusBadRequest, text: text} }

func errInternal(text string) error {
	return &answer{status: http.StatusInternalServerError, text: "caused: " + text + ";"}
}

// errRequired is WebUtils.required's answer to a missing parameter.
func errRequired(name string) error { return errBadRequest("Param '" + name + "' is required.") }

// errMissing is Spring's answer when a @RequestParam is absent (service and
// switch endpoints bind their parameters that way).
func errMissing(name string) error { return errBadRequest("Parameter '" + name + "' is missing") }

// errNotANumber is Java's NumberFormatException text, which Nacos sends
// as is.
func errNotANumber(value string) error { return errBadRequest(`For input string: "` + value + `"`) }

// errNotABoolean: Nacos reads booleans leniently (anything but "true" is
// false); Causeway refuses values that are neither, so a typo does not
// silently flip a flag.
func errNotABoolean(name, value string) error {
	return errBadRequest(fmt.Sprintf("Param '%s' is illegal, %q is not a valid boolean.", name, value))
}

// errNoMatchedIP is InstanceOperatorClientImpl's answer for an unknown
// instance of a known service.
func errNoMatchedIP() error {
	return &answer{status: http.StatusNotFound, text: "no matched ip found!"}
}

// errNoIPs is its answer when the service has no instance at all.
func errNoIPs(cluster string, k naming.ServiceKey) error {
	return &answer{status: http.StatusNotFound,
		text: "no ips found for cluster " + cluster + " in service " + k.Grouped()}
}

// errServiceNotFound is ServiceOperatorV2Impl's answer to update and delete.
func errServiceNotFound(k naming.ServiceKey) error {
	return errBadRequest(fmt.Sprintf("service %s not found!", k.Grouped()))
}

// errNoSuchService is its answer to a service query.
func errNoSuchService(k naming.ServiceKey) error {
	return errBadRequest("service not found, namespace: " + k.Namespace + ", serviceName: " + k.Grouped())
}

// onServiceNotFound replaces a registry "service not found" by the answer
// the endpoint gives in Nacos, and passes other errors on.
func onServiceNotFound(err error, replace func() error) error {
	if registry.KindOf(err) == registry.KindServiceNotFound {
		return replace()
	}
	return err
}

// errSelectorText is ServiceController's answer to any selector it cannot use.
const errSelectorText = "not match any type of selector!"

// kindStatus is the HTTP status of each registry error kind. Nacos answers
// almost every domain error as INVALID_PARAM (400), a missing resource of a
// query as NOT_FOUND (404) and a concurrent-change conflict as CONFLICT
// (409); kinds absent here are 400.
var kindStatus = map[registry.Kind]int{
	registry.KindInternal:          http.StatusInternalServerError,
	registry.KindNotFound:          http.StatusNotFound,
	registry.KindInstanceNotFound:  http.StatusNotFound,
	registry.KindNamespaceNotFound: http.StatusNotFound,
	registry.KindConflict:          http.StatusConflict,
	registry.KindUnauthorized:      http.StatusForbidden,
	registry.KindForbidden:         http.StatusForbidden,
}

// answerOf maps any error to Nacos's status and text.
func answerOf(err error) (int, string) {
	var a *answer
	if errors.As(err, &a) {
		return a.status, a.text
	}
	if pe, ok := httpx.IsParamError(err); ok {
		return paramAnswer(pe)
	}
	var re *registry.Error
	if errors.As(err, &re) {
		return registryAnswer(re)
	}
	return http.StatusInternalServerError, "caused: " + err.Error() + ";"
}

func paramAnswer(pe *httpx.ParamError) (int, string) {
	switch {
	case pe.Missing:
		return answerOf(errRequired(pe.Name))
	case pe.Want == "boolean":
		return answerOf(errNotABoolean(pe.Name, pe.Value))
	}
	return answerOf(errNotANumber(pe.Value))
}

func registryAnswer(re *registry.Error) (int, string) {
	status, ok := kindStatus[re.Kind]
	if !ok {
		status = http.StatusBadRequest
	}
	switch re.Kind {
	case registry.KindInternal:
		return status, "caused: " + re.Msg + ";"
	case registry.KindMissing:
		if re.Field != "" {
			return answerOf(errRequired(re.Field))
		}
	case registry.KindInstanceNotFound:
		return answerOf(errNoMatchedIP())
	case registry.KindSelector:
		return status, errSelectorText
	}
	return status, re.Msg
}

// writeError answers err as Nacos does: a status and a plain-text body.
func writeError(w http.ResponseWriter, err error) {
	status, text := answerOf(err)
	writeText(w, status, text)
}
