package plugin

import (
	"archive/tar"
	"bytes"
	"context"
	"encoding/base64"
	"io"
	"log"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/google/go-containerregistry/pkg/authn"
	"github.com/google/go-containerregistry/pkg/name"
	ggcrregistry "github.com/google/go-containerregistry/pkg/registry"
	v1 "github.com/google/go-containerregistry/pkg/v1"
	"github.com/google/go-containerregistry/pkg/v1/empty"
	"github.com/google/go-containerregistry/pkg/v1/mutate"
	"github.com/google/go-containerregistry/pkg/v1/remote"
	"github.com/google/go-containerregistry/pkg/v1/static"
	"github.com/google/go-containerregistry/pkg/v1/tarball"
	"github.com/google/go-containerregistry/pkg/v1/types"
)

const (
	regUser = "puller"
	regPass = "S3cret-pw"
)

// ociRegistry is go-containerregistry's real registry in process; with
// auth it answers 401 with a Basic challenge to requests without the
// credentials.
func ociRegistry(t *testing.T, auth bool) string {
	t.Helper()
	h := ggcrregistry.New(ggcrregistry.Logger(log.New(io.Discard, "", 0)))
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if u, p, ok := r.BasicAuth(); auth && (!ok || u != regUser || p != regPass) {
			w.Header().Set("WWW-Authenticate", `Basic realm="test"`)
			http.Error(w, `{"errors":[{"code":"UNAUTHORIZED","message":"authentication required"}]}`, http.StatusUnauthorized)
			return
		}
		h.ServeHTTP(w, r)
	}))
	t.Cleanup(srv.Close)
	return strings.TrimPrefix(srv.URL, "http://")
}

func push(t *testing.T, host, repo string, img v1.Image) string {
	t.Helper()
	ref, err := name.ParseReference(host + "/" + repo)
	if err != nil {
		t.Fatal(err)
	}
	basic := authn.FromConfig(authn.AuthConfig{Username: regUser, Password: regPass})
	if err := remote.Write(ref, img, remote.WithAuth(basic)); err != nil {
		t.Fatal(err)
	}
	return "oci://" + host + "/" + repo
}

// wasmImage is the OCI spec variant: one layer of WasmLayerType.
func wasmImage(t *testing.T, module []byte) v1.Image {
	t.Helper()
	img, err := mutate.Append(empty.Image, mutate.Addendum{Layer: static.NewLayer(module, WasmLayerType), MediaType: WasmLayerType})
	if err != nil {
		t.Fatal(err)
	}
	img = mutate.MediaType(img, types.OCIManifestSchema1)
	return mutate.ConfigMediaType(img, "application/vnd.module.wasm.config.v1+json")
}

// tarLayer is a gzip-compressed tar layer holding files.
func tarLayer(t *testing.T, mt types.MediaType, files map[string][]byte) v1.Layer {
	t.Helper()
	var buf bytes.Buffer
	tw := tar.NewWriter(&buf)
	for n, b := range files {
		if err := tw.WriteHeader(&tar.Header{Name: n, Mode: 0o644, Size: int64(len(b)), Typeflag: tar.TypeReg}); err != nil {
			t.Fatal(err)
		}
		if _, err := tw.Write(b); err != nil {
			t.Fatal(err)
		}
	}
	if err := tw.Close(); err != nil {
		t.Fatal(err)
	}
	raw := buf.Bytes()
	l, err := tarball.LayerFromOpener(func() (io.ReadCloser, error) { return io.NopCloser(bytes.NewReader(raw)), nil },
		tarball.WithMediaType(mt))
	if err != nil {
		t.Fatal(err)
	}
	return l
}

// compatImage is the Istio/Higress compat variant: a Docker image whose
// last gzip-tar layer holds plugin.wasm, over a base layer.
func compatImage(t *testing.T, module []byte, mt types.MediaType) v1.Image {
	t.Helper()
	base := tarLayer(t, mt, map[string][]byte{"README": []byte("base layer")})
	top := tarLayer(t, mt, map[string][]byte{"plugin.wasm": module, "LICENSE": []byte("x")})
	img, err := mutate.AppendLayers(empty.Image, base, top)
	if err != nil {
		t.Fatal(err)
	}
	if mt == types.OCILayer {
		img = mutate.MediaType(img, types.OCIManifestSchema1)
	}
	return img
}

func fetch(t *testing.T, url, secret string) ([]byte, error) {
	t.Helper()
	ps, err := ParsePullSecret(secret)
	if err != nil {
		t.Fatal(err)
	}
	return NewFetcher(FetcherOptions{Allow: loopback(t)}).Fetch(context.Background(), url, ps)
}

