package auth

import (
	"context"
	"errors"
	"fmt"
	"net/netip"
	"slices"
	"sync"
	"testing"
	"time"
)

// from answers a context whose login attempts come from addr.
func from(addr string) context.Context {
	return WithClient(context.Background(), netip.MustParseAddr(addr))
}

// attempt is one login in a throttle scenario, and what it must answer.
type attempt struct {
	client, user, pass string
	want               Reason // ReasonNone: success
}

func (a attempt) check(t *testing.T, s *Service, i int) {
	t.Helper()
	_, err := s.Login(from(a.client), a.user, a.pass)
	if got := ReasonOf(err); got != a.want || (a.want == ReasonNone && err != nil) {
		t.Fatalf("attempt %d (%s as %s with %q) = %v, want reason %d", i, a.client, a.user, a.pass, err, a.want)
	}
}

// repeat answers n copies of a.
func repeat(n int, a attempt) []attempt {
	out := make([]attempt, n)
	for i := range out {
		out[i] = a
	}
	return out
}

// distinctUsers answers n failures from client, each for another unknown
// username.
func distinctUsers(n int, client string) []attempt {
	out := make([]attempt, n)
	for i := range out {
		out[i] = attempt{client, fmt.Sprintf("ghost%d", i), "x", ReasonBadCredentials}
	}
	return out
}

func TestThrottleScenarios(t *testing.T) {
	t.Parallel()
	const attacker, admin = "203.0.113.9", "198.51.100.7"
	wrong := attempt{attacker, DefaultAdmin, "nope", ReasonBadCredentials}
	cases := []struct {
		name  string
		steps [][]attempt // each group runs in order; the clock moves 0 between them
	}{
		{"pair locked after its free failures", [][]attempt{
			repeat(pairFreeFailures, wrong),
			{{attacker, DefaultAdmin, "S3cret-pw", ReasonThrottled}},
		}},
		{"another address is not locked out", [][]attempt{
			repeat(pairFreeFailures, wrong),
			{{attacker, DefaultAdmin, "nope", ReasonThrottled}},
			{{admin, DefaultAdmin, "S3cret-pw", ReasonNone}},
		}},
		{"another user from the same address is not locked", [][]attempt{
			repeat(pairFreeFailures, wrong),
			{{attacker, "bob", "Bob-pw-12", ReasonNone}},
		}},
		{"unknown users are throttled like known ones", [][]attempt{
			repeat(pairFreeFailures, attempt{attacker, "ghost", "x", ReasonBadCredentials}),
			{{attacker, "ghost", "x", ReasonThrottled}},
		}},
		{"an address guessing many names is throttled", [][]attempt{
			distinctUsers(addrFreeFailures, attacker),
			{{attacker, "bob", "Bob-pw-12", ReasonThrottled}},
			{{admin, "bob", "Bob-pw-12", ReasonNone}},
		}},
		{"success clears its own pair only", [][]attempt{
			repeat(pairFreeFailures-1, wrong),
			repeat(pairFreeFailures-1, attempt{attacker, "bob", "nope", ReasonBadCredentials}),
			{{attacker, DefaultAdmin, "S3cret-pw", ReasonNone}},
			// nacos starts over: another four free failures...
			repeat(pairFreeFailures-1, wrong),
			// ...while bob's count stands: one more and he waits.
			{{attacker, "bob", "nope", ReasonBadCredentials}},
			{{attacker, "bob", "Bob-pw-12", ReasonThrottled}},
		}},
		{"IPv6 clients are counted by /64", [][]attempt{
			{
				{"2001:db8::1", DefaultAdmin, "nope", ReasonBadCredentials},
				{"2001:db8::2", DefaultAdmin, "nope", ReasonBadCredentials},
				{"2001:db8::3", DefaultAdmin, "nope", ReasonBadCredentials},
				{"2001:db8::4", DefaultAdmin, "nope", ReasonBadCredentials},
				{"2001:db8::5", DefaultAdmin, "nope", ReasonBadCredentials},
			},
			{{"2001:db8::ffff", DefaultAdmin, "S3cret-pw", ReasonThrottled}},
			{{"2001:db8:0:1::1", DefaultAdmin, "S3cret-pw", ReasonNone}},
		}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			s, _, _ := booted(t)
			if _, err := s.CreateUser(context.Background(), "bob", "Bob-pw-12", false); err != nil {
				t.Fatal(err)
			}
			i := 0
			for _, group := range c.steps {
				for _, a := range group {
					i++
					a.check(t, s, i)
				}
			}
		})
	}
}

