package config

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/url"
	"strings"
	"sync"

	"github.com/causeway-dev/causeway/registry"
	"github.com/causeway-dev/causeway/registry/feed"
	"github.com/causeway-dev/causeway/registry/store"
)

// A beta (Nacos's "beta gray release") is a second content of a config
// that only the listed client IPs see: their reads, long polls and gRPC
// queries and listens answer it instead of the formal config until the
// beta is stopped. It is stored beside the config, under its own prefix,
// so the formal config, its history and its id are untouched.
const betaPrefix = Prefix + "beta/"

func betaKey(k Key) string { return betaPrefix + keyPath(k) }

// maxBetaIPs bounds the betaIps list, as Nacos's beta_ips column does
// (varchar(1024)).
const maxBetaIPs = 1024

// Beta is the beta content of one config.
type Beta struct {
	Key
	// ID is the revision that created the beta's record (betas stored
	// before had one picked by nextNID, which two nodes could share).
	ID         int64    `json:"id"`
	Content    string   `json:"content"`
	MD5        string   `json:"md5"`
	Type       string   `json:"type"`
	AppName    string   `json:"appName,omitempty"`
	SrcUser    string   `json:"srcUser,omitempty"`
	ConfigTags string   `json:"configTags,omitempty"`
	Desc       string   `json:"desc,omitempty"`
	IPs        []string `json:"betaIps"`
	CreatedAt  int64    `json:"createdAt"`
	ModifiedAt int64    `json:"modifiedAt"`
	Blob       *BlobRef `json:"blob,omitempty"`
	Revision   int64    `json:"-"`
}

// BetaIPs answers the listed IPs as Nacos writes them: comma separated.
func (b *Beta) BetaIPs() string { return strings.Join(b.IPs, ",") }

// Serves answers whether a client at ip sees the beta.
func (b *Beta) Serves(ip string) bool {
	if b == nil || ip == "" {
		return false
	}
	for _, x := range b.IPs {
		if x == ip {
			return true
		}
	}
	return false
}

// asConfig is the config a beta client sees.
func (b *Beta) asConfig(formal *Config) *Config {
	c := &Config{Key: b.Key, ID: b.ID, Content: b.Content, MD5: b.MD5, Type: b.Type, AppName: b.AppName,
		SrcUser: b.SrcUser, ConfigTags: b.ConfigTags, Desc: b.Desc, CreatedAt: b.CreatedAt, ModifiedAt: b.ModifiedAt}
	if formal != nil {
		c.ID = formal.ID
	}
	return c
}

// ParseBetaIPs reads a comma-separated betaIps value; blanks are dropped
// and duplicates kept once. Empty is invalid: a beta must list someone.
func ParseBetaIPs(s string) ([]string, error) {
	if len(s) > maxBetaIPs {
		return nil, invalid("betaIps", "betaIps is too long, at most %d characters", maxBetaIPs)
	}
	var out []string
	seen := map[string]bool{}
	for _, p := range strings.Split(s, ",") {
		p = strings.TrimSpace(p)
		if p == "" || seen[p] {
			continue
		}
		seen[p] = true
		out = append(out, p)
	}
	if len(out) == 0 {
		return nil, invalid("betaIps", "betaIps is empty")
	}
	return out, nil
}

