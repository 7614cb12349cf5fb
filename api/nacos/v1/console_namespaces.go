package v1

import (
	"errors"
	"log/slog"
	"net/http"
	"regexp"
	"strings"
	"unicode/utf16"

	"github.com/causeway-dev/causeway/api/httpx"
	nacosauth "github.com/causeway-dev/causeway/api/nacos/auth"
	"github.com/causeway-dev/causeway/api/nacos/nacoswire"
	"github.com/causeway-dev/causeway/registry"
	"github.com/causeway-dev/causeway/registry/tenancy"
)

// consoleNamespaces is the path of Nacos's v1 console NamespaceController.
const consoleNamespaces = "/nacos/v1/console/namespaces"

// maxNamespaceShowName is the parameter checker's limit on namespaceName
// (ParamCheckRule.maxNamespaceShowNameLength), counted in UTF-16 units as
// Java counts.
const maxNamespaceShowName = 256

// consoleParamID is the parameter checker's namespaceId pattern; Java's
// matches() anchors it at both ends.
var consoleParamID = regexp.MustCompile(`^[\w-]+$`)

// consoleNS serves the v1 console namespace routes over registry/tenancy,
// which keeps the rules the v2 console API and the config and naming
// routes share; this file only translates. Nacos answers most refusals
// here as a plain false, not as an error.
type consoleNS struct {
	ns  *tenancy.Service
	log *slog.Logger
}

// ConsoleNamespaceDialect answers GET, POST, PUT and DELETE
// /nacos/v1/console/namespaces over t. A refused identity gets the Spring
// error body of Nacos's AuthFilter, as on the login routes.
func ConsoleNamespaceDialect(t *tenancy.Service, opts Options) httpx.Dialect {
	if opts.Logger == nil {
		opts.Logger = slog.Default()
	}
	c := &consoleNS{ns: t, log: opts.Logger}
	return httpx.Dialect{Name: "nacos-v1-console-namespaces", Deny: nacosauth.Deny, Routes: []httpx.Route{
		// Nacos leaves the reads unsecured: every client lists namespaces
		// before it knows what it may touch. The writes are console-only
		// ("console/namespaces"), for global admins.
		{Pattern: "GET " + consoleNamespaces, Handler: c.wrap(c.get), Access: httpx.AnyUser},
		{Pattern: "POST " + consoleNamespaces, Handler: c.wrap(c.create)},
		{Pattern: "PUT " + consoleNamespaces, Handler: c.wrap(c.edit)},
		{Pattern: "DELETE " + consoleNamespaces, Handler: c.wrap(c.remove)},
	}}
}

// wrap reads the parameters, runs the parameter checker Nacos runs before
// this controller (ConsoleDefaultHttpParamExtractor), then fn; a panic is
// logged and answered 500.
func (c *consoleNS) wrap(fn endpoint) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		defer func() {
			if v := recover(); v != nil {
				c.log.Error("nacos v1 console handler panicked", "path", r.URL.Path, "panic", v)
				writeError(w, errInternal("internal error"))
			}
		}()
		p, err := httpx.ReadParams(w, r)
		if err == nil {
			err = checkConsoleParams(p)
		} else {
			err = errBadRequest(err.Error())
		}
		if err == nil {
			err = fn(w, r, p)
		}
		if err != nil {
			c.log.Debug("nacos v1 console request refused", "method", r.Method, "path", r.URL.Path, "err", err)
			writeError(w, err)
		}
	})
}

// checkConsoleParams is Nacos's DefaultParamChecker over what the console
// extractor picks: namespaceId (customNamespaceId when it is blank) and
// namespaceName; blank values pass. The id limit is Causeway's one
// namespace limit (tenancy.MaxIDLen), so no id that another dialect
// accepts is refused here.
func checkConsoleParams(p httpx.Params) error {
	id := p.Get("namespaceId")
	if strings.TrimSpace(id) == "" {
		id = p.Get("customNamespaceId")
	}
	if strings.TrimSpace(id) != "" {
		if len(id) > tenancy.MaxIDLen {
			return errBadRequest("Param 'namespaceId/tenant' is illegal, the param length should not exceed 128.")
		}
		if !consoleParamID.MatchString(id) {
			return errBadRequest("Param 'namespaceId/tenant' is illegal, illegal characters should not appear in the param.")
		}
	}
	if name := p.Get("namespaceName"); strings.TrimSpace(name) != "" {
		if len(utf16.Encode([]rune(name))) > maxNamespaceShowName {
			return errBadRequest("Param 'namespaceShowName' is illegal, the param length should not exceed 256.")
		}
		if strings.ContainsAny(name, "@#$%^&*") {
			return errBadRequest("Param 'namespaceShowName' is illegal, illegal characters should not appear in the param.")
		}
	}
	return nil
}

