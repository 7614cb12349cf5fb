package kie

import (
	"crypto/rand"
	"encoding/hex"
)

// newID answers a random version-4 UUID, the shape of kie's kv ids: 122
// random bits, so that ids are neither guessable nor in need of a counter
// shared between nodes.
func newID() string {
	var b [16]byte
	_, _ = rand.Read(b[:]) // crypto/rand.Read never fails (Go 1.24+)
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	h := hex.EncodeToString(b[:])
	return h[0:8] + "-" + h[8:12] + "-" + h[12:16] + "-" + h[16:20] + "-" + h[20:32]
}
