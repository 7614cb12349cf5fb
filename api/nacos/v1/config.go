package v1

import (
	"errors"
	"log/slog"
	"net/http"
	"strings"
	"time"

	"github.com/causeway-dev/causeway/api/httpx"
	nacosauth "github.com/causeway-dev/causeway/api/nacos/auth"
	"github.com/causeway-dev/causeway/api/nacos/nacosaccess"
	"github.com/causeway-dev/causeway/registry"
	"github.com/causeway-dev/causeway/registry/auth"
	"github.com/causeway-dev/causeway/registry/config"
)

// ConfigOptions configure the config dialect.
type ConfigOptions struct {
	Logger *slog.Logger
	// MinLongPoll is the shortest a long poll is held (default 10 s, as
	// Nacos's MIN_LONG_POOLING_TIMEOUT); tests lower it.
	MinLongPoll time.Duration
	// LongPollAdvance is how much earlier than the client's timeout a poll
	// answers, so that it never times out on the client (default 500 ms).
	LongPollAdvance time.Duration
}

const configBase = "/nacos/v1/cs/configs"

// configHandler serves the v1 config routes.
type configHandler struct {
	svc  *config.Service
	opts ConfigOptions
	log  *slog.Logger
}

// ConfigDialect answers the Nacos v1 config routes backed by svc.
func ConfigDialect(svc *config.Service, opts ConfigOptions) httpx.Dialect {
	if opts.Logger == nil {
		opts.Logger = slog.Default()
	}
	if opts.MinLongPoll <= 0 {
		opts.MinLongPoll = 10 * time.Second
	}
	if opts.LongPollAdvance <= 0 {
		opts.LongPollAdvance = 500 * time.Millisecond
	}
	h := &configHandler{svc: svc, opts: opts, log: opts.Logger}
	return httpx.Dialect{Name: "nacos-v1-config", Deny: nacosauth.Deny, Routes: []httpx.Route{
		{Pattern: "GET " + configBase, Handler: h.wrap(h.get), Access: configRead},
		{Pattern: "POST " + configBase, Handler: h.wrap(h.publish), Access: configWrite},
		{Pattern: "DELETE " + configBase, Handler: h.wrap(h.remove), Access: configWrite},
		{Pattern: "POST " + configBase + "/listener", Handler: h.wrap(h.listener), Access: configListen},
		{Pattern: "GET " + historyBase, Handler: h.wrap(h.history), Access: configRead},
		{Pattern: "GET " + historyBase + "/previous", Handler: h.wrap(h.historyPrevious), Access: configRead},
	}}
}

// Accesses of the config routes, as ConfigController and
// HistoryController's @Secured (signType config) say; v1 names the
// namespace "tenant". A search (GET with search=accurate|blur) is a read
// of the dataId and group it names, blank ones meaning any.
var (
	configRead  = nacosaccess.Config("tenant", auth.Read)
	configWrite = nacosaccess.Config("tenant", auth.Write)
	// The long-poll reads every config it lists: each must be readable.
	// Nacos's parser finds no tenant, group or dataId parameter there and
	// checks "any config of the public namespace" instead.
	configListen = nacosaccess.ConfigEach(listeningConfigs, listenedResources)
)

// listenedResources answers the configs a Listening-Configs value names;
// one that does not parse names none, and its handler refuses it.
func listenedResources(value string) ([]auth.Resource, error) {
	recs, err := parseListeningConfigs(value)
	if err != nil {
		return nil, nil //nolint:nilerr // the handler answers it, in Nacos's words
	}
	out := make([]auth.Resource, 0, len(recs))
	for _, rec := range recs {
		out = append(out, nacosaccess.ConfigResource(rec.Tenant, rec.Group, rec.DataID))
	}
	return out, nil
}

// wrap reads the parameters, runs fn and answers its error as Nacos's
// config module does; a panic is logged and answered 500.
func (h *configHandler) wrap(fn endpoint) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		defer func() {
			if v := recover(); v != nil {
				h.log.Error("nacos v1 config handler panicked", "path", r.URL.Path, "panic", v)
				writeError(w, errInternal("internal error"))
			}
		}()
		p, err := httpx.ReadParamsLimit(w, r, h.svc.MaxRequestBytes())
		var tooLarge *http.MaxBytesError
		switch {
		case errors.As(err, &tooLarge):
			err = h.svc.ContentTooLong()
		case err != nil:
			err = errBadRequest(err.Error())
		default:
			err = fn(w, r, p)
		}
		if err != nil {
			h.log.Debug("nacos v1 config request refused", "method", r.Method, "path", r.URL.Path, "err", err)
			writeError(w, configError(err))
		}
	})
}

// configError maps domain errors to the config module's answers: its
// GlobalExceptionHandler answers a validation failure 400 with
// "caused: <message>;", and a missing config is 404 with the text
// ConfigServletInner prints (println, hence the newline).
func configError(err error) error {
	switch registry.KindOf(err) {
	case registry.KindInvalid, registry.KindMissing:
		return errBadRequest("caused: " + err.Error() + ";")
	case registry.KindNotFound:
		return &answer{status: http.StatusNotFound, text: "config data not exist\n"}
	}
	return err
}

// errRequestParam is Spring's answer to an absent @RequestParam.
func errRequestParam(name string) error {
	return errBadRequest("Required request parameter '" + name + "' for method parameter type String is not present")
}

// keyParams reads dataId, group and tenant. An absent dataId or group is
// Spring's error; a blank one is Nacos's "invalid dataId : " check.
func keyParams(p httpx.Params) (tenant, group, dataID string, err error) {
	for _, name := range []string{"dataId", "group"} {
		if _, ok := p.Values[name]; !ok {
			return "", "", "", errRequestParam(name)
		}
		if v := p.Get(name); strings.TrimSpace(v) == "" {
			return "", "", "", errBadRequest("caused: invalid " + name + " : " + v + ";")
		}
	}
	return strings.TrimSpace(p.Get("tenant")), p.Get("group"), strings.TrimSpace(p.Get("dataId")), nil
}