func TestFetchHTTP(t *testing.T) {
	module := noop(t)
	var gotAuth string
	srv := httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		gotAuth = r.Header.Get("Authorization")
		if r.URL.Path != "/noop.wasm" {
			http.NotFound(w, r)
			return
		}
		_, _ = w.Write(module)
	}))
	defer srv.Close()
	tlsConf := srv.Client().Transport.(*http.Transport).TLSClientConfig
	f := NewFetcher(FetcherOptions{TLS: tlsConf, Allow: loopback(t)})
	secret, _ := ParsePullSecret(base64.StdEncoding.EncodeToString([]byte("u:p")))
	b, err := f.Fetch(context.Background(), srv.URL+"/noop.wasm", secret)
	if err != nil || !bytes.Equal(b, module) {
		t.Fatalf("fetch: %v (%d bytes)", err, len(b))
	}
	if gotAuth != "Basic "+base64.StdEncoding.EncodeToString([]byte("u:p")) {
		t.Fatalf("Authorization %q", gotAuth)
	}
	if _, err := f.Fetch(context.Background(), srv.URL+"/missing.wasm", nil); err == nil || !strings.Contains(err.Error(), "404") {
		t.Fatalf("missing module: %v", err)
	}
	small := NewFetcher(FetcherOptions{TLS: tlsConf, Allow: loopback(t), MaxSize: 1024})
	if _, err := small.Fetch(context.Background(), srv.URL+"/noop.wasm", nil); err == nil || !strings.Contains(err.Error(), "larger than 1024") {
		t.Fatalf("size cap: %v", err)
	}
}

func TestFetchOCI(t *testing.T) {
	module := noop(t)
	host := ociRegistry(t, false)
	cases := []struct {
		name string
		img  v1.Image
	}{
		{"single wasm layer", wasmImage(t, module)},
		{"docker compat two layers", compatImage(t, module, types.DockerLayer)},
		{"oci compat two layers", compatImage(t, module, types.OCILayer)},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			url := push(t, host, "plugins/"+strings.ReplaceAll(c.name, " ", "-")+":v1", c.img)
			b, err := fetch(t, url, "")
			if err != nil || !bytes.Equal(b, module) {
				t.Fatalf("fetch %s: %v (%d bytes)", url, err, len(b))
			}
			d, _ := c.img.Digest()
			byDigest := strings.TrimSuffix(url, ":v1") + "@" + d.String()
			if b, err := fetch(t, byDigest, ""); err != nil || !bytes.Equal(b, module) {
				t.Fatalf("fetch %s: %v", byDigest, err)
			}
		})
	}
	noWasm, err := mutate.AppendLayers(empty.Image, tarLayer(t, types.DockerLayer, map[string][]byte{"a.txt": []byte("x")}))
	if err != nil {
		t.Fatal(err)
	}
	url := push(t, host, "plugins/nowasm:v1", noWasm)
	if _, err := fetch(t, url, ""); err == nil || !strings.Contains(err.Error(), "holds no WASM module") {
		t.Fatalf("image without a module: %v", err)
	}
	if _, err := fetch(t, "oci://"+host+"/plugins/absent:v1", ""); err == nil {
		t.Fatal("fetched an absent image")
	}
}

func TestFetchOCIPullSecret(t *testing.T) {
	module := noop(t)
	host := ociRegistry(t, true)
	url := push(t, host, "private/noop:v1", wasmImage(t, module))
	userPass := base64.StdEncoding.EncodeToString([]byte(regUser + ":" + regPass))
	dockerCfg := `{"auths":{"` + host + `":{"auth":"` + userPass + `"}}}`
	cases := []struct {
		name, secret, wantErr string
	}{
		{"no secret", "", "UNAUTHORIZED"},
		{"wrong password", base64.StdEncoding.EncodeToString([]byte(regUser + ":nope")), "UNAUTHORIZED"},
		{"docker config of another host", `{"auths":{"other.example.com":{"auth":"` + userPass + `"}}}`, "UNAUTHORIZED"},
		{"base64 user:password", userPass, ""},
		{"docker config JSON", dockerCfg, ""},
		{"base64 docker config JSON", base64.StdEncoding.EncodeToString([]byte(dockerCfg)), ""},
		{"docker config username/password", `{"auths":{"http://` + host + `/v2/":{"username":"` + regUser + `","password":"` + regPass + `"}}}`, ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			b, err := fetch(t, url, c.secret)
			if c.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), c.wantErr) {
					t.Fatalf("err %v, want %q", err, c.wantErr)
				}
				return
			}
			if err != nil || !bytes.Equal(b, module) {
				t.Fatalf("fetch: %v", err)
			}
		})
	}
}

func TestParsePullSecretRefuses(t *testing.T) {
	for _, s := range []string{"not base64!", base64.StdEncoding.EncodeToString([]byte("no-colon")), `{"auths":`,
		`{"auths":{"h":{"auth":"%%%"}}}`, `{"auths":{"h":{}}}`} {
		if _, err := ParsePullSecret(s); err == nil {
			t.Errorf("%q was accepted", s)
		}
	}
}
