package auth_test

import (
	"fmt"
	"net/http"
	"os"
	"slices"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/causeway-dev/causeway/registry/auth"
)

// TestMeasureLoginUnderAttack is a short harness, not a check: with
// CAUSEWAY_MEASURE_LOGIN=1 it runs each attack against a real HTTP server
// at the default bcrypt cost for a few seconds and logs what the attacker
// gets (attempts per second, and how many reached bcrypt) and what
// legitimate users get meanwhile (first logins, each a real comparison,
// and token-authenticated GETs). docs/SECURITY.md quotes its figures.
func TestMeasureLoginUnderAttack(t *testing.T) {
	if os.Getenv("CAUSEWAY_MEASURE_LOGIN") == "" {
		t.Skip("set CAUSEWAY_MEASURE_LOGIN=1 to measure")
	}
	const window, every, warmup = 12 * time.Second, 300 * time.Millisecond, 4 * time.Second
	attacks := []struct {
		name    string
		hosts   int
		workers int  // per host
		unknown bool // a fresh username per guess
	}{
		{"no attack", 0, 0, false},
		{"1 host x8, nacos", 1, 8, false},
		{"1 host x8, unknown names", 1, 8, true},
		{"32 hosts, nacos", 32, 1, false},
		{"32 hosts, unknown names", 32, 1, true},
	}
	for _, a := range attacks {
		srv, svc := loginServer(t, auth.Options{})
		users := make([]string, int(window/every))
		for i := range users {
			users[i] = fmt.Sprintf("user%d", i)
			if _, err := svc.CreateUser(t.Context(), users[i], "Pw-1-"+users[i], false); err != nil {
				t.Fatal(err)
			}
		}
		tok, err := svc.Login(t.Context(), auth.DefaultAdmin, "S3cret-pw")
		if err != nil {
			t.Fatal(err)
		}
		stop := make(chan struct{})
		var tried atomic.Int64
		var wg sync.WaitGroup
		for h := range a.hosts {
			c := clientFrom(fmt.Sprintf("127.0.1.%d", h+1))
			for w := range a.workers {
				wg.Go(func() { attack(c, srv.URL, fmt.Sprintf("%d-%d", h, w), a.unknown, stop, &tried) })
			}
		}
		before, imitatedBefore := svc.Compares(), svc.Imitated()
		start := time.Now()
		legit := clientFrom("127.0.0.3")
		var gets []time.Duration
		getsDone := make(chan struct{})
		go func() { gets = probe(legit, srv.URL, tok.AccessToken, stop); close(getsDone) }()
		var adminOK int
		var adminTook []time.Duration
		adminDone := make(chan struct{})
		go func() {
			admins := slices.Repeat([]string{auth.DefaultAdmin}, len(users))
			adminOK, _, _, adminTook = logins(clientFrom("127.0.0.4"), srv.URL, admins, every, warmup,
				func(string) string { return "S3cret-pw" })
			close(adminDone)
		}()
		ok, okLate, late, took := logins(legit, srv.URL, users, every, warmup, func(u string) string { return "Pw-1-" + u })
		<-adminDone
		close(stop)
		wg.Wait()
		<-getsDone
		secs := time.Since(start).Seconds()
		// Each legitimate first login ran one comparison (the admin's hit
		// the cache of right passwords); the rest were the attacker's.
		attackerBcrypt := svc.Compares() - before - int64(ok)
		t.Logf("%-26s attacker %6.0f tries/s, %4.1f bcrypt/s + %4.1f imitated/s | nacos from elsewhere %2d/%d ok, p50 %v | "+
			"first logins %2d/%d ok (%2d/%d after %v), p50 %v p95 %v | token GET p50 %v p95 %v (%d)",
			a.name, float64(tried.Load())/secs, float64(attackerBcrypt)/secs, float64(svc.Imitated()-imitatedBefore)/secs,
			adminOK, len(users), pct(adminTook, 50), ok, len(users), okLate, late, warmup,
			pct(took, 50), pct(took, 95), pct(gets, 50), pct(gets, 95), len(gets))
	}
}

// attack guesses as fast as one client can until stop.
func attack(c *http.Client, base, id string, unknown bool, stop <-chan struct{}, tried *atomic.Int64) {
	for i := 0; ; i++ {
		select {
		case <-stop:
			return
		default:
		}
		user := auth.DefaultAdmin
		if unknown {
			user = fmt.Sprintf("ghost-%s-%d", id, i)
		}
		if _, _, err := loginOver(c, base, "/nacos/v1/auth/login", user, "guess"); err == nil {
			tried.Add(1)
		}
	}
}

// logins logs each user in, `every` apart. Distinct users are each a real
// bcrypt comparison (no cached success), the worst case under attack. It
// also counts the successes after warmup, once the throttle has caught up
// with the attacking hosts.
func logins(c *http.Client, base string, users []string, every, warmup time.Duration,
	pass func(user string) string) (ok, okLate, late int, took []time.Duration) {
	tick := time.NewTicker(every)
	defer tick.Stop()
	for i, u := range users {
		<-tick.C
		start := time.Now()
		code, _, err := loginOver(c, base, "/nacos/v1/auth/login", u, pass(u))
		took = append(took, time.Since(start))
		isLate := time.Duration(i)*every >= warmup
		if isLate {
			late++
		}
		if err == nil && code == http.StatusOK {
			ok++
			if isLate {
				okLate++
			}
		}
	}
	return ok, okLate, late, took
}

// probe sends a token-authenticated GET every 20 ms until stop.
func probe(c *http.Client, base, token string, stop <-chan struct{}) []time.Duration {
	var took []time.Duration
	tick := time.NewTicker(20 * time.Millisecond)
	defer tick.Stop()
	for {
		select {
		case <-stop:
			return took
		case <-tick.C:
		}
		start := time.Now()
		resp, err := c.Get(base + "/probe?accessToken=" + token)
		if err == nil {
			_ = resp.Body.Close()
			took = append(took, time.Since(start))
		}
	}
}

func pct(ds []time.Duration, p int) time.Duration {
	if len(ds) == 0 {
		return 0
	}
	s := slices.Clone(ds)
	slices.Sort(s)
	return s[(len(s)-1)*p/100].Round(100 * time.Microsecond)
}
