package auth

import (
	"sync"
	"time"
)

// Throttling counts login attempts in two tables: per (client address,
// username), so that guessing one user's password from one address slows
// to a crawl without locking that user out from anywhere else, and per
// client address, so that one address cannot escape by guessing across
// many usernames (unknown ones included: they are counted exactly like
// known ones, or the throttle would tell which names exist).
//
// An attempt is counted when it is admitted, before bcrypt runs, under the
// same lock that checked it: parallel guesses cannot all slip through
// between a check and a count. A success then takes back what that pair
// counted, so it clears its own (address, user) and nothing another
// address or user did.
const (
	pairFreeFailures = 5  // per (address, user), as before per user
	addrFreeFailures = 20 // per address, across all usernames
	maxLockout       = 30 * time.Second
	// forgetAfter drops a count that has been quiet this long, so that
	// old typos do not add up forever.
	forgetAfter = 5 * time.Minute
	// maxTracked bounds each table. When it is full of live entries, new
	// keys go untracked: failing open keeps an attacker who owns many
	// addresses from locking everyone else out, and the global bcrypt
	// gate still bounds what untracked attempts cost.
	maxTracked = 1 << 16
	sweepEvery = time.Second
	// trustFor is how long a successful login puts its address ahead of
	// unknown ones at the bcrypt gate.
	trustFor = 24 * time.Hour
)

type pairKey struct{ client, user string }

type failures struct {
	n     int
	until time.Time // no attempt admitted before this
	last  time.Time // the last admitted attempt
}

// counts is one table of failures with its free allowance.
type counts[K comparable] struct {
	free      int
	m         map[K]*failures
	lastSweep time.Time
}

func newCounts[K comparable](free int) counts[K] {
	return counts[K]{free: free, m: map[K]*failures{}}
}

// wait answers how long k must still wait, zero when it may try now.
func (c *counts[K]) wait(k K, now time.Time) time.Duration {
	f := c.m[k]
	if f == nil || now.Sub(f.last) > forgetAfter {
		return 0
	}
	return max(f.until.Sub(now), 0)
}

// count records an admitted attempt, setting the wait for the next one
// once the free allowance is used: 1 s, doubling up to maxLockout.
func (c *counts[K]) count(k K, now time.Time) {
	f := c.m[k]
	if f != nil && now.Sub(f.last) > forgetAfter {
		f.n = 0
	}
	if f == nil {
		if !c.room(now) {
			return
		}
		f = &failures{}
		c.m[k] = f
	}
	f.n++
	f.last = now
	c.restamp(f, now)
}

// restamp starts k's wait at now, once its free allowance is used: 1 s,
// doubling up to maxLockout. It never shortens a wait.
func (c *counts[K]) restamp(f *failures, now time.Time) {
	if over := f.n - c.free; over >= 0 {
		f.until = later(f.until, now.Add(min(time.Second<<min(over, 10), maxLockout)))
	}
}

func later(a, b time.Time) time.Time {
	if a.After(b) {
		return a
	}
	return b
}

// room answers whether a new key fits, first dropping quiet entries when
// the table is full (at most once per sweepEvery, so a full table cannot
// make every attempt pay for a scan).
func (c *counts[K]) room(now time.Time) bool {
	if len(c.m) < maxTracked {
		return true
	}
	if now.Sub(c.lastSweep) < sweepEvery {
		return false
	}
	c.lastSweep = now
	for k, f := range c.m {
		if now.Sub(f.last) > forgetAfter || (f.n < c.free && !now.Before(f.until)) {
			delete(c.m, k)
		}
	}
	return len(c.m) < maxTracked
}

// take removes n counted attempts from k.
func (c *counts[K]) take(k K, n int) {
	f := c.m[k]
	if f == nil {
		return
	}
	f.n -= n
	if f.n <= 0 {
		delete(c.m, k)
		return
	}
	if f.n < c.free {
		f.until = time.Time{}
	}
}

