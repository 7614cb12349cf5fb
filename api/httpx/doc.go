// Package httpx is the HTTP plumbing every API dialect shares: reading
// parameters from query and form alike, the authentication middleware,
// panic recovery and the server's lifecycle. It holds no dialect's error
// shapes; each dialect maps registry errors to its own in one place.
package httpx
