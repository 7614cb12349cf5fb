package plugin

import (
	"archive/tar"
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"path"
	"strings"
	"time"

	"github.com/google/go-containerregistry/pkg/authn"
	"github.com/google/go-containerregistry/pkg/name"
	v1 "github.com/google/go-containerregistry/pkg/v1"
	"github.com/google/go-containerregistry/pkg/v1/remote"
	"github.com/google/go-containerregistry/pkg/v1/types"
)

// Defaults of a Fetcher.
const (
	DefaultFetchTimeout = 60 * time.Second
	// MaxModuleSize bounds a module, fetched or uploaded.
	MaxModuleSize = 32 << 20
)

// Layer media types of OCI WASM images. WasmLayerType is the one of the
// OCI spec variant Istio and Higress push (one or two layers, config
// application/vnd.module.wasm.config.v1+json); the others are those of
// wasm-to-oci and of the CNCF wasm artifact layout.
const (
	WasmLayerType       = "application/vnd.module.wasm.content.layer.v1+wasm"
	wasmToOCILayerType  = "application/vnd.wasm.content.layer.v1+wasm"
	wasmArtifactLayer   = "application/wasm"
	compatModuleName    = "plugin.wasm"
	maxCompatLayerBytes = 4 * MaxModuleSize // what a compat layer's tar may hold in all
)

// Fetcher gets a module's bytes from where its URL says. It is called on
// plugin create and update only, never while Envoy waits.
type Fetcher interface {
	Fetch(ctx context.Context, rawURL string, secret *PullSecret) ([]byte, error)
}

// FetcherOptions tune NewFetcher.
type FetcherOptions struct {
	// Timeout bounds one fetch, all requests included; 0 is
	// DefaultFetchTimeout.
	Timeout time.Duration
	// MaxSize bounds a module; 0 is MaxModuleSize.
	MaxSize int64
	// Allow names the internal addresses (loopback, private, link-local,
	// ...) a fetch may reach; nil allows none. Public addresses are always
	// allowed.
	Allow *FetchAllow
	// TLS configures https and OCI registry connections; nil is the
	// system's roots (tests give an httptest TLS server's).
	TLS *tls.Config
	// Resolver and Dial replace name resolution and the connection to a
	// checked address; nil is the system's. Tests use them to make a
	// public-looking name reach a local test server.
	Resolver Resolver
	Dial     Dialer
}

// MaxRedirects bounds the redirects one fetch follows, OCI registries'
// blob redirects included; each target is checked like the first.
const MaxRedirects = 3

// NewFetcher answers the fetcher of http, https and oci URLs.
//
// http(s): a GET that must answer 200; the pull secret's credentials for
// the host, if any, go as HTTP Basic auth.
//
// oci://registry/repository[:tag|@digest] (tag latest when none): the
// image (the first image of an index) must hold the module either as a
// layer of a WASM media type (WasmLayerType, wasm-to-oci's, application/
// wasm), or, the "compat" variant of Istio and Higress, as plugin.wasm
// (else the only *.wasm file) at the root of a tar layer, gzip or not.
// Registries on localhost and private addresses are spoken to over plain
// HTTP, others over HTTPS (go-containerregistry's rule); the pull secret's
// credentials for the registry host are used for its token or Basic auth.
//
// Every connection, redirects' and registries' token realms included, is
// made by a guard that refuses internal addresses opts.Allow does not
// name (fetch_dial.go); a fetch follows at most MaxRedirects redirects.
func NewFetcher(opts FetcherOptions) Fetcher {
	if opts.Timeout <= 0 {
		opts.Timeout = DefaultFetchTimeout
	}
	if opts.MaxSize <= 0 {
		opts.MaxSize = MaxModuleSize
	}
	return &fetcher{opts: opts, transport: guardedTransport(opts)}
}

type fetcher struct {
	opts      FetcherOptions
	transport *http.Transport
}

// guardedTransport is http.DefaultTransport's settings with every
// connection made by a guard and no proxy: a proxy would connect to
// targets the guard never sees.
func guardedTransport(opts FetcherOptions) *http.Transport {
	t := http.DefaultTransport.(*http.Transport).Clone()
	t.Proxy = nil
	t.DialContext = (&guard{allow: opts.Allow, resolve: opts.Resolver, dial: opts.Dial}).DialContext
	if opts.TLS != nil {
		t.TLSClientConfig = opts.TLS.Clone()
	}
	return t
}

func (f *fetcher) Fetch(ctx context.Context, rawURL string, secret *PullSecret) ([]byte, error) {
	ctx, cancel := context.WithTimeout(ctx, f.opts.Timeout)
	defer cancel()
	u, err := url.Parse(rawURL)
	if err != nil {
		return nil, err
	}
	rt := newRedirectCap(f.transport)
	switch u.Scheme {
	case SchemeHTTP, SchemeHTTPS:
		return f.fetchHTTP(ctx, rt, u, secret)
	case SchemeOCI:
		return f.fetchOCI(ctx, rt, rawURL, secret)
	}
	return nil, fmt.Errorf("cannot fetch %s URLs", u.Scheme)
}

func (f *fetcher) fetchHTTP(ctx context.Context, rt http.RoundTripper, u *url.URL, secret *PullSecret) ([]byte, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u.String(), nil)
	if err != nil {
		return nil, err
	}
	if user, pass, ok := secret.For(u.Host); ok {
		req.SetBasicAuth(user, pass)
	}
	// Fetching the module URL a user gave is the point of this fetcher.
	resp, err := (&http.Client{Transport: rt}).Do(req) //nolint:gosec // G704: the plugin's own url
	if err != nil {
		return nil, err
	}
	defer func() { _ = resp.Body.Close() }()
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("GET %s answered %s", u.Redacted(), resp.Status)
	}
	if resp.ContentLength > f.opts.MaxSize {
		return nil, tooLarge(f.opts.MaxSize)
	}
	return readCapped(resp.Body, f.opts.MaxSize)
}

