package cluster

import (
	"bytes"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/causeway-dev/causeway/api/httpx"
	"github.com/causeway-dev/causeway/registry/cluster"
	"github.com/causeway-dev/causeway/registry/cluster/clustertest"
	"github.com/causeway-dev/causeway/registry/store/badger"
)

// recorder is what the naming registry is to the route: it takes the keys.
type recorder struct {
	mu   sync.Mutex
	keys []string
}

func (r *recorder) Relayed(keys []string) {
	r.mu.Lock()
	r.keys = append(r.keys, keys...)
	r.mu.Unlock()
}

func sign(secret, body []byte) string {
	m := hmac.New(sha256.New, secret)
	m.Write(body)
	return hex.EncodeToString(m.Sum(nil))
}

// The route takes a batch signed with the cluster's secret, and refuses
// anything else with nothing relayed.
func TestRelayRoute(t *testing.T) {
	st, err := badger.Open(badger.Options{InMemory: true, Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = st.Close() })
	c, _ := clustertest.Join(t, st, "10.0.0.1:8848", "test")
	kv, err := st.Get(t.Context(), "cluster/secret")
	if err != nil {
		t.Fatal(err)
	}
	secret, _ := hex.DecodeString(string(kv.Value))
	rec := &recorder{}
	mux := http.NewServeMux()
	httpx.Mount(mux, nil, Dialect(c, rec))

	now := time.Now().UnixMilli()
	good := []byte(fmt.Sprintf(`{"from":"10.0.0.2:8848","at":%d,"keys":["naming/i/a","naming/i/b"]}`, now))
	stale := []byte(fmt.Sprintf(`{"from":"10.0.0.2:8848","at":%d,"keys":["naming/i/a"]}`, now-time.Minute.Milliseconds()))
	cases := []struct {
		name   string
		body   []byte
		sig    string
		method string
		want   int
	}{
		{"signed", good, sign(secret, good), http.MethodPost, http.StatusNoContent},
		{"unsigned", good, "", http.MethodPost, http.StatusForbidden},
		{"signed with another secret", good, sign([]byte("another secret"), good), http.MethodPost, http.StatusForbidden},
		{"altered after signing", bytes.Replace(good, []byte(`/a"`), []byte(`/x"`), 1), sign(secret, good), http.MethodPost, http.StatusForbidden},
		{"replayed a minute later", stale, sign(secret, stale), http.MethodPost, http.StatusForbidden},
		{"signed garbage", []byte("{"), sign(secret, []byte("{")), http.MethodPost, http.StatusForbidden},
		{"empty", nil, "", http.MethodPost, http.StatusForbidden},
		{"over the size limit", bytes.Repeat([]byte("x"), maxBody+1), "", http.MethodPost, http.StatusBadRequest},
		{"GET", nil, "", http.MethodGet, http.StatusMethodNotAllowed},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			rec.mu.Lock()
			rec.keys = nil
			rec.mu.Unlock()
			req := httptest.NewRequest(tc.method, cluster.RelayPath, bytes.NewReader(tc.body))
			req.Header.Set(cluster.SignatureHeader, tc.sig)
			w := httptest.NewRecorder()
			mux.ServeHTTP(w, req)
			if w.Code != tc.want {
				t.Fatalf("%d %s, want %d", w.Code, strings.TrimSpace(w.Body.String()), tc.want)
			}
			rec.mu.Lock()
			defer rec.mu.Unlock()
			if want := tc.want == http.StatusNoContent; want != (len(rec.keys) == 2) || (!want && len(rec.keys) != 0) {
				t.Fatalf("relayed %v", rec.keys)
			}
		})
	}
}
