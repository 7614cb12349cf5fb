package artifact

// Page is one page of a listing (Nacos's Page): pageNo counts from 1, a
// page past the end is empty, pagesAvailable rounds up.
type Page[T any] struct {
	TotalCount     int `json:"totalCount"`
	PageNumber     int `json:"pageNumber"`
	PagesAvailable int `json:"pagesAvailable"`
	PageItems      []T `json:"pageItems"`
}

// MaxPageSize bounds one page.
const MaxPageSize = 500

// Paginate cuts page pageNo of size items out of all.
func Paginate[T any](all []T, pageNo, size int) Page[T] {
	if pageNo < 1 {
		pageNo = 1
	}
	if size < 1 {
		size = 1
	}
	size = min(size, MaxPageSize)
	p := Page[T]{TotalCount: len(all), PageNumber: pageNo, PagesAvailable: (len(all) + size - 1) / size, PageItems: []T{}}
	if from := (pageNo - 1) * size; from < len(all) {
		p.PageItems = append(p.PageItems, all[from:min(from+size, len(all))]...)
	}
	return p
}