// The waits double up to maxLockout, and a quiet pair is forgotten.
func TestThrottleBackoffAndForgetting(t *testing.T) {
	t.Parallel()
	s, clk, _ := booted(t)
	ctx := from("203.0.113.9")
	fail := func() error { _, err := s.Login(ctx, DefaultAdmin, "nope"); return err }
	for range pairFreeFailures {
		if err := fail(); !errors.Is(err, ErrBadCredentials) {
			t.Fatal(err)
		}
	}
	for _, wait := range []time.Duration{time.Second, 2 * time.Second, 4 * time.Second} {
		if err := fail(); ReasonOf(err) != ReasonThrottled {
			t.Fatalf("before %v: %v", wait, err)
		}
		clk.Add(wait)
		if err := fail(); !errors.Is(err, ErrBadCredentials) {
			t.Fatalf("after %v: %v", wait, err)
		}
	}
	clk.Add(forgetAfter + time.Second)
	for range pairFreeFailures {
		if err := fail(); !errors.Is(err, ErrBadCredentials) {
			t.Fatalf("after a quiet spell: %v", err)
		}
	}
}

// Parallel wrong guesses from one address are counted before bcrypt runs:
// exactly the free allowance reaches bcrypt, whatever the interleaving.
func TestThrottleParallelGuesses(t *testing.T) {
	t.Parallel()
	for _, user := range []string{DefaultAdmin, "ghost"} {
		t.Run(user, func(t *testing.T) {
			t.Parallel()
			s, _, _ := booted(t)
			s.gate = newGate(64) // the throttle alone is under test here
			before := s.Compares()
			const n = 64
			var wg sync.WaitGroup
			var mu sync.Mutex
			reasons := map[Reason]int{}
			for range n {
				wg.Go(func() {
					_, err := s.Login(from("203.0.113.9"), user, "nope")
					mu.Lock()
					reasons[ReasonOf(err)]++
					mu.Unlock()
				})
			}
			wg.Wait()
			if reasons[ReasonBadCredentials] != pairFreeFailures || reasons[ReasonThrottled] != n-pairFreeFailures {
				t.Fatalf("answers = %v, want %d bad credentials and the rest throttled", reasons, pairFreeFailures)
			}
			if user == DefaultAdmin && s.Compares()-before != pairFreeFailures {
				t.Fatalf("%d bcrypt comparisons, want %d", s.Compares()-before, pairFreeFailures)
			}
		})
	}
}

// The gate bounds bcrypt work across all addresses: with its slot held and
// its queue full, an attempt from a fresh address is refused at once,
// without bcrypt, and it does not count against that address.
func TestGlobalGate(t *testing.T) {
	t.Parallel()
	s, _, _ := booted(t)
	s.gate = newGate(1)
	s.gate.maxWait = 50 * time.Millisecond
	if err := s.gate.enter(context.Background(), laneClean); err != nil {
		t.Fatal(err)
	}
	before := s.Compares()
	start := time.Now()
	_, err := s.Login(from("198.51.100.1"), DefaultAdmin, "S3cret-pw")
	if !errors.Is(err, errBusy) || ReasonOf(err) != ReasonThrottled {
		t.Fatalf("with the slot held: %v", err)
	}
	if d := time.Since(start); d > time.Second {
		t.Fatalf("a refusal took %v", d)
	}
	for range s.gate.queue { // fill the clean lane with waiters that stay
		s.gate.lanes[laneClean] = append(s.gate.lanes[laneClean], make(chan struct{}))
	}
	start = time.Now()
	if _, err := s.Login(from("198.51.100.2"), DefaultAdmin, "S3cret-pw"); !errors.Is(err, errBusy) {
		t.Fatalf("with the queue full: %v", err)
	}
	if d := time.Since(start); d >= s.gate.maxWait {
		t.Fatalf("a refusal with a full queue waited %v", d)
	}
	s.gate.lanes[laneClean] = nil
	if s.Compares() != before {
		t.Fatal("a refused attempt ran bcrypt")
	}
	s.gate.release()
	for range pairFreeFailures + 1 { // busy refusals did not count
		if _, err := s.Login(from("198.51.100.1"), DefaultAdmin, "S3cret-pw"); err != nil {
			t.Fatalf("after the slot came free: %v", err)
		}
	}
}