type throttle struct {
	mu    sync.Mutex
	now   func() time.Time
	pairs counts[pairKey]
	addrs counts[string]
	// cleanInFlight holds the addresses with an attempt in the gate's
	// clean lane; it is as large as the attempts in progress.
	cleanInFlight map[string]struct{}
	// trusted holds when each address last logged in successfully.
	trusted map[string]time.Time
}

func newThrottle(now func() time.Time) *throttle {
	return &throttle{now: now, pairs: newCounts[pairKey](pairFreeFailures), addrs: newCounts[string](addrFreeFailures),
		cleanInFlight: map[string]struct{}{}, trusted: map[string]time.Time{}}
}

// check answers the throttling error when (client, user) must wait,
// without counting: callers use it to refuse cheaply before queueing.
func (t *throttle) check(client, user string) error {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.waitLocked(client, user, t.now())
}

// admit counts an attempt unless it must wait: check and count are one
// step, so of many parallel attempts only the allowance gets through.
func (t *throttle) admit(client, user string) error {
	t.mu.Lock()
	defer t.mu.Unlock()
	now := t.now()
	if err := t.waitLocked(client, user, now); err != nil {
		return err
	}
	t.pairs.count(pairKey{client, user}, now)
	t.addrs.count(client, now)
	return nil
}

func (t *throttle) waitLocked(client, user string, now time.Time) error {
	wait := max(t.pairs.wait(pairKey{client, user}, now), t.addrs.wait(client, now))
	if wait > 0 {
		return throttled(wait)
	}
	return nil
}

// lane answers the gate lane of client's next attempt, and a done func
// to call when it finished:
//   - trusted: the address logged in successfully within trustFor and has
//     fewer than pairFreeFailures attempts counted since (an attacker with
//     one valid account cannot keep it while guessing others);
//   - clean: no counted attempt on record and no other clean one in
//     flight, so every host gets one attempt at a time ahead of failing
//     ones, and an attacker with N fresh addresses gets N such attempts;
//   - suspect: everyone else.
func (t *throttle) lane(client string) (int, func()) {
	t.mu.Lock()
	defer t.mu.Unlock()
	now := t.now()
	counted := 0
	if f := t.addrs.m[client]; f != nil && now.Sub(f.last) <= forgetAfter {
		counted = f.n
	}
	if ok, seen := t.trusted[client]; seen && now.Sub(ok) <= trustFor && counted < pairFreeFailures {
		return laneTrusted, func() {}
	}
	if _, busy := t.cleanInFlight[client]; busy || counted > 0 {
		return laneSuspect, func() {}
	}
	t.cleanInFlight[client] = struct{}{}
	return laneClean, func() {
		t.mu.Lock()
		defer t.mu.Unlock()
		delete(t.cleanInFlight, client)
	}
}

// trust remembers a successful login from client, within the table's
// bound (a full table first drops what is stale).
func (t *throttle) trust(client string, now time.Time) {
	if _, ok := t.trusted[client]; !ok && len(t.trusted) >= maxTracked {
		for k, at := range t.trusted {
			if now.Sub(at) > trustFor {
				delete(t.trusted, k)
			}
		}
		if len(t.trusted) >= maxTracked {
			return
		}
	}
	t.trusted[client] = now
}

// failed restarts the waits of a counted attempt that turned out wrong
// from now: counting happened before bcrypt, and a comparison slower than
// the wait (a loaded machine) must not use the wait up.
func (t *throttle) failed(client, user string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	now := t.now()
	if f := t.pairs.m[pairKey{client, user}]; f != nil {
		t.pairs.restamp(f, now)
	}
	if f := t.addrs.m[client]; f != nil {
		t.addrs.restamp(f, now)
	}
}

// succeed clears what (client, user) counted, here and in the address's
// total, and nothing else; the address becomes trusted.
func (t *throttle) succeed(client, user string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.trust(client, t.now())
	k := pairKey{client, user}
	f := t.pairs.m[k]
	if f == nil {
		return
	}
	t.addrs.take(client, f.n)
	delete(t.pairs.m, k)
}