// PublishBeta creates or replaces the beta of a config for the IPs listed
// in betaIps (comma separated). The formal config need not exist. Nothing
// is written when the input is invalid.
func (s *Service) PublishBeta(ctx context.Context, in PublishInput, betaIPs string) (*Beta, error) {
	if err := ValidateKey(in.Tenant, in.Group, in.DataID); err != nil {
		return nil, err
	}
	if err := validatePublish(in, s.opts.MaxContentBytes); err != nil {
		return nil, err
	}
	ips, err := ParseBetaIPs(betaIPs)
	if err != nil {
		return nil, err
	}
	k := NewKey(in.Tenant, in.Group, in.DataID)
	var ref *BlobRef
	if len(in.Content) > inlineMax {
		ref = blobOf(in.Content)
		if err := s.storeBlob(ctx, in.Content, ref); err != nil {
			return nil, err
		}
	}
	for range maxAttempts {
		old := s.betas.get(k)
		now := s.opts.Now().UnixMilli()
		// A new beta has no id yet: the view names it by the revision that
		// created its record, which no other node can also pick.
		b := &Beta{Key: k, Content: in.Content, MD5: MD5Hex(in.Content), Type: normalizeType(in.Type),
			AppName: in.AppName, SrcUser: in.SrcUser, ConfigTags: in.ConfigTags, Desc: in.Desc, IPs: ips,
			CreatedAt: now, ModifiedAt: now, Blob: ref}
		var oldRev int64
		if old != nil {
			oldRev, b.ID, b.CreatedAt = old.Revision, old.ID, old.CreatedAt
		}
		ok, err := s.commitBeta(ctx, k, oldRev, store.Put(betaKey(k), encodeBeta(b)))
		if err != nil {
			return nil, err
		}
		if ok {
			return s.betas.get(k), nil
		}
	}
	return nil, registry.Conflict("publish beta config")
}

// StopBeta ends the beta of a config: its clients see the formal config
// again (and their listeners are told). Stopping a config without a beta
// succeeds and writes nothing, as in Nacos.
func (s *Service) StopBeta(ctx context.Context, tenant, group, dataID string) error {
	if err := ValidateKey(tenant, group, dataID); err != nil {
		return err
	}
	k := NewKey(tenant, group, dataID)
	for range maxAttempts {
		old := s.betas.get(k)
		if old == nil {
			return nil
		}
		ok, err := s.commitBeta(ctx, k, old.Revision, store.Delete(betaKey(k)))
		if err != nil || ok {
			return err
		}
	}
	return registry.Conflict("stop beta config")
}

// GetBeta answers the beta of a config; KindNotFound when it has none.
func (s *Service) GetBeta(tenant, group, dataID string) (*Beta, error) {
	if err := ValidateKey(tenant, group, dataID); err != nil {
		return nil, err
	}
	b := s.betas.get(NewKey(tenant, group, dataID))
	if b == nil {
		return nil, registry.Errorf(registry.KindNotFound, "Config is not in beta.")
	}
	return b, nil
}

// GetFor answers a config as a client at clientIP sees it: the beta when
// the config has one listing clientIP (beta true), else the formal config;
// KindNotFound when neither applies.
func (s *Service) GetFor(clientIP, tenant, group, dataID string) (c *Config, beta bool, err error) {
	if err := ValidateKey(tenant, group, dataID); err != nil {
		return nil, false, err
	}
	k := NewKey(tenant, group, dataID)
	formal := s.view.get(k)
	if b := s.betas.get(k); b.Serves(clientIP) {
		return b.asConfig(formal), true, nil
	}
	if formal == nil {
		return nil, false, registry.Errorf(registry.KindNotFound, "config data not exist")
	}
	return formal, false, nil
}

// MD5For answers the md5 of k as a client at clientIP sees it, "" when
// there is nothing to see.
func (s *Service) MD5For(clientIP string, k Key) string {
	if b := s.betas.get(k); b.Serves(clientIP) {
		return b.MD5
	}
	return s.view.md5Of(k)
}

func (s *Service) commitBeta(ctx context.Context, k Key, oldRev int64, op store.Op) (bool, error) {
	res, err := s.st.Commit(ctx, store.Txn{If: []store.Cmp{store.Unchanged(betaKey(k), oldRev)}, Then: []store.Op{op}})
	if err != nil {
		return false, registry.Errorf(registry.KindInternal, "store: %v", err)
	}
	if !res.Succeeded {
		return false, s.betas.catchUp(ctx, s.st, k)
	}
	if err := s.betas.applied.Wait(ctx, res.Revision); err != nil {
		return false, fmt.Errorf("wait for beta view: %w", err)
	}
	return true, nil
}

func encodeBeta(b *Beta) []byte {
	if b.Blob != nil {
		cp := *b
		cp.Content = ""
		return mustJSON(&cp)
	}
	return mustJSON(b)
}