// get is three Spring mappings on one path, chosen by parameters:
// show=all answers one namespace, checkNamespaceIdExist=true whether an id
// is taken, anything else the list.
func (c *consoleNS) get(w http.ResponseWriter, _ *http.Request, p httpx.Params) error {
	switch {
	case p.Get("show") == "all":
		return c.one(w, p)
	case p.Get("checkNamespaceIdExist") == "true":
		id, err := consoleParam(p, "customNamespaceId")
		if err != nil {
			return err
		}
		return writeJSON(w, strings.TrimSpace(id) != "" && c.ns.Exists(id))
	}
	return writeJSON(w, nacoswire.RestResult{Code: http.StatusOK, Data: nacoswire.Namespaces(c.ns.List())})
}

// one answers a namespace under the id as asked ("" and "public" both are
// the default one). Nacos answers a missing one with a 500 whose text is
// its exception's; Causeway keeps the text and answers 404.
func (c *consoleNS) one(w http.ResponseWriter, p httpx.Params) error {
	id, err := consoleParam(p, "namespaceId")
	if err != nil {
		return err
	}
	n, err := c.ns.Get(id)
	if registry.KindOf(err) == registry.KindNamespaceNotFound {
		return &answer{status: http.StatusNotFound, text: "caused: " + err.Error() + ";"}
	}
	if err != nil {
		return err
	}
	return writeJSON(w, nacoswire.NamespaceOf(id, n))
}

// create follows NamespaceController.createNamespace: a blank id gets a
// UUID, a bad or taken id and a bad name answer false, as does any rule the
// registry refuses (Nacos leaves over-long names and descriptions to its
// database, which fails with a 500). Only a store failure is an error.
func (c *consoleNS) create(w http.ResponseWriter, r *http.Request, p httpx.Params) error {
	id, err := consoleParam(p, "customNamespaceId")
	if err != nil {
		return err
	}
	name, err := consoleParam(p, "namespaceName")
	if err != nil {
		return err
	}
	if strings.TrimSpace(id) != "" && c.ns.Exists(strings.TrimSpace(id)) {
		return writeJSON(w, false)
	}
	_, err = c.ns.Create(r.Context(), id, name, p.Get("namespaceDesc"))
	return answerBool(w, err, false)
}

// edit replaces name and description. Nacos answers true even when no
// namespace matched (an unknown id, the default namespace), and false only
// for a name it refuses.
func (c *consoleNS) edit(w http.ResponseWriter, r *http.Request, p httpx.Params) error {
	id, err := consoleParam(p, "namespace")
	if err != nil {
		return err
	}
	name, err := consoleParam(p, "namespaceShowName")
	if err != nil {
		return err
	}
	_, err = c.ns.Update(r.Context(), id, name, p.Get("namespaceDesc"))
	return answerBool(w, err, true)
}

// remove deletes a namespace, true whether or not one matched, as in Nacos.
func (c *consoleNS) remove(w http.ResponseWriter, r *http.Request, p httpx.Params) error {
	id, err := consoleParam(p, "namespaceId")
	if err != nil {
		return err
	}
	return answerBool(w, c.ns.Delete(r.Context(), id), true)
}

// answerBool writes the controller's Boolean: true on success and for the
// outcomes Nacos does not report (when unreported is set), false for any
// other rule the registry refuses; a failure that is not the client's stays
// an error.
func answerBool(w http.ResponseWriter, err error, unreported bool) error {
	switch {
	case err == nil, unreported && tenancy.Unreported(err):
		return writeJSON(w, true)
	case isRefusal(err):
		return writeJSON(w, false)
	}
	return err
}

// isRefusal reports whether err is a rule the registry applied, not a
// failure of the store.
func isRefusal(err error) bool {
	var re *registry.Error
	return errors.As(err, &re) && re.Kind != registry.KindInternal && re.Kind != registry.KindConflict
}

// consoleParam reads a required @RequestParam String. Spring treats an
// empty value as present. Nacos answers an absent one through the console's
// catch-all handler, 500 with "caused: <Spring's text>;"; Causeway keeps
// the text and answers 400: it is the client's mistake.
func consoleParam(p httpx.Params, name string) (string, error) {
	if _, ok := p.Values[name]; !ok {
		return "", errBadRequest("caused: Required request parameter '" + name +
			"' for method parameter type String is not present;")
	}
	return p.Get(name), nil
}
