package cluster

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"sync"
	"time"
)

// RelayPath is where a node receives the beats relayed to it.
const RelayPath = "/causeway/cluster/v1/beats"

// SignatureHeader carries the relay's signature: hex HMAC-SHA256 of the
// body with the cluster secret.
const SignatureHeader = "X-Causeway-Signature"

// Batches are sent at most this large; a larger backlog goes in several.
const relayBatchMax = 4096

// relayMaxAge refuses batches older than this, so that a captured batch
// replayed later keeps nothing alive.
const relayMaxAge = 30 * time.Second

// Beats is one relayed batch: the store keys of instances that beat on
// node From, at At (unix milliseconds, the sender's clock).
type Beats struct {
	From string   `json:"from"`
	At   int64    `json:"at"`
	Keys []string `json:"keys"`
}

// relay gathers the beats of clients other nodes own and sends them on.
type relay struct {
	c        *Cluster
	secret   []byte
	interval time.Duration
	client   *http.Client

	mu      sync.Mutex
	pending map[string]map[string]struct{} // owner -> instance keys
}

func newRelay(c *Cluster, secret []byte, interval time.Duration) *relay {
	return &relay{c: c, secret: secret, interval: interval,
		client:  &http.Client{Timeout: 2 * time.Second},
		pending: map[string]map[string]struct{}{}}
}

// Relay queues a beat of the instance at key for owner, the node that
// checks its client.
func (c *Cluster) Relay(owner, key string) {
	r := c.relay
	r.mu.Lock()
	keys := r.pending[owner]
	if keys == nil {
		keys = map[string]struct{}{}
		r.pending[owner] = keys
	}
	keys[key] = struct{}{}
	r.mu.Unlock()
}

func (r *relay) run(ctx context.Context) {
	t := time.NewTicker(r.interval)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			r.flush(ctx)
		}
	}
}

// flush sends what is queued. A batch an owner did not take is dropped:
// the owner is most likely going, and its successor starts its clients'
// beat clocks afresh.
func (r *relay) flush(ctx context.Context) {
	r.mu.Lock()
	pending := r.pending
	r.pending = map[string]map[string]struct{}{}
	r.mu.Unlock()
	for owner, set := range pending {
		keys := make([]string, 0, len(set))
		for k := range set {
			keys = append(keys, k)
		}
		for len(keys) > 0 {
			n := min(len(keys), relayBatchMax)
			if err := r.send(ctx, owner, keys[:n]); err != nil && ctx.Err() == nil {
				r.c.log.Debug("cluster: relaying beats", "to", owner, "beats", n, "err", err)
			}
			keys = keys[n:]
		}
	}
}

func (r *relay) send(ctx context.Context, owner string, keys []string) error {
	body, err := json.Marshal(Beats{From: r.c.Self().ID, At: time.Now().UnixMilli(), Keys: keys})
	if err != nil {
		return err
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, "http://"+owner+RelayPath, bytes.NewReader(body))
	if err != nil {
		return err
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set(SignatureHeader, sign(r.secret, body))
	resp, err := r.client.Do(req) //nolint:gosec // owner is a member id read from the store, which only nodes write
	if err != nil {
		return err
	}
	_ = resp.Body.Close()
	if resp.StatusCode != http.StatusNoContent {
		return fmt.Errorf("relay to %s: %s", owner, resp.Status)
	}
	return nil
}

func sign(secret, body []byte) string {
	m := hmac.New(sha256.New, secret)
	m.Write(body)
	return hex.EncodeToString(m.Sum(nil))
}

// ErrBadRelay: a relayed batch whose signature, age or shape is wrong.
var ErrBadRelay = errors.New("cluster: bad relayed beats")

// Verify checks a relayed batch's signature and age and decodes it.
func (c *Cluster) Verify(body []byte, signature string) (Beats, error) {
	want := sign(c.relay.secret, body)
	if !hmac.Equal([]byte(want), []byte(signature)) {
		return Beats{}, fmt.Errorf("%w: signature does not match", ErrBadRelay)
	}
	var b Beats
	if err := json.Unmarshal(body, &b); err != nil {
		return Beats{}, fmt.Errorf("%w: %w", ErrBadRelay, err)
	}
	if age := time.Since(time.UnixMilli(b.At)); age > relayMaxAge || age < -relayMaxAge {
		return Beats{}, fmt.Errorf("%w: sent %s ago", ErrBadRelay, age.Round(time.Millisecond))
	}
	return b, nil
}
