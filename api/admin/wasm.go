package admin

import (
	"bytes"
	"context"
	"errors"
	"io"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/causeway-dev/causeway/api/httpx"
	"github.com/causeway-dev/causeway/registry"
)

// MaxUpload bounds an uploaded module (plugin.MaxModuleSize).
const MaxUpload = 32 << 20

// Uploads are held whole in memory (the module is verified, hashed and
// stored as one value), several times over while that happens: four
// concurrent 31 MB uploads peaked at ~800 MB RSS (issue 17 finding 8). So
// at most MaxConcurrentUploads are read at once; another waits up to
// UploadWait for a slot, then is refused with 503 and Retry-After.
const (
	MaxConcurrentUploads = 2
	UploadWait           = 30 * time.Second
)

// Modules is the WASM module store the wasm routes serve; *plugin.Registry
// is one.
type Modules interface {
	// Module answers a stored module by sha256, a registry.KindNotFound
	// error when there is none.
	Module(sha256 string) ([]byte, error)
	// AddModule verifies and stores a module and answers its sha256; a
	// module that is not proxy-wasm is a registry.KindInvalid error.
	AddModule(ctx context.Context, b []byte) (string, error)
}

// DialectWithWasm answers the admin routes of Dialect plus, when modules
// is not nil, the module routes of the gateway plugins:
//
//	GET  /causeway/v1/wasm/{sha256}.wasm  public: Envoy fetches modules
//	                                      from here without a token
//	POST /causeway/v1/wasm                a module body (at most 32 MiB),
//	                                      for sites without registry
//	                                      access; answers {"url":
//	                                      "causeway://<sha256>","sha256"}
func DialectWithWasm(x XDS, gatherer prometheus.Gatherer, modules Modules) httpx.Dialect {
	d := Dialect(x, gatherer)
	if modules != nil {
		w := newWasmHandler(modules, MaxConcurrentUploads, UploadWait)
		d.Routes = append(d.Routes,
			httpx.Route{Pattern: "GET /causeway/v1/wasm/{file}", Handler: http.HandlerFunc(w.get), Public: true},
			httpx.Route{Pattern: "POST /causeway/v1/wasm", Handler: http.HandlerFunc(w.upload)},
		)
	}
	return d
}

type wasmHandler struct {
	m     Modules
	slots chan struct{} // one token per upload being read or stored
	wait  time.Duration
}

func newWasmHandler(m Modules, uploads int, wait time.Duration) *wasmHandler {
	return &wasmHandler{m: m, slots: make(chan struct{}, uploads), wait: wait}
}

// acquire takes an upload slot, waiting at most h.wait; it answers false
// when none came free (or the client went away).
func (h *wasmHandler) acquire(ctx context.Context) bool {
	t := time.NewTimer(h.wait)
	defer t.Stop()
	select {
	case h.slots <- struct{}{}:
		return true
	case <-t.C:
	case <-ctx.Done():
	}
	return false
}

func (h *wasmHandler) release() { <-h.slots }

func (h *wasmHandler) get(w http.ResponseWriter, r *http.Request) {
	sha, ok := strings.CutSuffix(r.PathValue("file"), ".wasm")
	if !ok {
		writeError(w, http.StatusNotFound, "modules are served as /causeway/v1/wasm/<sha256>.wasm")
		return
	}
	b, err := h.m.Module(sha)
	switch {
	case registry.KindOf(err) == registry.KindNotFound:
		writeError(w, http.StatusNotFound, "no module "+strconv.Quote(sha))
		return
	case err != nil:
		writeError(w, http.StatusInternalServerError, err.Error())
		return
	}
	w.Header().Set("Content-Type", "application/wasm")
	w.Header().Set("ETag", `"`+sha+`"`)
	w.Header().Set("Cache-Control", "public, max-age=31536000, immutable") // content-addressed
	http.ServeContent(w, r, "", time.Time{}, bytes.NewReader(b))
}

// uploadAnswer is the answer of an upload.
type uploadAnswer struct {
	URL    string `json:"url"`
	SHA256 string `json:"sha256"`
}

func (h *wasmHandler) upload(w http.ResponseWriter, r *http.Request) {
	if !h.acquire(r.Context()) {
		w.Header().Set("Retry-After", strconv.Itoa(int(h.wait/time.Second)+1))
		writeError(w, http.StatusServiceUnavailable, "too many module uploads in progress; retry later")
		return
	}
	defer h.release()
	b, err := io.ReadAll(http.MaxBytesReader(w, r.Body, MaxUpload))
	var tooLarge *http.MaxBytesError
	switch {
	case errors.As(err, &tooLarge):
		writeError(w, http.StatusRequestEntityTooLarge, "the module is larger than 32 MiB")
		return
	case err != nil:
		writeError(w, http.StatusBadRequest, "read the module: "+err.Error())
		return
	case len(b) == 0:
		writeError(w, http.StatusBadRequest, "the body must be a WASM module")
		return
	}
	sha, err := h.m.AddModule(r.Context(), b)
	if err != nil {
		writeRegistryError(w, err)
		return
	}
	httpx.WriteJSON(w, http.StatusOK, uploadAnswer{URL: "causeway://" + sha, SHA256: sha})
}
