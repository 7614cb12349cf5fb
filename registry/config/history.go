package config

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"sort"

	"github.com/causeway-dev/causeway/registry"
	"github.com/causeway-dev/causeway/registry/store"
)

// MaxPageSize bounds a history page: Nacos lowers a larger pageSize to it.
const MaxPageSize = 500

// HistoryPage is one page of a config's history, newest first.
type HistoryPage struct {
	TotalCount     int
	PageNumber     int
	PagesAvailable int
	Items          []*History
}

// ListHistory answers a page of one config's history, newest first. It
// reads the store: history is not kept in memory. Items carry no content
// (Nacos's list shows none, and a page of large ones would be huge):
// GetHistory has it. A pageSize over
// MaxPageSize is lowered to it; pageNo and pageSize must be positive.
func (s *Service) ListHistory(ctx context.Context, tenant, group, dataID string, pageNo, pageSize int) (*HistoryPage, error) {
	if err := ValidateKey(tenant, group, dataID); err != nil {
		return nil, err
	}
	pageSize = min(pageSize, MaxPageSize)
	if pageNo < 1 || pageSize < 1 {
		return nil, invalid("pageNo", "pageNo and pageSize must be greater than zero")
	}
	all, err := s.historyOf(ctx, NewKey(tenant, group, dataID))
	if err != nil {
		return nil, err
	}
	page := &HistoryPage{TotalCount: len(all), PageNumber: pageNo,
		PagesAvailable: (len(all) + pageSize - 1) / pageSize, Items: []*History{}}
	if from := (pageNo - 1) * pageSize; from < len(all) {
		page.Items = all[from:min(from+pageSize, len(all))]
	}
	for _, h := range page.Items {
		h.Content = ""
	}
	return page, nil
}

// historyOf answers every record of k, newest first.
func (s *Service) historyOf(ctx context.Context, k Key) ([]*History, error) {
	kvs, _, err := s.st.List(ctx, historyPrefixOf(k))
	if err != nil {
		return nil, registry.Errorf(registry.KindInternal, "store: %v", err)
	}
	out := make([]*History, 0, len(kvs))
	for _, kv := range kvs {
		h, err := decodeHistory(kv.Value)
		if err != nil {
			s.log.Error("skipping unreadable history record", "key", kv.Key, "err", err)
			continue
		}
		out = append(out, h)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].NID > out[j].NID })
	return out, nil
}

// GetHistory answers one record by nid; KindNotFound when there is none.
func (s *Service) GetHistory(ctx context.Context, nid int64) (*History, error) {
	ptr, err := s.st.Get(ctx, nidKey(nid))
	if errors.Is(err, store.ErrNotFound) {
		return nil, registry.Errorf(registry.KindNotFound, "history not found")
	}
	if err != nil {
		return nil, registry.Errorf(registry.KindInternal, "store: %v", err)
	}
	kv, err := s.st.Get(ctx, string(ptr.Value))
	if errors.Is(err, store.ErrNotFound) {
		return nil, registry.Errorf(registry.KindNotFound, "history not found")
	}
	if err != nil {
		return nil, registry.Errorf(registry.KindInternal, "store: %v", err)
	}
	h, err := decodeHistory(kv.Value)
	if err != nil {
		return nil, err
	}
	return h, s.fillHistory(ctx, h)
}

// fillHistory reads the content of a record whose content is a blob.
func (s *Service) fillHistory(ctx context.Context, h *History) error {
	if h.Blob == nil {
		return nil
	}
	content, err := loadBlob(ctx, s.st, h.Blob)
	if err != nil {
		return registry.Errorf(registry.KindInternal, "%v", err)
	}
	h.Content = content
	return nil
}

// PreviousHistory answers the newest record of the config with id (a
// Config.ID): the state before its last change, which a rollback restores.
// This is Nacos's detailPreviousConfigHistory.
func (s *Service) PreviousHistory(ctx context.Context, id int64) (*History, error) {
	ptr, err := s.st.Get(ctx, cidKey(id))
	if errors.Is(err, store.ErrNotFound) {
		return nil, registry.Errorf(registry.KindNotFound, "history not found")
	}
	if err != nil {
		return nil, registry.Errorf(registry.KindInternal, "store: %v", err)
	}
	kvs, _, err := s.st.List(ctx, string(ptr.Value))
	if err != nil {
		return nil, registry.Errorf(registry.KindInternal, "store: %v", err)
	}
	for i := len(kvs) - 1; i >= 0; i-- { // key order is nid order: newest last
		h, err := decodeHistory(kvs[i].Value)
		if err == nil && h.ConfigID == id {
			return h, s.fillHistory(ctx, h)
		}
	}
	return nil, registry.Errorf(registry.KindNotFound, "history not found")
}

func decodeHistory(b []byte) (*History, error) {
	var h History
	if err := json.Unmarshal(b, &h); err != nil {
		return nil, fmt.Errorf("decode history: %w", err)
	}
	return &h, nil
}
