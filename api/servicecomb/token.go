package servicecomb

import (
	"net"
	"net/http"
	"os"

	"github.com/causeway-dev/causeway/api/httpx"

	"github.com/causeway-dev/causeway/registry"
)

// token: POST /v4/token {"name","password"} answers {"token"}, a bearer
// token for every route of the server.
func (a *api) token(w http.ResponseWriter, r *http.Request) error {
	if a.login == nil {
		return registry.Errorf(registry.KindForbidden, "tokens are not available: the server has no authentication")
	}
	var b struct {
		Name     string `json:"name"`
		Password string `json:"password"`
	}
	if err := decodeBody(w, r, &b); err != nil {
		return err
	}
	if b.Name == "" || b.Password == "" {
		return registry.FieldErrorf(registry.KindInvalid, "name", "name and password are required")
	}
	t, err := a.login.Login(httpx.LoginContext(r), b.Name, b.Password)
	if err != nil {
		return err
	}
	httpx.WriteJSON(w, http.StatusOK, map[string]string{"token": t.AccessToken})
	return nil
}

// ready answers 200: sc-client probes it before it registers.
func (a *api) ready(w http.ResponseWriter, _ *http.Request) error { return ok(w) }

// health answers the service-center instances a client may use: this
// server, at the local address of the connection the client reached,
// which is the address the server listens on. The Host header is the
// client's word and is not reflected: a public route that echoed it would
// let anyone hand other clients a service-center endpoint of their
// choosing (issue 17 finding 8).
func (a *api) health(w http.ResponseWriter, r *http.Request) error {
	endpoints := []string{}
	host := ""
	if addr, ok := r.Context().Value(http.LocalAddrContextKey).(net.Addr); ok {
		endpoints = append(endpoints, "rest://"+addr.String())
		host, _, _ = net.SplitHostPort(addr.String())
	}
	if name, err := os.Hostname(); err == nil {
		host = name
	}
	self := map[string]any{"instanceId": "causeway", "serviceId": "causeway", "hostName": host,
		"endpoints": endpoints, "status": "UP", "version": "1"}
	httpx.WriteJSON(w, http.StatusOK, map[string]any{"instances": []any{self}})
	return nil
}
