package admin

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"strconv"
	"time"

	"github.com/causeway-dev/causeway/api/httpx"
	"github.com/causeway-dev/causeway/registry/auth"
)

// XDSTokens mints xDS tokens and checks who may; *auth.Service does.
type XDSTokens interface {
	IssueXDS(id auth.XDSIdentity, ttl time.Duration) (string, auth.XDSIdentity, error)
	Authorize(ctx context.Context, id *auth.Identity, res auth.Resource, act auth.Action) error
}

// WithXDSTokens adds to d the route that mints xDS tokens:
//
//	POST /causeway/v1/xds/tokens  {"role","gatewayId","namespace","ttl"}
//	                              ttl in seconds or as "24h"; answers
//	                              {"token","role","gatewayId","namespace","expiresAt"}
//
// A global admin may mint any token; another user one for a client that
// reads only what the user may read (XDSIdentity.Resource): a gateway's
// token needs read on that gateway, a sidecar's read on its namespace's
// services. With auth off there is no caller to check and xDS asks for no
// token, so the route refuses rather than hand out tokens that would
// become valid once auth is turned on.
func WithXDSTokens(d httpx.Dialect, t XDSTokens) httpx.Dialect {
	h := &tokenHandler{t: t}
	d.Routes = append(d.Routes, httpx.Route{Pattern: "POST /causeway/v1/xds/tokens", Handler: http.HandlerFunc(h.mint),
		Access: httpx.AnyUser})
	return d
}

type tokenHandler struct{ t XDSTokens }

// tokenRequest is the mint body.
type tokenRequest struct {
	Role      string          `json:"role"`
	GatewayID string          `json:"gatewayId"`
	Namespace string          `json:"namespace"`
	TTL       json.RawMessage `json:"ttl"`
}

type tokenAnswer struct {
	Token     string    `json:"token"`
	Role      string    `json:"role"`
	GatewayID string    `json:"gatewayId,omitempty"`
	Namespace string    `json:"namespace"`
	ExpiresAt time.Time `json:"expiresAt"`
}

// maxTokenRequest bounds the mint body: four short fields.
const maxTokenRequest = 4 << 10

func (h *tokenHandler) mint(w http.ResponseWriter, r *http.Request) {
	caller := httpx.IdentityFrom(r.Context())
	if caller == nil {
		writeError(w, http.StatusForbidden, "xDS tokens are minted only when auth is on (with --auth=false xDS needs none)")
		return
	}
	var req tokenRequest
	if err := json.NewDecoder(http.MaxBytesReader(w, r.Body, maxTokenRequest)).Decode(&req); err != nil {
		writeError(w, http.StatusBadRequest, "the body must be a JSON object {role, gatewayId, namespace, ttl}: "+err.Error())
		return
	}
	ttl, err := parseTTL(req.TTL)
	if err != nil {
		writeError(w, http.StatusBadRequest, err.Error())
		return
	}
	want, err := auth.XDSIdentity{Role: req.Role, GatewayID: req.GatewayID, Namespace: req.Namespace}.Normalize()
	if err != nil {
		writeRegistryError(w, err)
		return
	}
	if err := h.t.Authorize(r.Context(), caller, want.Resource(), auth.Read); err != nil {
		deny(w, r, err)
		return
	}
	token, id, err := h.t.IssueXDS(want, ttl)
	if err != nil {
		writeRegistryError(w, err)
		return
	}
	httpx.WriteJSON(w, http.StatusOK, tokenAnswer{Token: token, Role: id.Role, GatewayID: id.GatewayID,
		Namespace: id.Namespace, ExpiresAt: id.ExpiresAt.UTC()})
}

// parseTTL reads ttl as whole seconds (a number) or a Go duration ("24h");
// absent is 0, the default.
func parseTTL(raw json.RawMessage) (time.Duration, error) {
	if len(raw) == 0 || string(raw) == "null" {
		return 0, nil
	}
	var secs int64
	if json.Unmarshal(raw, &secs) == nil {
		if secs <= 0 {
			return 0, errors.New("ttl " + strconv.FormatInt(secs, 10) + ": want a positive number of seconds")
		}
		return time.Duration(min(secs, int64(auth.MaxXDSTokenTTL/time.Second)+1)) * time.Second, nil
	}
	var s string
	if json.Unmarshal(raw, &s) != nil {
		return 0, errors.New("ttl: want seconds or a duration such as \"24h\"")
	}
	d, err := time.ParseDuration(s)
	if err != nil || d <= 0 {
		return 0, errors.New("ttl " + strconv.Quote(s) + ": want a positive duration such as \"24h\"")
	}
	return d, nil
}
