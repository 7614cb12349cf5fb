package cluster

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"

	"github.com/causeway-dev/causeway/registry/store"
)

// secretKey holds the key that signs what nodes send each other. Whoever
// reads the store is trusted with everything in it anyway; the secret only
// keeps a client that reaches a node's HTTP port from posting as a node.
const secretKey = "cluster/secret"

// loadSecret reads the cluster's secret, making it on first use. Two nodes
// starting together race on a guarded create; the loser reads the winner's.
func loadSecret(ctx context.Context, st store.Store) ([]byte, error) {
	for range 3 {
		kv, err := st.Get(ctx, secretKey)
		if err == nil {
			return decodeSecret(kv.Value)
		}
		if !errors.Is(err, store.ErrNotFound) {
			return nil, fmt.Errorf("read cluster secret: %w", err)
		}
		raw := make([]byte, 32)
		if _, err := rand.Read(raw); err != nil {
			return nil, fmt.Errorf("make cluster secret: %w", err)
		}
		value := []byte(hex.EncodeToString(raw))
		res, err := st.Commit(ctx, store.Txn{If: []store.Cmp{store.Absent(secretKey)},
			Then: []store.Op{store.Put(secretKey, value)}})
		if err != nil {
			return nil, fmt.Errorf("write cluster secret: %w", err)
		}
		if res.Succeeded {
			return raw, nil
		}
	}
	return nil, fmt.Errorf("read cluster secret: it keeps changing")
}

func decodeSecret(v []byte) ([]byte, error) {
	raw, err := hex.DecodeString(string(v))
	if err != nil || len(raw) < 16 {
		return nil, fmt.Errorf("cluster secret in %s is malformed", secretKey)
	}
	return raw, nil
}
