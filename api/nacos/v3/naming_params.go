package v3

import (
	"strconv"
	"strings"

	"github.com/causeway-dev/causeway/api/httpx"
	"github.com/causeway-dev/causeway/api/nacos/nacosresult"
	"github.com/causeway-dev/causeway/registry"
	"github.com/causeway-dev/causeway/registry/naming"
)

// nsReader reads the typed parameters of the naming forms and keeps the
// first error, so a handler reads a whole form and checks once. Nacos 3's
// naming forms (ServiceForm, InstanceForm, ...) word a missing parameter
// as nacosresult.FormMissing does; @RequestParam ones as QueryMissing.
type nsReader struct {
	p       httpx.Params
	missing func(name, javaType string) error
	err     error
}

func newNSReader(p httpx.Params) *nsReader {
	return &nsReader{p: p, missing: nacosresult.FormMissing}
}

func (rd *nsReader) setErr(err error) {
	if rd.err == nil && err != nil {
		rd.err = err
	}
}

// str answers a trimmed parameter; blank counts as absent, as the forms'
// fillDefaultValue treats it.
func (rd *nsReader) str(name, def string) string { return rd.p.Str(name, def) }

// need answers a required String parameter.
func (rd *nsReader) need(name string) string {
	v := rd.p.Str(name, "")
	if v == "" {
		rd.setErr(rd.missing(name, "String"))
	}
	return v
}

// needInt answers a required Integer parameter.
func (rd *nsReader) needInt(name string) int {
	if !rd.p.Has(name) {
		rd.setErr(rd.missing(name, "Integer"))
		return 0
	}
	return int(rd.int32(name, 0))
}

// int32 reads an int as Spring binds it: text that is not a 32-bit number
// is refused.
func (rd *nsReader) int32(name string, def int32) int32 {
	v := rd.p.Str(name, "")
	if v == "" {
		return def
	}
	n, err := strconv.ParseInt(v, 10, 32)
	if err != nil {
		rd.setErr(&httpx.ParamError{Name: name, Value: v, Want: "int"})
	}
	return int32(n)
}

// optFloat reads an optional Double, nil when absent.
func (rd *nsReader) optFloat(name string) *float64 {
	if !rd.p.Has(name) {
		return nil
	}
	f, err := rd.p.Float(name, 0)
	if err != nil {
		rd.setErr(err)
		return nil
	}
	return &f
}

func (rd *nsReader) float(name string, def float64) float64 {
	if f := rd.optFloat(name); f != nil {
		return *f
	}
	return def
}

// optBool reads a Boolean as Spring converts it (true/on/yes/1 and
// false/off/no/0, any case); anything else is refused rather than read as
// false, so a typo cannot flip a flag.
func (rd *nsReader) optBool(name string) *bool {
	v := rd.p.Str(name, "")
	if v == "" {
		return nil
	}
	var b bool
	switch strings.ToLower(v) {
	case "true", "on", "yes", "1":
		b = true
	case "false", "off", "no", "0":
	default:
		rd.setErr(&httpx.ParamError{Name: name, Value: v, Want: "boolean"})
	}
	return &b
}

func (rd *nsReader) boolean(name string, def bool) bool {
	if b := rd.optBool(name); b != nil {
		return *b
	}
	return def
}

// serviceKey reads namespaceId, groupName and the required serviceName with
// Nacos's defaults.
func (rd *nsReader) serviceKey() naming.ServiceKey {
	return naming.ServiceKey{
		Namespace: rd.str("namespaceId", naming.DefaultNamespace),
		Group:     rd.str("groupName", naming.DefaultGroup),
		Name:      rd.need("serviceName"),
	}
}

// page reads PageForm: pageNo and pageSize, 1 and 100 by default, both
// positive.
func (rd *nsReader) page() (pageNo, pageSize int) {
	pageNo, pageSize = int(rd.int32("pageNo", 1)), int(rd.int32("pageSize", 100))
	if rd.err != nil {
		return 0, 0
	}
	if pageNo < 1 {
		rd.setErr(registry.FieldErrorf(registry.KindInvalid, "pageNo",
			"Required parameter 'pageNo' should be positive integer, current is %d", pageNo))
	} else if pageSize < 1 {
		rd.setErr(registry.FieldErrorf(registry.KindInvalid, "pageSize",
			"Required parameter 'pageSize' should be positive integer, current is %d", pageSize))
	}
	return pageNo, pageSize
}

// nsPage cuts one page out of all as Nacos's PageUtil.subPage does: a page
// past the end is empty, pagesAvailable rounds up.
func nsPage[T any](all []T, pageNo, pageSize int) (page []T, pages int) {
	total := len(all)
	pages = (total + pageSize - 1) / pageSize
	start := (pageNo - 1) * pageSize
	if start >= total {
		return []T{}, pages
	}
	return all[start:min(start+pageSize, total)], pages
}

// nsServerError is a plain NacosException of Nacos: its status, code 30000
// and the message as data.
func nsServerError(status int, format string, args ...any) error {
	return nacosresult.WithStatus(status, registry.Errorf(registry.KindInternal, format, args...))
}
