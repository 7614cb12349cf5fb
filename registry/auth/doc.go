// Package auth holds Causeway's users and access tokens, the foundation every
// API dialect authenticates against.
//
// Users live in the store under "auth/users/<escaped username>" as JSON with a
// bcrypt hash of their password; nothing else of theirs is kept. The
// token-signing secret lives under "auth/secret": 32 random bytes generated
// at first start, never a built-in default, so tokens of one installation are
// worthless to another.
//
// Tokens are JWTs signed with HMAC-SHA256 in the very form Nacos issues them
// (header {"alg":"HS256"}, payload {"sub","exp"}, base64url without padding),
// so tools that decode Nacos tokens read ours. A token names its user; each
// check reads the user again, so deleting a user revokes their tokens at once.
//
// Password checks are throttled per (client address, user) and per address,
// and bcrypt work is capped globally (throttle.go, gate.go, timing.go;
// docs/SECURITY.md has the policy and its measurements). Dialects attach the
// client address with WithClient.
//
// Errors are *AuthError for every "no" a client can cause (missing, invalid,
// expired token, bad credentials); their messages are the texts Nacos answers
// and they unwrap to a registry.Error of KindUnauthorized, so dialects map
// them in one place. Validation failures are registry errors of KindInvalid.
package auth