func parseBetaKey(s string) (Key, bool) {
	rest, ok := strings.CutPrefix(s, betaPrefix)
	if !ok {
		return Key{}, false
	}
	parts := strings.Split(rest, "/")
	if len(parts) != 3 {
		return Key{}, false
	}
	var out [3]string
	for i, p := range parts {
		v, err := url.PathUnescape(p)
		if err != nil {
			return Key{}, false
		}
		out[i] = v
	}
	return Key{Tenant: out[0], Group: out[1], DataID: out[2]}, true
}

// betaView is the in-memory copy of every beta. A change of a beta is a
// change of its config for the feed: long polls and gRPC listeners wake
// and compare the md5 their client sees.
type betaView struct {
	log     *slog.Logger
	changes *feed.Feed[Key]
	st      store.Store

	mu    sync.RWMutex
	betas map[Key]*Beta

	applied store.Watermark
}

func newBetaView(log *slog.Logger, changes *feed.Feed[Key], st store.Store) *betaView {
	return &betaView{log: log, changes: changes, st: st, betas: map[Key]*Beta{}}
}

func (v *betaView) get(k Key) *Beta {
	v.mu.RLock()
	defer v.mu.RUnlock()
	return v.betas[k]
}

func (v *betaView) Load(kvs []store.KV, rev int64) {
	next := map[Key]*Beta{}
	for _, kv := range kvs {
		if b := v.decode(kv); b != nil {
			next[b.Key] = b
		}
	}
	v.mu.Lock()
	changed := map[Key]struct{}{}
	for k, b := range v.betas {
		if n := next[k]; n == nil || n.MD5 != b.MD5 || n.BetaIPs() != b.BetaIPs() {
			changed[k] = struct{}{}
		}
	}
	for k := range next {
		if v.betas[k] == nil {
			changed[k] = struct{}{}
		}
	}
	v.betas = next
	v.mu.Unlock()
	v.applied.Advance(rev)
	v.changes.Publish(changed)
}

func (v *betaView) Apply(events []store.Event) {
	var rev int64
	changed := map[Key]struct{}{}
	type change struct {
		k Key
		b *Beta
	}
	var todo []change
	for _, ev := range events {
		rev = max(rev, ev.KV.ModRevision)
		k, ok := parseBetaKey(ev.KV.Key)
		if !ok {
			continue
		}
		var b *Beta
		if ev.Type != store.EventDelete {
			if b = v.decode(ev.KV); b == nil {
				continue
			}
		}
		todo = append(todo, change{k, b})
	}
	v.mu.Lock()
	for _, ch := range todo {
		changed[ch.k] = struct{}{}
		if ch.b == nil {
			delete(v.betas, ch.k)
		} else {
			v.betas[ch.k] = ch.b
		}
	}
	v.mu.Unlock()
	v.applied.Advance(rev)
	v.changes.Publish(changed)
}

func (v *betaView) decode(kv store.KV) *Beta {
	if _, ok := parseBetaKey(kv.Key); !ok {
		return nil
	}
	var b Beta
	err := json.Unmarshal(kv.Value, &b)
	if err == nil && b.Blob != nil {
		if have := v.get(b.Key); have != nil && have.Blob != nil && *have.Blob == *b.Blob {
			b.Content = have.Content
		} else {
			b.Content, err = loadBlob(context.Background(), v.st, b.Blob)
		}
	}
	if err != nil {
		v.log.Error("skipping unreadable beta config", "key", kv.Key, "err", err)
		return nil
	}
	b.Revision = kv.ModRevision
	if b.ID == 0 {
		b.ID = kv.CreateRevision
	}
	return &b
}

// catchUp waits until the view shows k as the store has it now.
func (v *betaView) catchUp(ctx context.Context, st store.Store, k Key) error {
	for {
		ch := v.applied.Next()
		var want int64
		kv, err := st.Get(ctx, betaKey(k))
		switch {
		case err == nil:
			want = kv.ModRevision
		case !errors.Is(err, store.ErrNotFound):
			return registry.Errorf(registry.KindInternal, "store: %v", err)
		}
		var have int64
		if b := v.get(k); b != nil {
			have = b.Revision
		}
		if have == want {
			return nil
		}
		select {
		case <-ch:
		case <-ctx.Done():
			return fmt.Errorf("wait for beta view: %w", ctx.Err())
		}
	}
}
