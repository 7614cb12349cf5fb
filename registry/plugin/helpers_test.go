package plugin

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/causeway-dev/causeway/registry"
	"github.com/causeway-dev/causeway/registry/gateway"
	"github.com/causeway-dev/causeway/registry/plugin/plugintest"
	"github.com/causeway-dev/causeway/registry/store"
	"github.com/causeway-dev/causeway/registry/store/enginetest"
)

var gwKey = gateway.Key{Project: "default", ID: "gw1"}

func quiet() *slog.Logger { return slog.New(slog.NewTextHandler(io.Discard, nil)) }

// moduleServer is a real HTTP server serving modules by path, counting
// the requests it answered.
type moduleServer struct {
	*httptest.Server
	mu    sync.Mutex
	files map[string][]byte
	hits  atomic.Int64
}

func newModuleServer(t testing.TB) *moduleServer {
	t.Helper()
	s := &moduleServer{files: map[string][]byte{}}
	s.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.hits.Add(1)
		s.mu.Lock()
		b, ok := s.files[r.URL.Path]
		s.mu.Unlock()
		if !ok {
			http.NotFound(w, r)
			return
		}
		_, _ = w.Write(b)
	}))
	t.Cleanup(s.Close)
	return s
}

// serve publishes b at path and answers its URL.
func (s *moduleServer) serve(path string, b []byte) string {
	s.mu.Lock()
	s.files[path] = b
	s.mu.Unlock()
	return s.URL + path
}

type fixture struct {
	st  store.Store
	gw  *gateway.Registry
	reg *Registry
	srv *moduleServer
}

func newFixture(t testing.TB) *fixture {
	t.Helper()
	st := enginetest.Open(t, quiet())
	gw, err := gateway.New(context.Background(), st, gateway.Options{Logger: quiet()})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(gw.Close)
	g := gateway.Gateway{ID: gwKey.ID, Project: gwKey.Project, Listeners: []gateway.Listener{{Name: "http", Port: 8080}}}
	if _, err := gw.PutGateway(context.Background(), g); err != nil {
		t.Fatal(err)
	}
	reg, err := New(context.Background(), st, gw, Options{Logger: quiet(), Fetcher: NewFetcher(FetcherOptions{Allow: loopback(t)})})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(reg.Close)
	return &fixture{st: st, gw: gw, reg: reg, srv: newModuleServer(t)}
}

// loopback allow-lists the loopback addresses, where test servers listen.
func loopback(t testing.TB) *FetchAllow {
	t.Helper()
	a, err := ParseFetchAllow([]string{"127.0.0.0/8", "::1"})
	if err != nil {
		t.Fatal(err)
	}
	return a
}

func noop(t testing.TB) []byte { return plugintest.Noop(t) }

func wantKind(t *testing.T, err error, kind registry.Kind, detail string) {
	t.Helper()
	if err == nil || registry.KindOf(err) != kind {
		t.Fatalf("err = %v (kind %v), want kind %v", err, registry.KindOf(err), kind)
	}
	if detail != "" && !strings.Contains(err.Error(), detail) {
		t.Fatalf("err %q does not contain %q", err, detail)
	}
}

func i64(v int64) *int64 { return &v }
