package plugin

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/causeway-dev/causeway/registry"
	"github.com/causeway-dev/causeway/registry/store"
)

// chunkSize is the size of a module's chunks in the store, half the
// store's value limit.
const chunkSize = store.MaxValueSize / 2

// manifest is a stored module's record: its size and chunk count.
type manifest struct {
	Size   int `json:"size"`
	Chunks int `json:"chunks"`
}

// AddModule verifies b as a proxy-wasm module (Verify), stores it and
// answers its sha256; storing a module already there changes nothing. It
// is how an air-gapped site uploads a module, then names it
// causeway://<sha256> in a plugin's url.
func (r *Registry) AddModule(ctx context.Context, b []byte) (string, error) {
	if len(b) > r.opts.MaxModuleSize {
		return "", invalid("module", "is larger than %d bytes", r.opts.MaxModuleSize)
	}
	if err := Verify(ctx, b); err != nil {
		return "", invalid("module", "%v", err)
	}
	sum := SHA256(b)
	if err := r.storeModule(ctx, sum, b); err != nil {
		return "", err
	}
	return sum, nil
}

// HasModule reports whether a module with this sha256 is stored.
func (r *Registry) HasModule(ctx context.Context, sha string) (bool, error) {
	_, err := r.st.Get(ctx, manifestKey(sha))
	switch {
	case err == nil:
		return true, nil
	case errors.Is(err, store.ErrNotFound):
		return false, nil
	}
	return false, registry.Errorf(registry.KindInternal, "store: %v", err)
}

// storeModule writes b's chunks, one transaction each (a module may be
// larger than one transaction should be), then its manifest. Chunks of a
// module whose manifest never got written are rewritten by the next try.
func (r *Registry) storeModule(ctx context.Context, sha string, b []byte) error {
	if ok, err := r.HasModule(ctx, sha); err != nil || ok {
		return err
	}
	n := 0
	for off := 0; off < len(b) || n == 0; off += chunkSize {
		end := min(off+chunkSize, len(b))
		txn := store.Txn{Then: []store.Op{store.Put(chunkKey(sha, n), b[off:end])}, Durability: store.Relaxed}
		if _, err := r.st.Commit(ctx, txn); err != nil {
			return registry.Errorf(registry.KindInternal, "store module %s: %v", sha, err)
		}
		n++
	}
	val, err := json.Marshal(manifest{Size: len(b), Chunks: n})
	if err != nil {
		return registry.Errorf(registry.KindInternal, "encode manifest: %v", err)
	}
	if _, err := r.st.Commit(ctx, store.Txn{Then: []store.Op{store.Put(manifestKey(sha), val)}}); err != nil {
		return registry.Errorf(registry.KindInternal, "store module %s: %v", sha, err)
	}
	return nil
}

// Module answers the stored module with this sha256 (64 lowercase hex
// digits); a KindNotFound error when there is none. The bytes are checked
// against the sha256 before they are answered.
func (r *Registry) Module(sha string) ([]byte, error) {
	if !ValidSHA256(sha) {
		return nil, registry.Errorf(registry.KindNotFound, "no module %q", sha)
	}
	ctx := context.Background()
	kv, err := r.st.Get(ctx, manifestKey(sha))
	if errors.Is(err, store.ErrNotFound) {
		return nil, registry.Errorf(registry.KindNotFound, "no module %s", sha)
	}
	if err != nil {
		return nil, registry.Errorf(registry.KindInternal, "store: %v", err)
	}
	var m manifest
	if err := json.Unmarshal(kv.Value, &m); err != nil || m.Size < 0 || m.Chunks < 1 {
		return nil, registry.Errorf(registry.KindInternal, "module %s: bad manifest %q", sha, kv.Value)
	}
	buf := bytes.NewBuffer(make([]byte, 0, m.Size))
	for n := range m.Chunks {
		c, err := r.st.Get(ctx, chunkKey(sha, n))
		if err != nil {
			return nil, registry.Errorf(registry.KindInternal, "module %s chunk %d: %v", sha, n, err)
		}
		buf.Write(c.Value)
	}
	b := buf.Bytes()
	if len(b) != m.Size || SHA256(b) != sha {
		return nil, registry.Errorf(registry.KindInternal, "module %s: the stored bytes do not match their sha256", sha)
	}
	return b, nil
}

// resolve makes sure p's module is stored and sets p.SHA256 to its
// sha256, fetching it when the pull policy and the store say so (see
// PullPolicy), then checks that the module takes p's configuration
// (checkConfig). prev is the plugin p replaces, nil on create. Every
// failure to get a good module, or a configuration the module refuses,
// is KindInvalid, naming the url, sha256 or pluginConfig; a fetched
// module is stored only once it passed both.
func (r *Registry) resolve(ctx context.Context, p *Plugin, prev *Plugin) error {
	if sha, ok := causewaySHA(p.URL); ok {
		has, err := r.HasModule(ctx, sha)
		if err != nil {
			return err
		}
		if !has {
			return invalid("url", "no module with sha256 %s was uploaded (POST /causeway/v1/wasm)", sha)
		}
		p.SHA256 = sha
		return r.checkConfig(ctx, p, nil)
	}
	if p.ImagePullPolicy != PullAlways {
		if p.SHA256 != "" {
			has, err := r.HasModule(ctx, p.SHA256)
			if err != nil {
				return err
			}
			if has {
				return r.checkConfig(ctx, p, nil)
			}
		} else if prev != nil && prev.URL == p.URL && prev.SHA256 != "" {
			has, err := r.HasModule(ctx, prev.SHA256)
			if err != nil {
				return err
			}
			if has {
				p.SHA256 = prev.SHA256
				return r.checkConfig(ctx, p, nil)
			}
		}
	}
	secret, err := ParsePullSecret(p.ImagePullSecret)
	if err != nil {
		return err
	}
	b, err := r.fetcher.Fetch(ctx, p.URL, secret)
	if err != nil {
		if ctx.Err() != nil {
			return fmt.Errorf("fetch %s: %w", redactURL(p.URL), ctx.Err())
		}
		return r.fetchFailed(p.URL, err)
	}
	sum := SHA256(b)
	if p.SHA256 != "" && p.SHA256 != sum {
		return invalid("sha256", "the module fetched from the url has sha256 %s, not %s", sum, p.SHA256)
	}
	if err := Verify(ctx, b); err != nil {
		return invalid("url", "%v", err)
	}
	p.SHA256 = sum
	if err := r.checkConfig(ctx, p, b); err != nil {
		return err
	}
	return r.storeModule(ctx, sum, b)
}

// checkConfig runs CheckConfig on p's module (b, else the stored module
// p.SHA256, read only when it is not compiled yet) and p.Config, the
// bytes Envoy hands the plugin (translate's buildPluginConfig passes them
// as a StringValue). A refusal is KindInvalid, naming pluginConfig (or
// the url when the module fails before its configuration matters).
func (r *Registry) checkConfig(ctx context.Context, p *Plugin, b []byte) error {
	load := func() ([]byte, error) {
		if b != nil {
			return b, nil
		}
		return r.Module(p.SHA256)
	}
	err := r.checker.check(ctx, p.SHA256, load, p.Config)
	var ce *ConfigError
	if errors.As(err, &ce) {
		return invalid(ce.Field, "%s", ce.Reason)
	}
	return err
}

func causewaySHA(u string) (string, bool) {
	const pre = SchemeCauseway + "://"
	if len(u) > len(pre) && u[:len(pre)] == pre {
		return u[len(pre):], true
	}
	return "", false
}
