package naming

import (
	"math"
	"strconv"
	"strings"

	"github.com/causeway-dev/causeway/registry"
)

// Nacos pages service names (ServiceUtil.pageServiceName) with Java int
// arithmetic and no bounds check, and real clients rely on it: Java 1.4's
// getServicesOfServer(1, Integer.MAX_VALUE), which Spring Cloud Alibaba and
// Dubbo call, must get every service. The rule is kept exactly, overflow
// included, so that any page a client asks for is the page Nacos answers.

// JavaInt reads an int as Nacos's NumberUtils.toInt does after WebUtils
// trimmed it: Integer.parseInt (an optional sign, decimal digits), and def
// for anything it cannot read (not a number, beyond 32 bits).
func JavaInt(s string, def int32) int32 {
	n, err := strconv.ParseInt(strings.TrimSpace(s), 10, 32)
	if err != nil {
		return def
	}
	return int32(n)
}

// PageBounds answers the slice [start, end) of a list of total names that
// page pageNo of size pageSize is, as pageServiceName computes it: pageNo 0
// or below reads as the first page, a page past the end is empty, and the
// products wrap as Java ints do. A negative size of a non-empty list is the
// IllegalArgumentException of Java's subList, which Nacos answers 400.
func PageBounds(total int, pageNo, pageSize int32) (start, end int, err error) {
	s := (pageNo - 1) * pageSize // wraps like Java's int
	if s < 0 {
		s = 0
	}
	if int(s) >= total {
		return 0, 0, nil
	}
	e := s + pageSize // wraps like Java's int
	if int(e) > total {
		e = int32(min(total, math.MaxInt32))
	}
	if e < s {
		return 0, 0, registry.FieldErrorf(registry.KindInvalid, "pageSize", "fromIndex(%d) > toIndex(%d)", s, e)
	}
	return int(s), int(e), nil
}

// PageServices answers one page of the service names of a namespace and
// group, paged as Nacos pages them (see PageBounds), and the total count.
func (r *Registry) PageServices(ns, group string, pageNo, pageSize int32) (total int, page []ServiceKey, err error) {
	keys := r.idx.serviceKeys(ns, group)
	start, end, err := PageBounds(len(keys), pageNo, pageSize)
	if err != nil {
		return len(keys), nil, err
	}
	return len(keys), keys[start:end], nil
}
