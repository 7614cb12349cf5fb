package main

import (
	"hash/fnv"
	"math/rand/v2"
)

// bucket answers the request's percentile, 0 to 99, for weight rules:
// from a hash of key when there is one, so a user (or a request retried
// with its id) lands on the same side every time; at random otherwise.
func bucket(key string) int {
	if key == "" {
		return rand.IntN(100) //nolint:gosec // traffic splitting, not security
	}
	h := fnv.New32a()
	_, _ = h.Write([]byte(key))
	return int(h.Sum32() % 100)
}
