package nacoswire

import (
	"strconv"
	"time"

	"github.com/causeway-dev/causeway/registry/config"
)

// ConfigHistory is Nacos's ConfigHistoryInfo as Jackson writes it: fields
// in declaration order, nulls kept, the nid as a string id.
type ConfigHistory struct {
	ID               string  `json:"id"`
	LastID           int     `json:"lastId"`
	DataID           string  `json:"dataId"`
	Group            string  `json:"group"`
	Tenant           string  `json:"tenant"`
	AppName          *string `json:"appName"`
	MD5              *string `json:"md5"`
	Content          *string `json:"content"`
	SrcIP            *string `json:"srcIp"`
	SrcUser          *string `json:"srcUser"`
	OpType           string  `json:"opType"`
	PublishType      string  `json:"publishType"`
	GrayName         *string `json:"grayName"`
	ExtInfo          *string `json:"extInfo"`
	CreatedTime      string  `json:"createdTime"`
	LastModifiedTime string  `json:"lastModifiedTime"`
	EncryptedDataKey *string `json:"encryptedDataKey"`
}

// timeLayout is Jackson's StdDateFormat, which Spring Boot uses for a
// java.sql.Timestamp when dates are not written as numbers.
const timeLayout = "2006-01-02T15:04:05.000-07:00"

// HistoryItem is a record as a history list shows it: Nacos's list query
// selects neither content, md5 nor encrypted_data_key, so they are null.
func HistoryItem(h *config.History) ConfigHistory {
	at := time.UnixMilli(h.CreatedAt).UTC().Format(timeLayout)
	return ConfigHistory{ID: strconv.FormatInt(h.NID, 10), LastID: -1, DataID: h.DataID, Group: h.Group,
		Tenant: Tenant(h.Tenant), AppName: null(h.AppName), SrcUser: null(h.SrcUser), OpType: string(h.Op),
		PublishType: config.PublishTypeFormal, ExtInfo: null(h.ExtInfo()), CreatedTime: at, LastModifiedTime: at}
}

// HistoryDetail is one record as the by-nid and previous lookups show it:
// with content, md5 and the encrypted data key ("": Causeway encrypts
// nothing, as Nacos without an encryption plugin stores "").
func HistoryDetail(h *config.History) ConfigHistory {
	out := HistoryItem(h)
	content, md5, edk := h.Content, h.MD5, ""
	out.Content, out.MD5, out.EncryptedDataKey = &content, &md5, &edk
	return out
}

// Tenant is a namespace as Nacos 2.x stores and shows it: the default
// namespace is "".
func Tenant(t string) string {
	if t == config.DefaultNamespace {
		return ""
	}
	return t
}

func null(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}
