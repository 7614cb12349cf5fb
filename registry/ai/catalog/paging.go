package catalog

// Page is a page of a list in Nacos's shape (com.alibaba.nacos.api.model.Page).
type Page[T any] struct {
	TotalCount     int `json:"totalCount"`
	PageNumber     int `json:"pageNumber"`
	PagesAvailable int `json:"pagesAvailable"`
	PageItems      []T `json:"pageItems"`
}

// paginate answers page pageNo (from 1) of pageSize items of all; a page
// past the end is empty. pageNo and pageSize are positive (validated by
// the caller).
func paginate[T any](all []T, pageNo, pageSize int) Page[T] {
	p := Page[T]{TotalCount: len(all), PageNumber: pageNo, PageItems: []T{}}
	p.PagesAvailable = (len(all) + pageSize - 1) / pageSize
	if pageNo-1 < p.PagesAvailable { // before multiplying: no overflow
		start := (pageNo - 1) * pageSize
		p.PageItems = all[start:min(start+pageSize, len(all))]
	}
	return p
}
