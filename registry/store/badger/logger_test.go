package badger

import (
	"bytes"
	"log/slog"
	"strings"
	"sync"
	"testing"
)

// syncBuffer is written by Badger's goroutines and read by the test.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// Badger's chatter reaches the logger only when it has debug enabled.
func TestBadgerLogging(t *testing.T) {
	t.Parallel()
	for _, level := range []slog.Level{slog.LevelInfo, slog.LevelDebug} {
		var buf syncBuffer
		logger := slog.New(slog.NewTextHandler(&buf, &slog.HandlerOptions{Level: level}))
		e := openT(t, Options{Dir: t.TempDir(), Logger: logger})
		if err := e.Close(); err != nil {
			t.Fatal(err)
		}
		got := strings.Contains(buf.String(), "component=badger")
		if got != (level == slog.LevelDebug) {
			t.Errorf("level %v: badger lines present = %v:\n%s", level, got, buf.String())
		}
		if strings.Contains(buf.String(), `\n"`) {
			t.Errorf("trailing newlines kept:\n%s", buf.String())
		}
	}
}
