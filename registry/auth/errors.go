package auth

import (
	"errors"
	"fmt"
	"time"

	"github.com/causeway-dev/causeway/registry"
)

// Reason says why a request was not authenticated, for dialects whose answers
// differ by cause.
type Reason int

// Reasons.
const (
	ReasonNone           Reason = iota
	ReasonMissing               // no token given
	ReasonInvalid               // malformed, unknown algorithm or bad signature
	ReasonExpired               // well signed but past its exp
	ReasonUserNotFound          // the token's user was deleted
	ReasonBadCredentials        // login with a wrong username or password
	ReasonThrottled             // login refused after repeated failures
	ReasonForbidden             // authenticated, but no permission for the resource
)

// AuthError is an authentication failure a client caused. Its message is the
// text Nacos answers in the same situation.
type AuthError struct {
	Reason Reason
	Msg    string
}

func (e *AuthError) Error() string { return e.Msg }

// Unwrap exposes the failure as a registry error, KindForbidden for a
// missing permission and KindUnauthorized for the rest, so that
// registry.KindOf classifies it like every other domain error.
func (e *AuthError) Unwrap() error {
	kind := registry.KindUnauthorized
	if e.Reason == ReasonForbidden {
		kind = registry.KindForbidden
	}
	return &registry.Error{Kind: kind, Msg: e.Msg}
}

// Is matches on the reason alone: errors.Is(err, ErrTokenInvalid) holds for a
// bad signature as well as for a malformed token.
func (e *AuthError) Is(target error) bool {
	t, ok := target.(*AuthError)
	return ok && t.Reason == e.Reason
}

// The failures, with the exact texts of Nacos's default auth plugin
// (plugin-default-impl: jwt/NacosSignatureAlgorithm.java and
// authenticate/AbstractAuthenticationManager.java).
var (
	ErrTokenMissing   = &AuthError{ReasonMissing, "user not found!"}
	ErrTokenInvalid   = &AuthError{ReasonInvalid, "token invalid!"}
	ErrTokenExpired   = &AuthError{ReasonExpired, "token expired!"}
	ErrUserNotFound   = &AuthError{ReasonUserNotFound, "user not found!"}
	ErrBadCredentials = &AuthError{ReasonBadCredentials, "User not found! Please check user exist or password is right!"}
	ErrThrottled      = &AuthError{ReasonThrottled, "too many failed logins"}
	// ErrPasswordRefused is the same failure as ErrBadCredentials met on a
	// secured route rather than the login route: there Nacos's manager
	// words it as it words a missing identity.
	ErrPasswordRefused = &AuthError{ReasonBadCredentials, "user not found!"}
	// ErrForbidden is Nacos's answer to a user whose roles grant no
	// permission for what a request touches (NacosAuthManager.authorize).
	ErrForbidden = &AuthError{ReasonForbidden, "authorization failed!"}
	// ErrTokenRevoked refuses a token issued before its user's password
	// changed; Nacos has no revocation, and its text for a token it
	// cannot accept is this one.
	ErrTokenRevoked = &AuthError{ReasonInvalid, "token invalid!"}

	errSignature = &AuthError{ReasonInvalid, "Invalid signature"}
	errAlgorithm = &AuthError{ReasonInvalid, "unsupported signature algorithm"}
)

// ReasonOf answers why err denied a request, ReasonNone when it is not an
// authentication failure (a store error, say).
func ReasonOf(err error) Reason {
	var ae *AuthError
	if errors.As(err, &ae) {
		return ae.Reason
	}
	return ReasonNone
}

func throttled(wait time.Duration) *AuthError {
	secs := int(wait.Round(time.Second) / time.Second)
	return &AuthError{ReasonThrottled, fmt.Sprintf("too many failed logins, retry in %ds", max(secs, 1))}
}
