package auth

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/causeway-dev/causeway/api/httpx"
	"github.com/causeway-dev/causeway/api/nacos/nacoswire"
)

// The binding of the controllers' @RequestParam arguments, with Spring's
// texts.

// required binds a required String parameter. As in Spring, a present
// empty value passes (the domain then refuses a blank name).
func required(p httpx.Params, name string) (string, error) {
	vs, ok := p.Values[name]
	if !ok || len(vs) == 0 {
		return "", missing(name, "String")
	}
	return vs[0], nil
}

func missing(name, javaType string) error {
	return badParam("Required request parameter '" + name + "' for method parameter type " + javaType + " is not present")
}

// requiredInt binds a required int parameter (pageNo, pageSize).
func requiredInt(p httpx.Params, name string) (int, error) {
	vs, ok := p.Values[name]
	if !ok || len(vs) == 0 {
		return 0, missing(name, "int")
	}
	n, err := strconv.ParseInt(strings.TrimSpace(vs[0]), 10, 32)
	if err != nil {
		return 0, badParam("Failed to convert value of type 'java.lang.String' to required type 'int'; " +
			"nested exception is java.lang.NumberFormatException: For input string: \"" + vs[0] + "\"")
	}
	return int(n), nil
}

// paging binds pageNo and pageSize; Nacos's pagination helper refuses
// values below 1 with this text.
func paging(p httpx.Params) (pageNo, pageSize int, err error) {
	if pageNo, err = requiredInt(p, "pageNo"); err != nil {
		return 0, 0, err
	}
	if pageSize, err = requiredInt(p, "pageSize"); err != nil {
		return 0, 0, err
	}
	if pageNo < 1 || pageSize < 1 {
		return 0, 0, badParam("pageNo and pageSize must be greater than zero")
	}
	return pageNo, pageSize, nil
}

// page cuts one page out of items, as Nacos's Page carries it.
func page[T any](items []T, pageNo, pageSize int) nacoswire.Page[T] {
	out := nacoswire.Page[T]{
		TotalCount:     len(items),
		PageNumber:     pageNo,
		PagesAvailable: (len(items) + pageSize - 1) / pageSize,
		PageItems:      []T{},
	}
	start := (pageNo - 1) * pageSize
	if start < len(items) {
		out.PageItems = append(out.PageItems, items[start:min(start+pageSize, len(items))]...)
	}
	return out
}

// blur answers whether a v3 list searches by part of a name: Nacos 3 takes
// search=blur in any case, anything else as accurate.
func blur(p httpx.Params) bool { return strings.EqualFold(p.Get("search"), "blur") }

// v1Search answers the v1 GET's search parameter, which selects the
// controller method ("search=accurate" or "search=blur"); with neither,
// Spring finds no method and says why.
func v1Search(p httpx.Params) (isBlur bool, err error) {
	switch p.Get("search") {
	case "accurate":
		return false, nil
	case "blur":
		return true, nil
	}
	return false, badParam(`Parameter conditions "search=accurate" OR "search=blur" not met for actual request parameters: ` + actual(p))
}

// actual writes the request's parameters as Spring lists them.
func actual(p httpx.Params) string {
	names := make([]string, 0, len(p.Values))
	for name := range p.Values {
		names = append(names, name)
	}
	slices.Sort(names)
	parts := make([]string, 0, len(names))
	for _, name := range names {
		parts = append(parts, fmt.Sprintf("%s={%s}", name, strings.Join(p.Values[name], ", ")))
	}
	return strings.Join(parts, ", ")
}