// A freed slot goes to the first lane with a waiter (trusted, clean,
// suspect), and a waiter that gives up leaves no slot behind.
func TestGateLanes(t *testing.T) {
	t.Parallel()
	g := newGate(1)
	g.maxWait = 5 * time.Second
	ctx := context.Background()
	if err := g.enter(ctx, laneClean); err != nil {
		t.Fatal(err)
	}
	order := make(chan int, 3)
	var wg sync.WaitGroup
	enter := func(lane int) {
		wg.Go(func() {
			if err := g.enter(ctx, lane); err != nil {
				t.Error(err)
				return
			}
			order <- lane
			g.release()
		})
	}
	enter(laneSuspect)
	waitFor(t, func() bool { return queued(g, laneSuspect) == 1 })
	enter(laneClean)
	waitFor(t, func() bool { return queued(g, laneClean) == 1 })
	enter(laneTrusted)
	waitFor(t, func() bool { return queued(g, laneTrusted) == 1 })
	g.release()
	wg.Wait()
	if got := []int{<-order, <-order, <-order}; !slices.Equal(got, []int{laneTrusted, laneClean, laneSuspect}) {
		t.Fatalf("served lanes %v, want trusted, clean, suspect", got)
	}
	// A waiter that times out does not keep the slot.
	g.maxWait = 10 * time.Millisecond
	if err := g.enter(ctx, laneClean); err != nil {
		t.Fatal(err)
	}
	if err := g.enter(ctx, laneSuspect); !errors.Is(err, errBusy) {
		t.Fatalf("waiter with the slot held: %v", err)
	}
	g.release()
	if g.free != 1 || queued(g, laneSuspect) != 0 {
		t.Fatalf("free = %d, queued = %d after all left", g.free, queued(g, laneSuspect))
	}
}

// Lanes: a fresh host is clean, one attempt at a time; a failing one is
// suspect; one that logged in is trusted, until it fails as often as a
// pair may, and stops being trusted after trustFor.
func TestThrottleLane(t *testing.T) {
	t.Parallel()
	s, clk, _ := booted(t)
	ctx := from("203.0.113.9")
	client := clientOf(ctx)
	lane := func() int { l, _ := s.throttle.lane(client); return l }
	first, done := s.throttle.lane(client)
	if first != laneClean {
		t.Fatalf("fresh host in lane %d", first)
	}
	if got := lane(); got != laneSuspect {
		t.Fatalf("second attempt in flight in lane %d", got)
	}
	done()
	_, _ = s.Login(ctx, DefaultAdmin, "nope")
	if got := lane(); got != laneSuspect {
		t.Fatalf("lane = %d after a failure", got)
	}
	if _, err := s.Login(ctx, DefaultAdmin, "S3cret-pw"); err != nil {
		t.Fatal(err)
	}
	if got := lane(); got != laneTrusted {
		t.Fatalf("lane = %d after a success", got)
	}
	for i := range pairFreeFailures {
		_, _ = s.Login(ctx, fmt.Sprintf("ghost%d", i), "nope")
	}
	if got := lane(); got != laneSuspect {
		t.Fatalf("lane = %d after %d failures since the success", got, pairFreeFailures)
	}
	if _, err := s.Login(from("198.51.100.7"), DefaultAdmin, "S3cret-pw"); err != nil {
		t.Fatal(err)
	}
	clk.Add(trustFor + time.Second)
	if got, _ := s.throttle.lane(clientOf(from("198.51.100.7"))); got != laneClean {
		t.Fatalf("lane = %d after trustFor", got)
	}
}

