package ai

import (
	"github.com/causeway-dev/causeway/api/httpx"
	"github.com/causeway-dev/causeway/registry"
)

// page is Nacos's model Page.
type page[T any] struct {
	TotalCount     int `json:"totalCount"`
	PageNumber     int `json:"pageNumber"`
	PagesAvailable int `json:"pagesAvailable"`
	PageItems      []T `json:"pageItems"`
}

// maxPageSize bounds one page, so that a list cannot be asked to render
// a whole namespace at once.
const maxPageSize = 500

// readPage reads pageNo and pageSize, 1 and 100 by default, both positive
// and the size at most maxPageSize.
func readPage(p httpx.Params) (pageNo, pageSize int, err error) {
	if pageNo, err = p.Int("pageNo", 1); err != nil {
		return 0, 0, err
	}
	if pageSize, err = p.Int("pageSize", 100); err != nil {
		return 0, 0, err
	}
	switch {
	case pageNo < 1:
		return 0, 0, registry.FieldErrorf(registry.KindInvalid, "pageNo", "pageNo must be a positive integer, not %d", pageNo)
	case pageSize < 1 || pageSize > maxPageSize:
		return 0, 0, registry.FieldErrorf(registry.KindInvalid, "pageSize", "pageSize must be 1-%d, not %d", maxPageSize, pageSize)
	}
	return pageNo, pageSize, nil
}

// pageOf cuts one page out of all as Nacos's PageUtil.subPage does: a
// page past the end is empty, pagesAvailable rounds up.
func pageOf[T any](all []T, pageNo, pageSize int) page[T] {
	total := len(all)
	pg := page[T]{TotalCount: total, PageNumber: pageNo, PagesAvailable: (total + pageSize - 1) / pageSize, PageItems: []T{}}
	if start := (pageNo - 1) * pageSize; start < total {
		pg.PageItems = all[start:min(start+pageSize, total)]
	}
	return pg
}
