package auth

import (
	"log/slog"
	"sync"
	"sync/atomic"
	"time"

	"golang.org/x/crypto/bcrypt"

	"github.com/causeway-dev/causeway/registry/store"
)

// Defaults, as Nacos has them.
const (
	// DefaultAdmin is the global admin Bootstrap creates (Nacos's built-in user).
	DefaultAdmin = "nacos"
	// DefaultTokenTTL is Nacos's nacos.core.auth.plugin.nacos.token.expire.seconds.
	DefaultTokenTTL = 18000 * time.Second
)

// Options tune a Service.
type Options struct {
	Logger *slog.Logger
	// TokenTTL is how long an issued token lives, in whole seconds
	// (default DefaultTokenTTL).
	TokenTTL time.Duration
	// Now is the clock (tests move it).
	Now func() time.Time
	// PasswordCost is the bcrypt cost of new password hashes (default 10,
	// Nacos's). Only tests should lower it: a hash keeps its own cost, so
	// it changes nothing for passwords already stored.
	PasswordCost int
	// PasswordChecks bounds the bcrypt comparisons that run at once,
	// whoever asks (default half the cores, at least one); attempts beyond
	// it and a short queue are refused as throttled without bcrypt.
	PasswordChecks int
}

// Service manages users and tokens over a store. It is safe for concurrent
// use. Tokens can be issued and verified only after Bootstrap loaded the
// signing secret.
type Service struct {
	st       store.Store
	log      *slog.Logger
	cost     int
	ttl      time.Duration
	now      func() time.Time
	secret   atomic.Pointer[[]byte]
	throttle *throttle
	passes   *passCache
	gate     *gate
	timings  timings
	compares atomic.Int64 // bcrypt comparisons run, for tests and measurements
	imitated atomic.Int64 // unknown-user attempts that waited instead

	compiledPerms compiledCache

	dummyOnce sync.Once
	dummy     []byte
}

// New builds a Service; it does not touch the store until Bootstrap.
func New(st store.Store, opts Options) *Service {
	if opts.Logger == nil {
		opts.Logger = slog.Default()
	}
	if opts.TokenTTL < time.Second {
		opts.TokenTTL = DefaultTokenTTL
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if opts.PasswordCost == 0 {
		opts.PasswordCost = defaultCost
	}
	return &Service{
		st:       st,
		log:      opts.Logger,
		cost:     min(max(opts.PasswordCost, bcrypt.MinCost), bcrypt.MaxCost),
		ttl:      opts.TokenTTL.Truncate(time.Second),
		now:      opts.Now,
		throttle: newThrottle(opts.Now),
		passes:   newPassCache(opts.Now),
		gate:     newGate(opts.PasswordChecks),
	}
}

// TokenTTL is the lifetime of the tokens this service issues.
func (s *Service) TokenTTL() time.Duration { return s.ttl }
