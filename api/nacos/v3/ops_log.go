package v3

import (
	"fmt"
	"log/slog"
	"net/http"
	"strings"

	"github.com/causeway-dev/causeway/api/httpx"
	"github.com/causeway-dev/causeway/api/nacos/nacosresult"
	"github.com/causeway-dev/causeway/registry"
)

// logLevels are the levels Nacos's log APIs take, as slog levels: slog has
// no trace, and OFF is above every level Causeway logs at.
var logLevels = map[string]slog.Level{"ALL": slog.LevelDebug, "TRACE": slog.LevelDebug, "DEBUG": slog.LevelDebug,
	"INFO": slog.LevelInfo, "WARN": slog.LevelWarn, "ERROR": slog.LevelError, "OFF": slog.LevelError + 4}

// setLogLevel is the ops/log of every section (config, naming, core).
// Nacos sets the level of one of its named loggers (config-server,
// naming-push, core-raft, ...); Causeway logs through one logger whatever
// the module, so a module's level is the process's, and this sets it:
// the change is real, and reaches every module. As in Nacos a logger name
// it does not know is taken; an unknown level is refused.
func (a *api) setLogLevel(p httpx.Params) (name, level string, err error) {
	name, level = p.Get("logName"), p.Get("logLevel")
	if name == "" {
		return "", "", nacosresult.QueryMissing("logName", "String")
	}
	if level == "" {
		return "", "", nacosresult.QueryMissing("logLevel", "String")
	}
	l, ok := logLevels[strings.ToUpper(level)]
	if !ok {
		return "", "", registry.FieldErrorf(registry.KindInvalid, "logLevel",
			"unknown log level %q: one of ALL, TRACE, DEBUG, INFO, WARN, ERROR, OFF", level)
	}
	if a.deps.Core.Level == nil {
		return "", "", nacosresult.NotApplicable("the log level of this process is fixed at start (--log-level)")
	}
	a.deps.Core.Level.Set(l)
	return name, level, nil
}

// coreLog is PUT /core/ops/log: Nacos answers success without data.
func (a *api) coreLog(_ *http.Request, p httpx.Params) (any, error) {
	_, _, err := a.setLogLevel(p)
	return nil, err
}

// configLog is PUT /cs/ops/log, with ConfigOpsControllerV3's answer.
func (a *api) configLog(_ *http.Request, p httpx.Params) (any, error) {
	name, level, err := a.setLogLevel(p)
	if err != nil {
		return nil, err
	}
	return fmt.Sprintf("Log level updated successfully! Module: %s, Log Level: %s", name, level), nil
}

// namingLog is PUT /ns/ops/log, with OperatorControllerV3's answer.
func (a *api) namingLog(_ *http.Request, p httpx.Params) (any, error) {
	if _, _, err := a.setLogLevel(p); err != nil {
		return nil, err
	}
	return "ok", nil
}
