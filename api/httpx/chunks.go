package httpx

import (
	"bytes"
	"io"
)

// chunkSize is the size of a chunks buffer's pieces.
const chunkSize = 32 << 10

// chunks is a write-only buffer kept in fixed pieces: unlike a
// bytes.Buffer it never copies what it holds to grow, so a body peeked
// before authentication costs its size and no garbage (a growing
// bytes.Buffer allocated ~2x each body, which the attack of issue 17
// finding 6 multiplied).
type chunks struct{ pieces [][]byte }

func (c *chunks) Write(p []byte) (int, error) {
	n := len(p)
	for len(p) > 0 {
		last := len(c.pieces) - 1
		if last < 0 || len(c.pieces[last]) == cap(c.pieces[last]) {
			c.pieces = append(c.pieces, make([]byte, 0, chunkSize))
			last++
		}
		k := min(len(p), cap(c.pieces[last])-len(c.pieces[last]))
		c.pieces[last] = append(c.pieces[last], p[:k]...)
		p = p[k:]
	}
	return n, nil
}

// reader replays what was written.
func (c *chunks) reader() io.Reader {
	rs := make([]io.Reader, len(c.pieces))
	for i, p := range c.pieces {
		rs[i] = bytes.NewReader(p)
	}
	return io.MultiReader(rs...)
}
