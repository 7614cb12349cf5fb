package v3

import (
	"github.com/causeway-dev/causeway/api/httpx"
	"github.com/causeway-dev/causeway/api/nacos/nacosform"
	"github.com/causeway-dev/causeway/api/nacos/nacosresult"
	"github.com/causeway-dev/causeway/registry"
)

// newNSReader reads the typed parameters of the naming forms. Nacos 3's
// naming forms (ServiceForm, InstanceForm, ...) word a missing parameter
// as nacosresult.FormMissing does; @RequestParam ones as QueryMissing.
func newNSReader(p httpx.Params) *nacosform.Reader {
	return nacosform.New(p, nacosresult.FormMissing)
}

// nsReadPage reads PageForm: pageNo and pageSize, 1 and 100 by default,
// both positive.
func nsReadPage(rd *nacosform.Reader) (pageNo, pageSize int) {
	pageNo, pageSize = int(rd.Int32("pageNo", 1)), int(rd.Int32("pageSize", 100))
	if rd.Err() != nil {
		return 0, 0
	}
	if pageNo < 1 {
		rd.SetErr(registry.FieldErrorf(registry.KindInvalid, "pageNo",
			"Required parameter 'pageNo' should be positive integer, current is %d", pageNo))
	} else if pageSize < 1 {
		rd.SetErr(registry.FieldErrorf(registry.KindInvalid, "pageSize",
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
