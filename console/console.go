package console

import (
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"fmt"
	"io/fs"
	"mime"
	"net/http"
	"path"

	"github.com/causeway-dev/causeway/api/httpx"
)

//go:embed dist
var dist embed.FS

// Prefix is where the console is served.
const Prefix = "/console/"

// asset is one built file, read once at start.
type asset struct {
	body        []byte
	contentType string
	etag        string
}

// Dialect answers the console's routes, all public. /console redirects to
// /console/ so that the page's relative asset paths resolve.
func Dialect() (httpx.Dialect, error) {
	assets, err := load(dist)
	if err != nil {
		return httpx.Dialect{}, err
	}
	h := &handler{assets: assets}
	return httpx.Dialect{Name: "console", Routes: []httpx.Route{
		{Pattern: "GET /console", Handler: http.RedirectHandler(Prefix, http.StatusMovedPermanently), Public: true},
		{Pattern: "GET " + Prefix, Handler: h, Public: true},
	}}, nil
}

// load reads every file of the build with its type and a content hash as
// its ETag (embedded files have no modification time to revalidate by).
func load(fsys fs.FS) (map[string]asset, error) {
	sub, err := fs.Sub(fsys, "dist")
	if err != nil {
		return nil, fmt.Errorf("console: %w", err)
	}
	assets := map[string]asset{}
	err = fs.WalkDir(sub, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		body, err := fs.ReadFile(sub, p)
		if err != nil {
			return err
		}
		sum := sha256.Sum256(body)
		ct := mime.TypeByExtension(path.Ext(p))
		if ct == "" {
			ct = "application/octet-stream"
		}
		assets[p] = asset{body: body, contentType: ct, etag: `"` + hex.EncodeToString(sum[:8]) + `"`}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("console: read the embedded build: %w", err)
	}
	if _, ok := assets["index.html"]; !ok {
		return nil, fmt.Errorf("console: the embedded build has no index.html (run make console)")
	}
	return assets, nil
}
