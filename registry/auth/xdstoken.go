package auth

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/json"
	"fmt"
	"strings"
	"time"
	"unicode"

	"github.com/causeway-dev/causeway/registry"
)

// xDS client roles an xDS token may name (node metadata causeway.role).
const (
	XDSRoleGateway = "gateway"
	XDSRoleSidecar = "sidecar"
	XDSRoleGRPC    = "grpc"
)

// Bounds of an xDS token's life. A default of a day suits a bootstrap that
// is rewritten by deployment tooling; a year is the most one may ask for.
const (
	DefaultXDSTokenTTL = 24 * time.Hour
	MaxXDSTokenTTL     = 365 * 24 * time.Hour
)

// xdsHeader is base64url({"alg":"HS256","typ":"causeway-xds"}). It differs
// from login tokens' header, so neither kind of token passes for the other
// (parse refuses this header, VerifyXDS refuses Nacos's).
const xdsHeader = "eyJhbGciOiJIUzI1NiIsInR5cCI6ImNhdXNld2F5LXhkcyJ9"

// xdsKeyLabel derives the xDS signing key from the server secret: a login
// token's signature is never a valid xDS signature even over equal bytes.
const xdsKeyLabel = "causeway xds token v1"

// XDSIdentity is what an xDS token lets a client be: which configuration
// it may ask for.
type XDSIdentity struct {
	Role string `json:"role"`
	// GatewayID is set for gateways only.
	GatewayID string `json:"gw,omitempty"`
	// Namespace is the Nacos namespace (a gateway's project derives from it).
	Namespace string    `json:"ns"`
	ExpiresAt time.Time `json:"-"`
}

// Resource is what a client of this identity reads over xDS, which a
// user minting its token must be allowed to read: a gateway its gateway's
// configuration, a sidecar or gRPC client the services of its namespace.
func (id XDSIdentity) Resource() Resource {
	if id.Role == XDSRoleGateway {
		return Resource{Namespace: id.Namespace, Type: TypeGateway, Name: id.GatewayID}
	}
	return Resource{Namespace: id.Namespace, Type: TypeNaming}
}

type xdsClaims struct {
	XDSIdentity
	Exp int64 `json:"exp"`
}

// Normalize fills the defaults a node fills (namespace public) and checks
// that the identity names one client kind: a gateway with its id, a
// sidecar or gRPC client without one. Errors are registry.KindInvalid.
func (id XDSIdentity) Normalize() (XDSIdentity, error) {
	if id.Namespace == "" {
		id.Namespace = "public"
	}
	switch id.Role {
	case XDSRoleGateway:
		if id.GatewayID == "" {
			return id, registry.Errorf(registry.KindInvalid, "a gateway token needs a gatewayId")
		}
	case XDSRoleSidecar, XDSRoleGRPC:
		if id.GatewayID != "" {
			return id, registry.Errorf(registry.KindInvalid, "only a gateway token names a gatewayId")
		}
	default:
		return id, registry.Errorf(registry.KindInvalid, "role %q: want gateway, sidecar or grpc", id.Role)
	}
	for name, v := range map[string]string{"gatewayId": id.GatewayID, "namespace": id.Namespace} {
		if len(v) > 128 || strings.IndexFunc(v, func(r rune) bool { return !unicode.IsPrint(r) }) >= 0 {
			return id, registry.Errorf(registry.KindInvalid, "%s %q: at most 128 printable characters", name, v)
		}
	}
	return id, nil
}

// IssueXDS signs an xDS token for id that lives ttl (DefaultXDSTokenTTL
// when 0, at most MaxXDSTokenTTL). Who may ask is the API's concern.
func (s *Service) IssueXDS(id XDSIdentity, ttl time.Duration) (string, XDSIdentity, error) {
	key := s.secret.Load()
	if key == nil {
		return "", id, errNoSecret
	}
	if ttl == 0 {
		ttl = DefaultXDSTokenTTL
	}
	if ttl < time.Second || ttl > MaxXDSTokenTTL {
		return "", id, registry.Errorf(registry.KindInvalid, "ttl %s: want 1s to %s", ttl, MaxXDSTokenTTL)
	}
	id, err := id.Normalize()
	if err != nil {
		return "", id, err
	}
	id.ExpiresAt = s.now().Add(ttl).Truncate(time.Second)
	payload, err := json.Marshal(xdsClaims{XDSIdentity: id, Exp: id.ExpiresAt.Unix()})
	if err != nil {
		return "", id, fmt.Errorf("encode xds token: %w", err)
	}
	unsigned := xdsHeader + "." + b64.EncodeToString(payload)
	return unsigned + "." + sign(xdsKey(*key), unsigned), id, nil
}

// VerifyXDS checks an xDS token's form, signature and expiry and answers
// the identity it names. Failures are *AuthError (KindUnauthorized).
func (s *Service) VerifyXDS(token string) (XDSIdentity, error) {
	key := s.secret.Load()
	if key == nil {
		return XDSIdentity{}, errNoSecret
	}
	if strings.TrimSpace(token) == "" {
		return XDSIdentity{}, ErrTokenMissing
	}
	parts := strings.Split(token, ".")
	if len(parts) != 3 || parts[0] != xdsHeader {
		return XDSIdentity{}, ErrTokenInvalid
	}
	want := sign(xdsKey(*key), parts[0]+"."+parts[1])
	if !hmac.Equal([]byte(want), []byte(parts[2])) {
		return XDSIdentity{}, errSignature
	}
	var c xdsClaims
	raw, err := b64.DecodeString(parts[1])
	if err != nil || json.Unmarshal(raw, &c) != nil {
		return XDSIdentity{}, ErrTokenInvalid
	}
	id, err := c.Normalize()
	if err != nil {
		return XDSIdentity{}, ErrTokenInvalid
	}
	if s.now().Unix() > c.Exp {
		return XDSIdentity{}, ErrTokenExpired
	}
	id.ExpiresAt = time.Unix(c.Exp, 0)
	return id, nil
}

func xdsKey(secret []byte) []byte {
	m := hmac.New(sha256.New, secret)
	m.Write([]byte(xdsKeyLabel))
	return m.Sum(nil)
}
