package auth

import (
	"context"
	"crypto/rand"
	"encoding/binary"
	"sync"
	"time"

	"golang.org/x/crypto/bcrypt"
)

// An unknown username must not be told from a wrong password by timing,
// yet comparing against a dummy hash would let anyone burn a bcrypt per
// guessed name. So an unknown user's attempt takes a gate slot like any
// other and then waits as long as a real comparison took: a duration drawn
// from the last real ones, so that the two answers share their spread as
// well as their mean, and the wait costs no CPU.
const timingSamples = 64

type timings struct {
	mu   sync.Mutex
	ring [timingSamples]time.Duration
	n    int // samples recorded, up to timingSamples
	next int
}

func (t *timings) record(d time.Duration) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.ring[t.next] = d
	t.next = (t.next + 1) % timingSamples
	t.n = min(t.n+1, timingSamples)
}

// sample answers a recent real duration, ok false before the first one.
func (t *timings) sample() (time.Duration, bool) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.n == 0 {
		return 0, false
	}
	// crypto/rand, so that which sample comes next cannot be predicted
	// (the modulo bias over 64 samples is negligible).
	var b [8]byte
	_, _ = rand.Read(b[:]) // crypto/rand.Read never fails (Go 1.24+)
	return t.ring[binary.LittleEndian.Uint64(b[:])%uint64(t.n)], true
}

// compare runs bcrypt and records how long it took.
func (s *Service) compare(hash []byte, password string) error {
	s.compares.Add(1)
	start := time.Now()
	err := bcrypt.CompareHashAndPassword(hash, []byte(password))
	s.timings.record(time.Since(start))
	return err
}

// Compares answers how many bcrypt comparisons this service has run: what
// login attempts actually cost, for measurements.
func (s *Service) Compares() int64 { return s.compares.Load() }

// Imitated answers how many unknown-user attempts waited out a comparison
// instead of running one.
func (s *Service) Imitated() int64 { return s.imitated.Load() }

// imitate spends what a real comparison would, for an unknown user. Until
// a real one was timed it compares against the dummy hash, which also
// gives the first sample.
func (s *Service) imitate(ctx context.Context, password string) {
	d, ok := s.timings.sample()
	if !ok {
		_ = s.compare(s.dummyHash(), password)
		return
	}
	s.imitated.Add(1)
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
	case <-ctx.Done():
	}
}
