package v3

import (
	"strconv"
	"strings"

	"github.com/causeway-dev/causeway/api/httpx"
	"github.com/causeway-dev/causeway/api/nacos/nacosresult"
	configs "github.com/causeway-dev/causeway/registry/config"
)

// form reads the parameters of one request and keeps the first error, so
// a handler reads everything and checks once.
type form struct {
	p   httpx.Params
	err error
}

func (f *form) fail(err error) {
	if f.err == nil {
		f.err = err
	}
}

// str answers a trimmed parameter, "" when absent.
func (f *form) str(name string) string { return f.p.Str(name, "") }

// need answers a parameter a Nacos form requires (its validate() wording).
func (f *form) need(name string) string {
	v := f.p.Str(name, "")
	if v == "" {
		f.fail(nacosresult.FormMissing(name, "String"))
	}
	return v
}

// query answers a parameter a @RequestParam requires (Spring's wording).
func (f *form) query(name, javaType string) string {
	v := f.p.Str(name, "")
	if v == "" {
		f.fail(nacosresult.QueryMissing(name, javaType))
	}
	return v
}

// present answers a @RequestParam String that must be sent but may be
// empty (Spring binds "" as given).
func (f *form) present(name string) string {
	if !f.p.Values.Has(name) {
		f.fail(nacosresult.QueryMissing(name, "String"))
	}
	return f.str(name)
}

// long reads a required Long @RequestParam.
func (f *form) long(name string) int64 {
	v := f.query(name, "Long")
	if v == "" {
		return 0
	}
	n, err := strconv.ParseInt(v, 10, 64)
	if err != nil {
		f.fail(&httpx.ParamError{Name: name, Value: v, Want: "long"})
	}
	return n
}

// integer reads an int form field with its default.
func (f *form) integer(name string, def int) int {
	n, err := f.p.Int(name, def)
	if err != nil {
		f.fail(err)
	}
	return n
}

// page reads PageForm (pageNo 1 and pageSize 100 by default), which
// refuses numbers below 1.
func (f *form) page() (pageNo, pageSize int) {
	pageNo, pageSize = f.integer("pageNo", 1), f.integer("pageSize", 100)
	if f.err != nil {
		return
	}
	switch {
	case pageNo < 1:
		f.fail(invalidParam("pageNo", "Required parameter 'pageNo' should be positive integer, current is %d", pageNo))
	case pageSize < 1:
		f.fail(invalidParam("pageSize", "Required parameter 'pageSize' should be positive integer, current is %d", pageSize))
	}
	return
}

// key reads ConfigFormV3 as its validate() does: groupName, then dataId,
// then the namespace (default public).
func (f *form) key() (tenant, group, dataID string) {
	group, dataID = f.need("groupName"), f.need("dataId")
	tenant = f.str("namespaceId")
	if f.err == nil {
		f.fail(configs.ValidateKey(tenant, group, dataID))
	}
	return tenant, group, dataID
}

// ids reads a List<Long> @RequestParam: comma-separated numbers.
func (f *form) ids(name string) []int64 {
	var out []int64
	for _, v := range f.p.Values[name] {
		for s := range strings.SplitSeq(v, ",") {
			s = strings.TrimSpace(s)
			if s == "" {
				continue
			}
			n, err := strconv.ParseInt(s, 10, 64)
			if err != nil {
				f.fail(&httpx.ParamError{Name: name, Value: s, Want: "long"})
				return nil
			}
			out = append(out, n)
		}
	}
	if len(out) == 0 {
		f.fail(nacosresult.QueryMissing(name, "List"))
	}
	return out
}
