package config

import (
	"crypto/md5" //nolint:gosec // Nacos identifies config content by its MD5; no security boundary
	"encoding/hex"
)

// DefaultNamespace is the namespace an empty tenant means.
const DefaultNamespace = "public"

// Key names one config. Tenant is normalised: "" and "public" are both
// stored as "public" (see NewKey).
type Key struct {
	Tenant string
	Group  string
	DataID string
}

// NewKey builds a key with the tenant normalised.
func NewKey(tenant, group, dataID string) Key {
	return Key{Tenant: NormalizeTenant(tenant), Group: group, DataID: dataID}
}

// NormalizeTenant maps the empty tenant onto the default namespace, as
// Nacos does for config.
func NormalizeTenant(tenant string) string {
	if tenant == "" {
		return DefaultNamespace
	}
	return tenant
}

// Config is one stored config. Values handed out are never mutated.
type Config struct {
	Key
	// ID names the config across updates, as Nacos's config_info id does;
	// a config deleted and published again gets a new one.
	ID         int64  `json:"id"`
	Content    string `json:"content"`
	MD5        string `json:"md5"`
	Type       string `json:"type"`
	AppName    string `json:"appName,omitempty"`
	SrcUser    string `json:"srcUser,omitempty"`
	ConfigTags string `json:"configTags,omitempty"`
	Desc       string `json:"desc,omitempty"`
	CreatedAt  int64  `json:"createdAt"`  // unix millis
	ModifiedAt int64  `json:"modifiedAt"` // unix millis
	// Blob, when set, names where a large Content is stored; the stored
	// record then has no content of its own (see blob.go).
	Blob *BlobRef `json:"blob,omitempty"`
	// Revision is the store revision of the last change (not stored).
	Revision int64 `json:"-"`
}

// Op is what a history record did.
type Op string

// History operations, as Nacos names them.
const (
	OpInsert Op = "I"
	OpUpdate Op = "U"
	OpDelete Op = "D"
)

// History is one change of a config. For U and D, Content and MD5 are the
// config as it was before the change; for I they are the new config.
type History struct {
	NID       int64  `json:"nid"`
	ConfigID  int64  `json:"id"` // the Config.ID the record belongs to
	DataID    string `json:"dataId"`
	Group     string `json:"group"`
	Tenant    string `json:"tenant"`
	Content   string `json:"content"`
	MD5       string `json:"md5"`
	Type      string `json:"type"`
	AppName   string `json:"appName,omitempty"`
	Op        Op     `json:"opType"`
	SrcUser   string `json:"srcUser,omitempty"`
	CreatedAt int64  `json:"createdAt"` // unix millis of the change
	// The recorded config's tags, description and own src_user (its last
	// publisher), which Nacos keeps in the record's ext_info.
	ConfigTags string `json:"configTags,omitempty"`
	Desc       string `json:"desc,omitempty"`
	ConfigUser string `json:"configUser,omitempty"`
	// Blob: as for Config; a record shares its config's blob.
	Blob *BlobRef `json:"blob,omitempty"`
}

// Key answers the config the record belongs to.
func (h *History) Key() Key { return Key{Tenant: h.Tenant, Group: h.Group, DataID: h.DataID} }

// MD5Hex is the hex MD5 of the UTF-8 content, as Nacos computes it; a
// missing config has the md5 "".
func MD5Hex(content string) string {
	sum := md5.Sum([]byte(content)) //nolint:gosec // see the import
	return hex.EncodeToString(sum[:])
}
