package v3

import (
	"log/slog"
	"net/http"
	"strconv"
	"strings"

	"github.com/causeway-dev/causeway/api/httpx"
	"github.com/causeway-dev/causeway/api/nacos/nacosresult"
	"github.com/causeway-dev/causeway/registry"
)

// serverState answers Nacos's module states (ServerStateController) with
// Causeway's truth: one standalone process serving naming and config, its
// version, port and whether authentication is on.
func (a *api) serverState(_ *http.Request, _ httpx.Params) (any, error) {
	c := a.deps.Core
	auth := strconv.FormatBool(c.Auth)
	return map[string]any{
		"version":             c.Version,
		"standalone_mode":     "standalone",
		"startup_mode":        "standalone",
		"function_mode":       nil, // null in Nacos: naming and config both
		"server_port":         strconv.Itoa(a.port()),
		"auth_enabled":        auth,
		"auth_admin_request":  auth,
		"auth_system_type":    "nacos",
		"login_page_enabled":  auth,
		"console_ui_enabled":  "false",
		"datasource_platform": "badger",
	}, nil
}

// port is the HTTP port Causeway listens on.
func (a *api) port() int {
	addr := a.deps.Core.HTTPAddr
	if i := strings.LastIndexByte(addr, ':'); i >= 0 {
		if p, err := strconv.Atoi(addr[i+1:]); err == nil {
			return p
		}
	}
	return 8848
}

// liveness answers "ok": a process that answers is alive.
func (a *api) liveness(_ *http.Request, _ httpx.Params) (any, error) { return "ok", nil }

// readiness answers "ok" when /readyz does, else Nacos's failure (500,
// 30000).
func (a *api) readiness(_ *http.Request, _ httpx.Params) (any, error) {
	if r := a.deps.Core.Ready; r != nil && !r() {
		return nil, registry.Errorf(registry.KindInternal, "server is not ready")
	}
	return "ok", nil
}

// raftOps: Causeway keeps its data in one embedded store (or etcd, which
// runs its own Raft); it runs no JRaft group to operate on.
func (a *api) raftOps(_ *http.Request, p httpx.Params) (any, error) {
	if !p.Has("command") {
		return nil, registry.FieldErrorf(registry.KindMissing, "command", "required parameter 'command' is missing")
	}
	return nil, nacosresult.NotApplicable("Causeway runs no Raft group: its store is embedded, raft operation " +
		p.Get("command") + " does not apply")
}

// ids answers the distributed id generators: Causeway has none (its
// records are keyed by name, its ids are UUIDs), so the list is empty.
func (a *api) ids(_ *http.Request, _ httpx.Params) (any, error) { return []any{}, nil }

// coreLoggers are the logger names Nacos's core module knows
// (com.alibaba.nacos.core.utils.Loggers); Causeway logs through one
// logger, so each of them moves the process's level.
var coreLoggers = map[string]bool{"core": true, "core-auth": true, "core-raft": true, "core-distro": true,
	"core-cluster": true, "root": true}

// updateLog sets the process's log level. Names other than Nacos's core
// loggers and levels slog does not know are invalid (Nacos ignores an
// unknown name; Causeway says so rather than answer a change it did not
// make).
func (a *api) updateLog(_ *http.Request, p httpx.Params) (any, error) {
	name, level := p.Get("logName"), p.Get("logLevel")
	if name == "" {
		return nil, registry.FieldErrorf(registry.KindMissing, "logName", "required parameter 'logName' is missing")
	}
	if level == "" {
		return nil, registry.FieldErrorf(registry.KindMissing, "logLevel", "required parameter 'logLevel' is missing")
	}
	if !coreLoggers[name] {
		return nil, registry.FieldErrorf(registry.KindInvalid, "logName",
			"unknown logger %q: Causeway has one logger, named core, core-auth, core-raft, core-distro, core-cluster or root", name)
	}
	l, ok := levels[strings.ToUpper(level)]
	if !ok {
		return nil, registry.FieldErrorf(registry.KindInvalid, "logLevel",
			"unknown log level %q: one of TRACE, DEBUG, INFO, WARN, ERROR", level)
	}
	if a.deps.Core.Level == nil {
		return nil, nacosresult.NotApplicable("the log level of this process is fixed at start (--log-level)")
	}
	a.deps.Core.Level.Set(l)
	return nil, nil
}

var levels = map[string]slog.Level{"TRACE": slog.LevelDebug, "DEBUG": slog.LevelDebug, "INFO": slog.LevelInfo,
	"WARN": slog.LevelWarn, "ERROR": slog.LevelError}
