package ai

import (
	"github.com/causeway-dev/causeway/api/httpx"
	airegistry "github.com/causeway-dev/causeway/registry/ai"
)

// readPage reads pageNo and pageSize, 1 and 100 by default, checked by
// the registry's one rule (airegistry.ValidatePage: positive, the size at
// most airegistry.MaxPageSize). Every paged list of the section reads its
// page here and answers an airegistry.Page.
func readPage(p httpx.Params) (pageNo, pageSize int, err error) {
	if pageNo, err = p.Int("pageNo", 1); err != nil {
		return 0, 0, err
	}
	if pageSize, err = p.Int("pageSize", 100); err != nil {
		return 0, 0, err
	}
	return pageNo, pageSize, airegistry.ValidatePage(pageNo, pageSize)
}
