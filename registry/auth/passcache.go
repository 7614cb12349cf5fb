package auth

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"sync"
	"time"
)

// Clients that send their password on every request (Nacos's npm client,
// console scripts) would pay a bcrypt comparison per request: some 100 ms
// of CPU at the default cost, against microseconds for a token. passCache
// remembers recent successes so that the same right password is compared
// once per passCacheTTL.
//
// It never holds a password: entries are HMACs under a key drawn at start,
// and each is bound to the stored hash, so a changed password or a user
// deleted and created again misses. Failures are never remembered: a wrong
// password always costs a full comparison and counts against the throttle,
// and the answer's timing tells nothing the answer itself does not.
const (
	passCacheTTL = time.Minute
	passCacheMax = 4096
)

type passCache struct {
	key [32]byte
	now func() time.Time

	mu      sync.Mutex
	expires map[[sha256.Size]byte]time.Time
}

func newPassCache(now func() time.Time) *passCache {
	c := &passCache{now: now, expires: map[[sha256.Size]byte]time.Time{}}
	_, _ = rand.Read(c.key[:]) // crypto/rand.Read never fails (Go 1.24+)
	return c
}

func (c *passCache) sum(username, password, hash string) [sha256.Size]byte {
	m := hmac.New(sha256.New, c.key[:])
	for _, s := range []string{username, password, hash} {
		m.Write([]byte(s))
		m.Write([]byte{0})
	}
	var out [sha256.Size]byte
	copy(out[:], m.Sum(nil))
	return out
}

func (c *passCache) hit(k [sha256.Size]byte) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	exp, ok := c.expires[k]
	return ok && c.now().Before(exp)
}

// add remembers a success. A full cache first drops what has expired, and
// starts over if that was not enough: it bounds memory, and a miss only
// costs one comparison.
func (c *passCache) add(k [sha256.Size]byte) {
	c.mu.Lock()
	defer c.mu.Unlock()
	now := c.now()
	if len(c.expires) >= passCacheMax {
		for key, exp := range c.expires {
			if !now.Before(exp) {
				delete(c.expires, key)
			}
		}
		if len(c.expires) >= passCacheMax {
			clear(c.expires)
		}
	}
	c.expires[k] = now.Add(passCacheTTL)
}
