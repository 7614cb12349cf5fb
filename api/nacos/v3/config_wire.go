package v3

import (
	configs "github.com/causeway-dev/causeway/registry/config"
)

// The config section's answers, as nacos-api 3.1's models
// (com.alibaba.nacos.api.config.model) are written by Jackson: fields in
// declaration order, nulls kept.

// configBasicInfo is ConfigBasicInfo.
type configBasicInfo struct {
	ID          int64   `json:"id,string"` // Nacos writes it with ToStringSerializer
	NamespaceID string  `json:"namespaceId"`
	GroupName   string  `json:"groupName"`
	DataID      string  `json:"dataId"`
	MD5         *string `json:"md5"`
	Type        *string `json:"type"`
	AppName     *string `json:"appName"`
	CreateTime  int64   `json:"createTime"`
	ModifyTime  int64   `json:"modifyTime"`
}

// configDetailInfo is ConfigDetailInfo: the basic info and the content.
type configDetailInfo struct {
	configBasicInfo
	Content          string  `json:"content"`
	Desc             *string `json:"desc"`
	EncryptedDataKey string  `json:"encryptedDataKey"`
	CreateUser       *string `json:"createUser"`
	CreateIP         *string `json:"createIp"`
	ConfigTags       *string `json:"configTags"`
}

// configHistoryBasicInfo is ConfigHistoryBasicInfo.
type configHistoryBasicInfo struct {
	configBasicInfo
	SrcIP       *string `json:"srcIp"`
	SrcUser     *string `json:"srcUser"`
	OpType      string  `json:"opType"`
	PublishType string  `json:"publishType"`
}

// configHistoryDetailInfo is ConfigHistoryDetailInfo.
type configHistoryDetailInfo struct {
	configHistoryBasicInfo
	Content          string  `json:"content"`
	EncryptedDataKey string  `json:"encryptedDataKey"`
	GrayName         *string `json:"grayName"`
	ExtInfo          *string `json:"extInfo"`
}

// page is Nacos's model Page.
type page[T any] struct {
	TotalCount     int `json:"totalCount"`
	PageNumber     int `json:"pageNumber"`
	PagesAvailable int `json:"pagesAvailable"`
	PageItems      []T `json:"pageItems"`
}

func null(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

// basicOf is a config as lists show it. Nacos 3 names the default
// namespace "public" in its answers.
func basicOf(c *configs.Config) configBasicInfo {
	return configBasicInfo{ID: c.ID, NamespaceID: c.Tenant, GroupName: c.Group, DataID: c.DataID,
		MD5: null(c.MD5), Type: null(c.Type), AppName: null(c.AppName), CreateTime: c.CreatedAt, ModifyTime: c.ModifiedAt}
}

// detailOf is a config as the get shows it; Causeway encrypts nothing and
// records no source ip.
func detailOf(c *configs.Config) configDetailInfo {
	return configDetailInfo{configBasicInfo: basicOf(c), Content: c.Content, Desc: null(c.Desc),
		CreateUser: null(c.SrcUser), ConfigTags: null(c.ConfigTags)}
}

func basics(cs []*configs.Config) []configBasicInfo {
	out := make([]configBasicInfo, 0, len(cs))
	for _, c := range cs {
		out = append(out, basicOf(c))
	}
	return out
}

// historyBasicOf is a record as the history list shows it: its id is the
// nid; its times are the change's.
func historyBasicOf(h *configs.History) configHistoryBasicInfo {
	return configHistoryBasicInfo{
		configBasicInfo: configBasicInfo{ID: h.NID, NamespaceID: h.Tenant, GroupName: h.Group, DataID: h.DataID,
			MD5: null(h.MD5), Type: null(h.Type), AppName: null(h.AppName), CreateTime: h.CreatedAt, ModifyTime: h.CreatedAt},
		SrcUser: null(h.SrcUser), OpType: string(h.Op), PublishType: configs.PublishTypeFormal}
}

func historyDetailOf(h *configs.History) configHistoryDetailInfo {
	return configHistoryDetailInfo{configHistoryBasicInfo: historyBasicOf(h), Content: h.Content,
		ExtInfo: null(h.ExtInfo())}
}
