package http2rpc

import (
	"context"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/causeway-dev/causeway/registry/store"
)

// SealHeader proves to the bridge that a request came through a gateway
// route Causeway configured: the route adds it next to Header, with the
// route's timeout and an HMAC of both under a key only Causeway holds.
// Without it, anyone reaching the bridge's port could name a mapping in
// Header, reach the Dubbo provider past the gateway's plugins (key-auth
// included), and pick the call's timeout.
const SealHeader = "x-causeway-http2rpc-seal"

// sealKey holds the key in the store, so that every Causeway serving the
// same data signs alike.
const sealKey = "http2rpc-seal"

const sealBytes = 32

// Seal signs and checks SealHeader values; empty, it signs nothing. It is
// a string so that what holds it (a translator's node) stays comparable.
type Seal string

// LoadSeal answers the stored key, creating it on first use.
func LoadSeal(ctx context.Context, st store.Store) (Seal, error) {
	fresh := make([]byte, sealBytes)
	if _, err := rand.Read(fresh); err != nil {
		return "", fmt.Errorf("http2rpc seal: %w", err)
	}
	if _, err := st.Commit(ctx, store.Txn{If: []store.Cmp{store.Absent(sealKey)},
		Then: []store.Op{store.Put(sealKey, fresh)}, Durability: store.Sync}); err != nil {
		return "", fmt.Errorf("create http2rpc seal: %w", err)
	}
	kv, err := st.Get(ctx, sealKey)
	if err != nil {
		return "", fmt.Errorf("read http2rpc seal: %w", err)
	}
	if len(kv.Value) != sealBytes {
		return "", fmt.Errorf("http2rpc seal under %s is corrupt: %d bytes, want %d", sealKey, len(kv.Value), sealBytes)
	}
	return Seal(kv.Value), nil
}

// Sign answers the SealHeader value for a target (Header's value) and its
// route's timeout (0: none).
func (s Seal) Sign(target string, timeout time.Duration) string {
	ms := strconv.FormatInt(timeout.Milliseconds(), 10)
	return ms + "." + s.mac(target, ms)
}

// Check answers the route's timeout a SealHeader value signs for target,
// or false when it does not.
func (s Seal) Check(target, value string) (time.Duration, bool) {
	ms, sig, ok := strings.Cut(value, ".")
	if !ok || len(s) == 0 {
		return 0, false
	}
	n, err := strconv.ParseInt(ms, 10, 64)
	if err != nil || n < 0 || !hmac.Equal([]byte(sig), []byte(s.mac(target, ms))) {
		return 0, false
	}
	return time.Duration(n) * time.Millisecond, true
}

func (s Seal) mac(target, ms string) string {
	h := hmac.New(sha256.New, []byte(s))
	h.Write([]byte(target + "\n" + ms))
	return hex.EncodeToString(h.Sum(nil))
}
