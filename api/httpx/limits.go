package httpx

import "time"

// Limits are what a client may cost a server by being slow. Every HTTP
// server the binary runs (REST APIs, http2rpc bridge, debug) gets them
// through Listen.
//
// There is deliberately no whole-request ReadTimeout: a 32 MiB WASM upload
// over a modest link takes longer than any timeout that would also stop a
// slowloris client. Instead a request body must keep a minimum average
// rate once a grace period has passed (see bodyDeadline), and there is no
// WriteTimeout because Nacos config long polls hold their answer ~30 s.
type Limits struct {
	// ReadHeader bounds the time to read a request's headers.
	ReadHeader time.Duration
	// Idle bounds how long a keep-alive connection waits for its next
	// request.
	Idle time.Duration
	// BodyGrace is the time a body may take before MinBodyRate applies.
	BodyGrace time.Duration
	// MinBodyRate is the slowest average rate, in bytes per second, at
	// which a body may arrive after BodyGrace: a body of n bytes must be
	// in within BodyGrace + n/MinBodyRate of its first read.
	MinBodyRate int64
}

// DefaultLimits are the limits of Listen: a 32 MiB upload needs no more
// than ~16 KiB/s to get in, a trickle of a byte every few seconds is cut
// after ~10 s.
var DefaultLimits = Limits{
	ReadHeader:  10 * time.Second,
	Idle:        120 * time.Second,
	BodyGrace:   10 * time.Second,
	MinBodyRate: 16 << 10,
}