func tooLarge(limit int64) error {
	return fmt.Errorf("the module is larger than %d bytes", limit)
}

// readCapped reads r whole, failing when it holds more than limit bytes.
func readCapped(r io.Reader, limit int64) ([]byte, error) {
	b, err := io.ReadAll(io.LimitReader(r, limit+1))
	if err != nil {
		return nil, err
	}
	if int64(len(b)) > limit {
		return nil, tooLarge(limit)
	}
	return b, nil
}

// parseOCIRef parses oci://registry/repository[:tag|@digest].
func parseOCIRef(rawURL string) (name.Reference, error) {
	ref, ok := strings.CutPrefix(rawURL, SchemeOCI+"://")
	if !ok || ref == "" || !strings.Contains(ref, "/") {
		return nil, errors.New("a registry host and a repository are required")
	}
	return name.ParseReference(ref, name.StrictValidation)
}

// ociAuth answers the credentials of secret for the registry.
type ociAuth struct{ secret *PullSecret }

func (a ociAuth) Resolve(res authn.Resource) (authn.Authenticator, error) {
	if user, pass, ok := a.secret.For(res.RegistryStr()); ok {
		return authn.FromConfig(authn.AuthConfig{Username: user, Password: pass}), nil
	}
	return authn.Anonymous, nil
}

func (f *fetcher) fetchOCI(ctx context.Context, rt http.RoundTripper, rawURL string, secret *PullSecret) ([]byte, error) {
	ref, err := parseOCIRef(rawURL)
	if err != nil {
		return nil, err
	}
	opts := []remote.Option{remote.WithContext(ctx), remote.WithTransport(rt),
		remote.WithAuthFromKeychain(ociAuth{secret})}
	desc, err := remote.Get(ref, opts...)
	if err != nil {
		return nil, err
	}
	img, err := pickImage(desc)
	if err != nil {
		return nil, err
	}
	m, err := img.Manifest()
	if err != nil {
		return nil, err
	}
	for _, l := range m.Layers {
		switch string(l.MediaType) {
		case WasmLayerType, wasmToOCILayerType, wasmArtifactLayer:
			return f.readLayer(img, l)
		}
	}
	// The compat variant: plugin.wasm in a tar layer, the last layer first.
	for i := len(m.Layers) - 1; i >= 0; i-- {
		if !isTarLayer(m.Layers[i].MediaType) {
			continue
		}
		b, err := f.moduleInTar(img, m.Layers[i])
		if err != nil || b != nil {
			return b, err
		}
	}
	return nil, fmt.Errorf("the image %s holds no WASM module (no %s layer, no plugin.wasm in a tar layer)", ref, WasmLayerType)
}

// pickImage answers the image of desc, the first image of an index.
func pickImage(desc *remote.Descriptor) (v1.Image, error) {
	if !desc.MediaType.IsIndex() {
		return desc.Image()
	}
	idx, err := desc.ImageIndex()
	if err != nil {
		return nil, err
	}
	im, err := idx.IndexManifest()
	if err != nil {
		return nil, err
	}
	for _, d := range im.Manifests {
		if d.MediaType.IsImage() {
			return idx.Image(d.Digest)
		}
	}
	return nil, errors.New("the image index holds no image")
}

func isTarLayer(mt types.MediaType) bool {
	switch mt {
	case types.DockerLayer, types.DockerUncompressedLayer, types.OCILayer, types.OCIUncompressedLayer,
		types.OCIRestrictedLayer, types.OCIUncompressedRestrictedLayer:
		return true
	}
	return false
}

func (f *fetcher) readLayer(img v1.Image, d v1.Descriptor) ([]byte, error) {
	if d.Size > f.opts.MaxSize {
		return nil, tooLarge(f.opts.MaxSize)
	}
	l, err := img.LayerByDigest(d.Digest)
	if err != nil {
		return nil, err
	}
	rc, err := l.Compressed() // the blob as stored, checked against its digest
	if err != nil {
		return nil, err
	}
	defer func() { _ = rc.Close() }()
	return readCapped(rc, f.opts.MaxSize)
}

// moduleInTar answers plugin.wasm (else the only *.wasm file) at the root
// of a tar layer; nil when the layer has none.
func (f *fetcher) moduleInTar(img v1.Image, d v1.Descriptor) ([]byte, error) {
	l, err := img.LayerByDigest(d.Digest)
	if err != nil {
		return nil, err
	}
	rc, err := l.Uncompressed() // gunzips (or not) as the blob says
	if err != nil {
		return nil, err
	}
	defer func() { _ = rc.Close() }()
	tr := tar.NewReader(io.LimitReader(rc, maxCompatLayerBytes))
	var only []byte
	wasmFiles := 0
	for {
		h, err := tr.Next()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("read the layer %s: %w", d.Digest, err)
		}
		if h.Typeflag != tar.TypeReg {
			continue
		}
		p := strings.TrimPrefix(path.Clean("/"+h.Name), "/")
		if strings.Contains(p, "/") || !strings.HasSuffix(p, ".wasm") {
			continue
		}
		if h.Size > f.opts.MaxSize {
			return nil, tooLarge(f.opts.MaxSize)
		}
		b, err := readCapped(tr, f.opts.MaxSize)
		if err != nil {
			return nil, err
		}
		if p == compatModuleName {
			return b, nil
		}
		only = b
		wasmFiles++
	}
	if wasmFiles == 1 {
		return only, nil
	}
	return nil, nil
}
