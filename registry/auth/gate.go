package auth

import (
	"context"
	"runtime"
	"slices"
	"sync"
	"time"
)

// gate bounds the CPU that password checks may take, whoever sends them:
// at most `slots` bcrypt comparisons run at once (by default half the
// cores, so that token-authenticated traffic keeps the rest), a few more
// callers may queue briefly for a slot, and everyone beyond that is
// refused at once, without bcrypt. The per-address throttle stops one
// address from filling the gate; the gate is the backstop against many.
//
// Many attacking hosts could still keep its queue full, and a first-come
// queue would then turn everyone else away. So it has three lanes, served
// in order: hosts that logged in successfully lately and have few failures
// since; hosts with no failures on record (one attempt at a time, so N
// fresh attacking hosts get N attempts here); and hosts that have been
// failing. See throttle.lane.
type gate struct {
	mu      sync.Mutex
	free    int
	lanes   [laneCount][]chan struct{} // waiters, laneTrusted first
	queue   int                        // waiters allowed per lane
	maxWait time.Duration              // how long one of them waits
}

// Lanes of the gate.
const (
	laneTrusted = iota
	laneClean
	laneSuspect
	laneCount
)

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
	return &gate{free: slots, queue: slots * queuePerSlot, maxWait: gateMaxWait}
}

// enter takes a slot, waiting at most maxWait when its lane's queue has
// room; the caller must call release once done.
func (g *gate) enter(ctx context.Context, lane int) error {
	g.mu.Lock()
	if g.free > 0 {
		g.free--
		g.mu.Unlock()
		return nil
	}
	if len(g.lanes[lane]) >= g.queue {
		g.mu.Unlock()
		return errBusy
	}
	ready := make(chan struct{})
	g.lanes[lane] = append(g.lanes[lane], ready)
	g.mu.Unlock()

	timer := time.NewTimer(g.maxWait)
	defer timer.Stop()
	select {
	case <-ready:
		return nil
	case <-timer.C:
	case <-ctx.Done():
	}
	g.mu.Lock()
	i := slices.Index(g.lanes[lane], ready)
	if i >= 0 {
		g.lanes[lane] = slices.Delete(g.lanes[lane], i, i+1)
	}
	g.mu.Unlock()
	if i < 0 { // granted as we gave up: pass the slot on
		g.release()
	}
	return errBusy
}

// release hands the slot to the first waiter of the first lane that has
// one, or frees it.
func (g *gate) release() {
	g.mu.Lock()
	defer g.mu.Unlock()
	for lane, waiters := range g.lanes {
		if len(waiters) > 0 {
			close(waiters[0])
			g.lanes[lane] = waiters[1:]
			return
		}
	}
	g.free++
}
