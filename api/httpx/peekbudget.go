package httpx

import (
	"context"
	"io"
	"time"

	"golang.org/x/sync/semaphore"

	"github.com/causeway-dev/causeway/registry/auth"
)

// What reading a body before authentication may cost (issue 17 finding 6:
// 64 clients sending 4 MiB forms without a token took RSS to 637 MB).
//
// The rule: a credential in a header or the query string is checked
// before any byte of the body is read (TokenOf, and the Nacos
// username/password pair). Only when a request carries none there does
// PeekForm look in a URL-encoded body, because Nacos SDKs put accessToken
// (and some clients username/password) in POST form bodies. That look
// reads the first FreePeekBytes of each body freely, which is where the
// SDKs put the token (they sort parameters, accessToken before content).
// Every byte past that comes from one process-wide budget of
// PeekBudgetBytes; a request that cannot get budget within PeekBudgetWait
// is refused with ErrPeekBudget, so unauthenticated bodies held in memory
// never exceed the budget plus FreePeekBytes per request.
const (
	FreePeekBytes   = 64 << 10
	PeekBudgetBytes = MaxPeekBytes
	PeekBudgetWait  = 2 * time.Second
	peekChunk       = 64 << 10
)

// ErrPeekBudget refuses a request whose credential could only be deep in
// its body while other unauthenticated bodies use up the budget.
var ErrPeekBudget = &auth.AuthError{Reason: auth.ReasonMissing,
	Msg: "no credential in the headers, the query or the start of the body, and the server is busy reading other bodies: send the token in a header or the query"}

// peekBudget is the process-wide budget of PeekForm.
var peekBudget = semaphore.NewWeighted(PeekBudgetBytes)

// budgetReader reads r, FreePeekBytes freely and then only what it took
// from sem; release gives back what it took.
type budgetReader struct {
	r    io.Reader
	ctx  context.Context
	sem  *semaphore.Weighted
	free int64 // bytes that may be read without taking more budget
	held int64 // bytes taken from sem
}

func newBudgetReader(ctx context.Context, r io.Reader, sem *semaphore.Weighted) *budgetReader {
	return &budgetReader{r: r, ctx: ctx, sem: sem, free: FreePeekBytes}
}

func (b *budgetReader) Read(p []byte) (int, error) {
	if b.free <= 0 {
		ctx, cancel := context.WithTimeout(b.ctx, PeekBudgetWait)
		err := b.sem.Acquire(ctx, peekChunk)
		cancel()
		if err != nil {
			return 0, ErrPeekBudget
		}
		b.held += peekChunk
		b.free = peekChunk
	}
	if int64(len(p)) > b.free {
		p = p[:b.free]
	}
	n, err := b.r.Read(p)
	b.free -= int64(n)
	return n, err
}

func (b *budgetReader) release() {
	if b.held > 0 {
		b.sem.Release(b.held)
		b.held = 0
	}
}
