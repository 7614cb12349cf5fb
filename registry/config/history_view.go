package config

import (
	"bytes"
	"context"
	"encoding/json"
	"strings"

	"github.com/causeway-dev/causeway/registry"
)

// PublishTypeFormal is the publish_type of every record: Causeway keeps no
// gray (beta/tag) history.
const PublishTypeFormal = "formal"

// ExtInfo is the record's ext_info as Nacos 2.5.1 writes it: for an insert
// the publish's own fields (src_user first, the publisher), for an update or
// a delete the fields of the config as it was (its own src_user). Blank
// fields are left out; "" when nothing is left, which Nacos cannot record.
func (h *History) ExtInfo() string {
	var fields [][2]string
	add := func(k, v string) {
		if v != "" {
			fields = append(fields, [2]string{k, v})
		}
	}
	if h.Op == OpInsert {
		add("src_user", h.SrcUser)
		add("type", h.Type)
		add("config_tags", h.ConfigTags)
	} else {
		add("type", h.Type)
		add("config_tags", h.ConfigTags)
		add("src_user", h.ConfigUser)
	}
	add("c_desc", h.Desc)
	if len(fields) == 0 {
		return ""
	}
	// Jackson's compact output, which escapes no HTML characters.
	var b bytes.Buffer
	b.WriteByte('{')
	for i, f := range fields {
		if i > 0 {
			b.WriteByte(',')
		}
		b.Write(jsonString(f[0]))
		b.WriteByte(':')
		b.Write(jsonString(f[1]))
	}
	b.WriteByte('}')
	return b.String()
}

func jsonString(s string) []byte {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(s) // a string always encodes
	return bytes.TrimSuffix(b.Bytes(), []byte("\n"))
}

// errHistoryNotYours is HistoryService's refusal of a record that belongs
// to another config than the one named.
func errHistoryNotYours() error {
	return registry.Errorf(registry.KindForbidden, "Please check dataId, group or namespaceId.")
}

// HistoryFor answers record nid if it belongs to the config named, as
// Nacos's HistoryService checks; an unknown nid is (nil, nil), Nacos's null.
func (s *Service) HistoryFor(ctx context.Context, tenant, group, dataID string, nid int64) (*History, error) {
	h, err := s.GetHistory(ctx, nid)
	return owned(h, err, tenant, group, dataID)
}

// PreviousFor is PreviousHistory with the same check and null.
func (s *Service) PreviousFor(ctx context.Context, tenant, group, dataID string, id int64) (*History, error) {
	h, err := s.PreviousHistory(ctx, id)
	return owned(h, err, tenant, group, dataID)
}

func owned(h *History, err error, tenant, group, dataID string) (*History, error) {
	if registry.KindOf(err) == registry.KindNotFound {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	if h.DataID != dataID || h.Group != group || h.Tenant != NormalizeTenant(strings.TrimSpace(tenant)) {
		return nil, errHistoryNotYours()
	}
	return h, nil
}
