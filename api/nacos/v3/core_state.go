package v3

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/causeway-dev/causeway/api/httpx"
	"github.com/causeway-dev/causeway/api/nacos/nacosresult"
	"github.com/causeway-dev/causeway/registry"
)

// serverState answers Nacos's module states (ServerStateController) with
// Causeway's truth: a process serving naming and config, standalone on
// Badger or a node of a cluster on etcd, its version, port and whether
// authentication is on.
func (a *api) serverState(_ *http.Request, _ httpx.Params) (any, error) {
	c := a.deps.Core
	auth := strconv.FormatBool(c.Auth)
	mode, store := "standalone", "badger"
	if c.Store == "etcd" {
		mode, store = "cluster", "etcd"
	}
	return map[string]any{
		"version":             c.Version,
		"standalone_mode":     mode,
		"startup_mode":        mode,
		"function_mode":       nil, // null in Nacos: naming and config both
		"server_port":         strconv.Itoa(a.port()),
		"auth_enabled":        auth,
		"auth_admin_request":  auth,
		"auth_system_type":    "nacos",
		"login_page_enabled":  auth,
		"console_ui_enabled":  "false",
		"datasource_platform": store,
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
