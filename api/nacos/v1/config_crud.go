package v1

import (
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/causeway-dev/causeway/api/httpx"
	"github.com/causeway-dev/causeway/registry"
	"github.com/causeway-dev/causeway/registry/config"
)

// get answers the raw content with the headers Nacos clients read, or a
// search when search=accurate|blur asks for one.
func (h *configHandler) get(w http.ResponseWriter, r *http.Request, p httpx.Params) error {
	if mode := p.Get("search"); mode == searchAccurate || mode == searchBlur {
		return h.search(w, p, mode)
	}
	tenant, group, dataID, err := keyParams(p)
	if err != nil {
		return err
	}
	if p.Get("show") == "all" {
		return h.detail(w, tenant, group, dataID)
	}
	c, beta, err := h.svc.GetFor(httpx.ClientIP(r), tenant, group, dataID)
	if err != nil {
		return err
	}
	hd := w.Header()
	if beta {
		hd.Set("isBeta", "true") // as Nacos marks a beta answer
	}
	hd.Set("Content-Type", contentTypeOf(c.Type))
	hd.Set("Config-Type", c.Type)
	hd.Set("Content-MD5", c.MD5)
	hd.Set("Pragma", "no-cache")
	hd.Set("Expires", time.Unix(0, 0).UTC().Format(http.TimeFormat))
	hd.Set("Cache-Control", "no-cache,no-store")
	hd.Set("Last-Modified", time.UnixMilli(c.ModifiedAt).UTC().Format(http.TimeFormat))
	w.WriteHeader(http.StatusOK)
	_, _ = w.Write([]byte(c.Content))
	return nil
}

// configDetail is Nacos's ConfigAllInfo, the answer to show=all; its id is
// what /nacos/v2/cs/history/previous takes.
type configDetail struct {
	ID         string `json:"id"`
	DataID     string `json:"dataId"`
	Group      string `json:"group"`
	Content    string `json:"content"`
	MD5        string `json:"md5"`
	Tenant     string `json:"tenant"`
	AppName    string `json:"appName"`
	Type       string `json:"type"`
	CreateTime int64  `json:"createTime"`
	ModifyTime int64  `json:"modifyTime"`
	CreateUser string `json:"createUser,omitempty"`
	Desc       string `json:"desc,omitempty"`
	ConfigTags string `json:"configTags,omitempty"`
}

// detail answers show=all. A missing config is an empty 200, as Nacos
// answers its null.
func (h *configHandler) detail(w http.ResponseWriter, tenant, group, dataID string) error {
	c, err := h.svc.Get(tenant, group, dataID)
	if registry.KindOf(err) == registry.KindNotFound {
		w.WriteHeader(http.StatusOK)
		return nil
	}
	if err != nil {
		return err
	}
	return writeJSON(w, configDetail{ID: strconv.FormatInt(c.ID, 10), DataID: c.DataID, Group: c.Group,
		Content: c.Content, MD5: c.MD5, Tenant: tenant, AppName: c.AppName, Type: c.Type,
		CreateTime: c.CreatedAt, ModifyTime: c.ModifiedAt, CreateUser: c.SrcUser, Desc: c.Desc,
		ConfigTags: c.ConfigTags})
}

// contentTypeOf follows Nacos's FileTypeEnum: json, xml and html have their
// media types, everything else is plain text.
func contentTypeOf(typ string) string {
	switch typ {
	case "json":
		return "application/json;charset=UTF-8"
	case "xml":
		return "application/xml;charset=UTF-8"
	case "html":
		return "text/html;charset=UTF-8"
	}
	return contentText
}

// publish creates or updates a config and answers true.
func (h *configHandler) publish(w http.ResponseWriter, r *http.Request, p httpx.Params) error {
	tenant, group, dataID, err := keyParams(p)
	if err != nil {
		return err
	}
	if _, ok := p.Values["content"]; !ok {
		return errRequestParam("content")
	}
	in := config.PublishInput{
		Tenant: tenant, Group: group, DataID: dataID,
		Content:    p.Get("content"), // raw: whitespace is content
		Type:       p.Get("type"),
		AppName:    p.Get("appName"),
		SrcUser:    srcUser(r, p),
		ConfigTags: p.Get("config_tags"),
		Desc:       p.Get("desc"),
	}
	if ips := r.Header.Get("betaIps"); strings.TrimSpace(ips) != "" {
		// A beta (gray) release, as Nacos reads the betaIps header.
		if _, err := h.svc.PublishBeta(r.Context(), in, ips); err != nil {
			return err
		}
		return writeTrue(w)
	}
	if _, err := h.svc.Publish(r.Context(), in); err != nil {
		return err
	}
	return writeTrue(w)
}

// remove deletes a config and answers true, also when it did not exist.
func (h *configHandler) remove(w http.ResponseWriter, r *http.Request, p httpx.Params) error {
	tenant, group, dataID, err := keyParams(p)
	if err != nil {
		return err
	}
	if err := h.svc.Delete(r.Context(), tenant, group, dataID, srcUser(r, httpx.Params{})); err != nil {
		return err
	}
	return writeTrue(w)
}

// srcUser is the src_user parameter, else the authenticated user, as
// Nacos records who changed a config.
func srcUser(r *http.Request, p httpx.Params) string {
	if p.Values != nil {
		if v := strings.TrimSpace(p.Get("src_user")); v != "" {
			return v
		}
	}
	if id := httpx.IdentityFrom(r.Context()); id != nil {
		return id.Username
	}
	return ""
}

// writeTrue is Spring's rendering of a Boolean true: JSON.
func writeTrue(w http.ResponseWriter) error {
	writeBody(w, []byte("true"))
	return nil
}
