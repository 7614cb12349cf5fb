package config

import (
	"context"
	"slices"
	"strings"

	"github.com/causeway-dev/causeway/registry"
)

// The maintenance operations of Nacos 3's admin API that address configs
// by id or by namespace: batch delete, clone, metadata update and the
// listing of a namespace.

func errExists() error {
	return registry.Errorf(registry.KindConflict, "config already exists")
}

// ByID answers the config whose ID is id, nil when none has it. Ids are
// those a config got when it was first published (its insert's nid): they
// are stored with it and so survive restarts. 0 names nothing.
func (s *Service) ByID(id int64) *Config {
	if id == 0 {
		return nil
	}
	return s.view.byID(id)
}

// DeleteIDs deletes the configs with the given ids, recording each in the
// history as Delete does; unknown ids are skipped, as Nacos skips them.
func (s *Service) DeleteIDs(ctx context.Context, ids []int64, srcUser string) error {
	for _, id := range ids {
		c := s.ByID(id)
		if c == nil {
			continue
		}
		if err := s.Delete(ctx, c.Tenant, c.Group, c.DataID, srcUser); err != nil {
			return err
		}
	}
	return nil
}

// InNamespace answers every config of a namespace ("" is public), in id
// order.
func (s *Service) InNamespace(namespace string) []*Config {
	tenant := NormalizeTenant(strings.TrimSpace(namespace))
	var out []*Config
	s.view.each(func(c *Config) {
		if c.Tenant == tenant {
			out = append(out, c)
		}
	})
	sortByID(out)
	return out
}

func sortByID(cs []*Config) {
	slices.SortFunc(cs, func(a, b *Config) int {
		if a.ID != b.ID {
			return cmpInt(a.ID, b.ID)
		}
		return strings.Compare(keyPath(a.Key), keyPath(b.Key))
	})
}

// UpdateMetadata replaces a config's description and tags, keeping its
// content, type and app; it is recorded in the history as an update.
// KindNotFound when the config does not exist.
func (s *Service) UpdateMetadata(ctx context.Context, tenant, group, dataID, desc, tags, srcUser string) (*Config, error) {
	for range maxAttempts {
		old, err := s.Get(tenant, group, dataID)
		if err != nil {
			return nil, err
		}
		c, err := s.Publish(ctx, PublishInput{Tenant: tenant, Group: group, DataID: dataID, Content: old.Content,
			Type: old.Type, AppName: old.AppName, SrcUser: srcUser, ConfigTags: tags, Desc: desc, CasMD5: old.MD5})
		if registry.KindOf(err) == registry.KindConflict {
			continue // the content changed meanwhile: take the new one
		}
		return c, err
	}
	return nil, registry.Conflict("update config metadata")
}

// SamePolicy is what a clone does with a target that exists (Nacos's
// SameConfigPolicy).
type SamePolicy string

// The policies.
const (
	PolicyAbort     SamePolicy = "ABORT"
	PolicySkip      SamePolicy = "SKIP"
	PolicyOverwrite SamePolicy = "OVERWRITE"
)

// ParsePolicy reads a policy as Spring binds the enum: its exact name.
func ParsePolicy(s string) (SamePolicy, bool) {
	switch p := SamePolicy(s); p {
	case PolicyAbort, PolicySkip, PolicyOverwrite:
		return p, true
	}
	return "", false
}

// CloneItem names a config to clone by id, with an optional new group and
// dataId (blank keeps the source's).
type CloneItem struct {
	ConfigID int64
	Group    string
	DataID   string
}

// CloneResult is what a clone did, as Nacos's batchInsertOrUpdate counts.
type CloneResult struct {
	Succ, Skip int
	// Failed is the target that stopped an ABORT; Skipped the targets an
	// ABORT left undone or a SKIP left alone.
	Failed, Skipped []Key
}

// Clone copies configs (by id) into namespace, in id order. A target that
// exists fails the clone there under ABORT (what was copied before stays,
// as in Nacos), is left alone under SKIP and is overwritten under
// OVERWRITE. Content, type, app and description are copied; tags are not,
// as Nacos copies none. found is false when no id names a config.
func (s *Service) Clone(ctx context.Context, namespace string, items []CloneItem, srcUser string,
	policy SamePolicy) (res *CloneResult, found bool, err error) {
	if err := ValidateTenant(namespace); err != nil {
		return nil, false, err
	}
	byID := map[int64]CloneItem{}
	var srcs []*Config
	for _, it := range items {
		if _, dup := byID[it.ConfigID]; dup {
			continue // the first wins, as Nacos's toMap merge keeps it
		}
		byID[it.ConfigID] = it
		if c := s.ByID(it.ConfigID); c != nil {
			srcs = append(srcs, c)
		}
	}
	if len(srcs) == 0 {
		return nil, false, nil
	}
	sortByID(srcs)
	ins := make([]PublishInput, 0, len(srcs))
	for _, c := range srcs {
		it := byID[c.ID]
		in := PublishInput{Tenant: namespace, Group: c.Group, DataID: c.DataID, Content: c.Content,
			Type: c.Type, AppName: c.AppName, SrcUser: srcUser, Desc: c.Desc, Create: policy != PolicyOverwrite}
		if strings.TrimSpace(it.Group) != "" {
			in.Group = it.Group
		}
		if strings.TrimSpace(it.DataID) != "" {
			in.DataID = it.DataID
		}
		// Nacos checks every target's names before writing any.
		if err := ValidateKey(in.Tenant, in.Group, in.DataID); err != nil {
			return nil, true, err
		}
		ins = append(ins, in)
	}
	res = &CloneResult{}
	for i, in := range ins {
		_, err := s.Publish(ctx, in)
		switch {
		case err == nil:
			res.Succ++
		case in.Create && registry.KindOf(err) == registry.KindConflict:
			k := NewKey(in.Tenant, in.Group, in.DataID)
			if policy == PolicySkip {
				res.Skip++
				res.Skipped = append(res.Skipped, k)
				continue
			}
			res.Failed = append(res.Failed, k)
			for _, rest := range ins[i+1:] {
				res.Skip++
				res.Skipped = append(res.Skipped, NewKey(rest.Tenant, rest.Group, rest.DataID))
			}
			return res, true, nil
		default:
			return nil, true, err
		}
	}
	return res, true, nil
}

// Len answers how many configs there are, in every namespace.
func (s *Service) Len() int {
	s.view.mu.RLock()
	defer s.view.mu.RUnlock()
	return len(s.view.configs)
}