func queued(g *gate, lane int) int {
	g.mu.Lock()
	defer g.mu.Unlock()
	return len(g.lanes[lane])
}

func waitFor(t *testing.T, cond func() bool) {
	t.Helper()
	for deadline := time.Now().Add(5 * time.Second); !cond(); time.Sleep(time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatal("condition not met in 5s")
		}
	}
}

// An unknown user costs no bcrypt once one comparison was timed, yet takes
// as long as one: its answer waits a recent real duration.
func TestUnknownUserImitatesTiming(t *testing.T) {
	t.Parallel()
	s, _, _ := booted(t)
	if _, err := s.Login(from("198.51.100.1"), DefaultAdmin, "nope"); !errors.Is(err, ErrBadCredentials) {
		t.Fatal(err)
	}
	const real = 40 * time.Millisecond
	for range timingSamples {
		s.timings.record(real)
	}
	before := s.Compares()
	start := time.Now()
	_, err := s.Login(from("198.51.100.2"), "ghost", "nope")
	if !errors.Is(err, ErrBadCredentials) || err.Error() != ErrBadCredentials.Error() {
		t.Fatalf("unknown user: %v", err)
	}
	if d := time.Since(start); d < real {
		t.Fatalf("unknown user answered in %v, a comparison takes %v", d, real)
	}
	if s.Compares() != before {
		t.Fatal("an unknown user ran bcrypt")
	}
}

func TestClientKey(t *testing.T) {
	t.Parallel()
	cases := []struct {
		ctx  context.Context
		want string
	}{
		{context.Background(), unknownClient},
		{WithClient(context.Background(), netip.Addr{}), unknownClient},
		{from("192.0.2.1"), "192.0.2.1"},
		{from("::ffff:192.0.2.1"), "192.0.2.1"},
		{from("2001:db8:1:2:3:4:5:6"), "2001:db8:1:2::/64"},
		{from("fe80::1%eth0"), "fe80::/64"},
	}
	for _, c := range cases {
		if got := clientOf(c.ctx); got != c.want {
			t.Errorf("clientOf(%v) = %q, want %q", c.ctx.Value(clientKey{}), got, c.want)
		}
	}
}

// A full table of locked entries takes no new keys (fail open: the gate is
// the backstop), and a sweep makes room once entries go quiet.
func TestThrottleTableBounded(t *testing.T) {
	t.Parallel()
	now := time.Date(2025, 6, 1, 12, 0, 0, 0, time.UTC)
	c := newCounts[int](2)
	for i := range maxTracked {
		c.count(i, now)
		c.count(i, now) // at the allowance: locked, so a sweep keeps it
	}
	c.count(-1, now.Add(2*sweepEvery))
	if _, ok := c.m[-1]; ok || len(c.m) != maxTracked {
		t.Fatalf("full table took a key: %d entries", len(c.m))
	}
	later := now.Add(forgetAfter + time.Minute)
	c.count(-1, later)
	if _, ok := c.m[-1]; !ok || len(c.m) != 1 {
		t.Fatalf("after a sweep: %d entries", len(c.m))
	}
}

// The wait starts when a wrong answer is known, not when it was counted:
// a comparison slower than the wait (a loaded machine) must not use it up.
func TestThrottleWaitStartsAfterTheComparison(t *testing.T) {
	t.Parallel()
	clk := newClock()
	th := newThrottle(clk.Now)
	for range pairFreeFailures {
		if err := th.admit("203.0.113.9", DefaultAdmin); err != nil {
			t.Fatal(err)
		}
	}
	clk.Add(3 * time.Second) // the comparisons took this long
	th.failed("203.0.113.9", DefaultAdmin)
	if err := th.check("203.0.113.9", DefaultAdmin); ReasonOf(err) != ReasonThrottled {
		t.Fatalf("right after a slow failure: %v", err)
	}
	clk.Add(time.Second)
	if err := th.check("203.0.113.9", DefaultAdmin); err != nil {
		t.Fatalf("after the wait: %v", err)
	}
}
