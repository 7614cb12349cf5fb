package v1

import (
	"context"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/causeway-dev/causeway/api/httpx"
	"github.com/causeway-dev/causeway/registry/config"
	"github.com/causeway-dev/causeway/registry/store"
	"github.com/causeway-dev/causeway/registry/store/badger"
)

// cfgEnv is a config service over an in-memory store behind the config
// dialect; long polls are held at least minPoll.
type cfgEnv struct {
	t   testing.TB
	st  store.Store
	svc *config.Service
	mux *http.ServeMux
}

func newCfgEnv(t testing.TB, minPoll time.Duration) *cfgEnv {
	t.Helper()
	return newCfgEnvMax(t, minPoll, 0)
}

// newCfgEnvMax is newCfgEnv with a content bound (0: the default).
func newCfgEnvMax(t testing.TB, minPoll time.Duration, maxContent int) *cfgEnv {
	t.Helper()
	st, err := badger.Open(badger.Options{InMemory: true, Logger: quiet()})
	if err != nil {
		t.Fatal(err)
	}
	svc, err := config.New(context.Background(), st, config.Options{Logger: quiet(), MaxContentBytes: maxContent})
	if err != nil {
		_ = st.Close()
		t.Fatal(err)
	}
	t.Cleanup(func() { svc.Close(); _ = st.Close() })
	mux := http.NewServeMux()
	httpx.Mount(mux, nil, ConfigDialect(svc, ConfigOptions{Logger: quiet(), MinLongPoll: minPoll}))
	return &cfgEnv{t: t, st: st, svc: svc, mux: mux}
}

// form sends params as a form body (query for GET), with extra headers as
// name, value pairs.
func (e *cfgEnv) form(method, path string, params url.Values, headers ...string) *httptest.ResponseRecorder {
	e.t.Helper()
	var req *http.Request
	if method == http.MethodGet {
		req = httptest.NewRequest(method, configBase+path+"?"+params.Encode(), nil)
	} else {
		req = httptest.NewRequest(method, configBase+path, strings.NewReader(params.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded;charset=utf-8")
	}
	for i := 0; i+1 < len(headers); i += 2 {
		req.Header.Set(headers[i], headers[i+1])
	}
	rec := httptest.NewRecorder()
	e.mux.ServeHTTP(rec, req)
	return rec
}

func (e *cfgEnv) publish(kv ...string) {
	e.t.Helper()
	expect(e.t, e.form(http.MethodPost, "", vals(kv...)), http.StatusOK, "true")
}

// listening builds a Listening-Configs form value as clients do.
func listening(recs ...listenRecord) url.Values {
	return vals("Listening-Configs", encodeListeningConfigs(recs))
}
