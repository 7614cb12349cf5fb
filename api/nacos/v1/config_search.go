package v1

import (
	"fmt"
	"net/http"
	"regexp"
	"strconv"
	"strings"

	"github.com/causeway-dev/causeway/api/httpx"
	"github.com/causeway-dev/causeway/api/nacos/nacoswire"
	"github.com/causeway-dev/causeway/registry"
	"github.com/causeway-dev/causeway/registry/config"
)

// Search modes of GET /nacos/v1/cs/configs. Spring maps search=accurate and
// search=blur to ConfigController's searchConfig and fuzzySearchConfig; any
// other value, or none, is a plain get.
const (
	searchAccurate = "accurate"
	searchBlur     = "blur"
)

// configItem is Nacos's ConfigInfo as Jackson writes it: the base fields
// first, nulls kept. md5 is always null (neither search selects the md5
// column); encryptedDataKey is null in an accurate search (not selected)
// and the stored "" in a blur one.
type configItem struct {
	ID               string  `json:"id"`
	DataID           string  `json:"dataId"`
	Group            string  `json:"group"`
	Content          string  `json:"content"`
	MD5              *string `json:"md5"`
	EncryptedDataKey *string `json:"encryptedDataKey"`
	Tenant           string  `json:"tenant"`
	AppName          *string `json:"appName"`
	Type             string  `json:"type"`
}

type configPage = nacoswire.Page[configItem]

// search answers searchConfig (accurate) and fuzzySearchConfig (blur).
func (h *configHandler) search(w http.ResponseWriter, p httpx.Params, mode string) error {
	blur := mode == searchBlur
	if !blur {
		// Nacos's param-check filter runs before Spring binds anything,
		// and only in accurate mode.
		if err := searchParamCheck(p); err != nil {
			return err
		}
	}
	for _, name := range []string{"dataId", "group"} {
		if _, ok := p.Values[name]; !ok {
			return errRequestParam(name)
		}
	}
	pageNo, err := requiredInt(p, "pageNo")
	if err != nil {
		return err
	}
	pageSize, err := requiredInt(p, "pageSize")
	if err != nil {
		return err
	}
	q := config.Query{Tenant: p.Get("tenant"), DataID: p.Get("dataId"), Group: p.Get("group"),
		AppName: p.Get("appName"), ConfigTags: p.Get("config_tags"), Blur: blur, PageNo: pageNo, PageSize: pageSize}
	if blur {
		q.Types = p.Get("types")
	}
	page, err := h.svc.Search(q)
	if err != nil {
		if registry.KindOf(err) == registry.KindInvalid {
			// The controller wraps the paging error; Nacos's handler
			// prints the whole chain.
			return errBadRequest(fmt.Sprintf("caused: serialize page error, dataId=%s, group=%s;caused: %s;",
				q.DataID, q.Group, err.Error()))
		}
		return err
	}
	out := configPage{TotalCount: page.TotalCount, PageNumber: page.PageNumber,
		PagesAvailable: page.PagesAvailable, PageItems: make([]configItem, 0, len(page.Items))}
	var edk *string
	if blur {
		edk = new(string)
	}
	for _, c := range page.Items {
		out.PageItems = append(out.PageItems, configItem{ID: strconv.FormatInt(c.ID, 10), DataID: c.DataID,
			Group: c.Group, Content: c.Content, EncryptedDataKey: edk, Tenant: nacoswire.Tenant(c.Tenant),
			AppName: nullIfEmpty(c.AppName), Type: c.Type})
	}
	return writeJSON(w, out)
}

func nullIfEmpty(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

// requiredInt binds a required int @RequestParam with Spring's answers.
func requiredInt(p httpx.Params, name string) (int, error) {
	vs, ok := p.Values[name]
	if !ok || len(vs) == 0 {
		return 0, errBadRequest("Required request parameter '" + name + "' for method parameter type int is not present")
	}
	v := strings.TrimSpace(vs[0])
	if v == "" {
		return 0, errBadRequest("Required request parameter '" + name +
			"' for method parameter type int is present but converted to null")
	}
	n, err := strconv.ParseInt(v, 10, 32)
	if err != nil {
		return 0, errTypeMismatch("int", vs[0])
	}
	return int(n), nil
}

// The default param checker's rules (ParamCheckRule in Nacos 2.5.1).
var (
	checkNamePattern      = regexp.MustCompile(`^[a-zA-Z0-9\-_:.]*$`)
	checkNamespacePattern = regexp.MustCompile(`^[\w-]+$`)
)

const (
	checkMaxNamespace = 64
	checkMaxDataID    = 256
	checkMaxGroup     = 128
)

// searchParamCheck is DefaultParamChecker over tenant, dataId and group;
// Nacos's filter prints its message (println: a newline ends it).
func searchParamCheck(p httpx.Params) error {
	checks := []struct {
		param, label string
		max          int
		pattern      *regexp.Regexp
	}{
		{"tenant", "namespaceId/tenant", checkMaxNamespace, checkNamespacePattern},
		{"dataId", "dataId", checkMaxDataID, checkNamePattern},
		{"group", "group", checkMaxGroup, checkNamePattern},
	}
	for _, c := range checks {
		v := p.Get(c.param)
		if strings.TrimSpace(v) == "" {
			continue
		}
		if len([]rune(v)) > c.max {
			return errBadRequest(fmt.Sprintf("Param '%s' is illegal, the param length should not exceed %d.\n", c.label, c.max))
		}
		if !c.pattern.MatchString(v) {
			return errBadRequest("Param '" + c.label + "' is illegal, illegal characters should not appear in the param.\n")
		}
	}
	return nil
}
