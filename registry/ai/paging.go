package ai

import "github.com/causeway-dev/causeway/registry"

// Page is one page of a listing in Nacos's shape
// (com.alibaba.nacos.api.model.Page), the same for every kind and on the
// wire: pageNumber counts from 1, a page past the end is empty,
// pagesAvailable rounds up.
type Page[T any] struct {
	TotalCount     int `json:"totalCount"`
	PageNumber     int `json:"pageNumber"`
	PagesAvailable int `json:"pagesAvailable"`
	PageItems      []T `json:"pageItems"`
}

// MaxPageSize bounds one page, so that a list cannot be asked to render
// a whole namespace at once.
const MaxPageSize = 500

// ValidatePage checks Nacos's PageForm: pageNo positive, pageSize 1 to
// MaxPageSize.
func ValidatePage(pageNo, pageSize int) error {
	switch {
	case pageNo < 1:
		return registry.FieldErrorf(registry.KindInvalid, "pageNo",
			"Required parameter 'pageNo' should be positive integer, current is %d", pageNo)
	case pageSize < 1 || pageSize > MaxPageSize:
		return registry.FieldErrorf(registry.KindInvalid, "pageSize",
			"Required parameter 'pageSize' should be 1-%d, current is %d", MaxPageSize, pageSize)
	}
	return nil
}

// Paginate answers page pageNo of pageSize items of all, both validated
// by ValidatePage; the page's items are its own slice.
func Paginate[T any](all []T, pageNo, pageSize int) Page[T] {
	p := Page[T]{TotalCount: len(all), PageNumber: pageNo, PageItems: []T{}}
	p.PagesAvailable = (len(all) + pageSize - 1) / pageSize
	if pageNo-1 < p.PagesAvailable { // before multiplying: no overflow
		start := (pageNo - 1) * pageSize
		p.PageItems = append(p.PageItems, all[start:min(start+pageSize, len(all))]...)
	}
	return p
}

// MapPage answers pg with each item turned by f: a registry's page in its
// wire shape.
func MapPage[T, U any](pg Page[T], f func(T) U) Page[U] {
	out := Page[U]{TotalCount: pg.TotalCount, PageNumber: pg.PageNumber, PagesAvailable: pg.PagesAvailable,
		PageItems: make([]U, len(pg.PageItems))}
	for i, v := range pg.PageItems {
		out.PageItems[i] = f(v)
	}
	return out
}
