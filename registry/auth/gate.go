package auth

import (
	"context"
	"runtime"
	"sync/atomic"
	"time"
)

// gate bounds the CPU that password checks may take, whoever sends them:
// at most `slots` bcrypt comparisons run at once (by default half the
// cores, so that token-authenticated traffic keeps the rest), a few more
// callers may queue briefly for a slot, and everyone beyond that is
// refused at once, without bcrypt. The per-address throttle stops one
// address from filling the gate; the gate is the backstop against many.
type gate struct {
	slots   chan struct{}
	waiting atomic.Int32
	queue   int32         // callers allowed to wait for a slot
	maxWait time.Duration // how long one of them waits
}

// Defaults of the gate.
const (
	queuePerSlot = 8
	gateMaxWait  = 2 * time.Second
)

// errBusy answers an attempt the gate refused: the dialects show it as
// their throttled error. The client should simply retry.
var errBusy = &AuthError{ReasonThrottled, "too many login attempts in progress, retry in 1s"}

func newGate(slots int) *gate {
	if slots <= 0 {
		slots = max(runtime.GOMAXPROCS(0)/2, 1)
	}
	return &gate{slots: make(chan struct{}, slots), queue: int32(slots * queuePerSlot), maxWait: gateMaxWait}
}

// enter takes a slot, waiting at most maxWait when the queue has room;
// the caller must call the returned release.
func (g *gate) enter(ctx context.Context) (release func(), err error) {
	release = func() { <-g.slots }
	select {
	case g.slots <- struct{}{}:
		return release, nil
	default:
	}
	if g.waiting.Add(1) > g.queue {
		g.waiting.Add(-1)
		return nil, errBusy
	}
	defer g.waiting.Add(-1)
	timer := time.NewTimer(g.maxWait)
	defer timer.Stop()
	select {
	case g.slots <- struct{}{}:
		return release, nil
	case <-timer.C:
		return nil, errBusy
	case <-ctx.Done():
		return nil, errBusy
	}
}
