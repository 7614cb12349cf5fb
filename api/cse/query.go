package cse

import (
	"net/url"
	"strconv"

	"github.com/causeway-dev/causeway/registry"
)

// param is a query parameter of the Nacos namespace console (seed 004 §6)
// under the seed's name and under the Nacos console name that clients of
// the managed service send (Huawei Cloud's Terraform provider sends
// customNamespaceId, namespaceName, namespace, namespaceShowName and
// namespaceId). Either is accepted.
type param struct{ seed, nacos string }

// The §6 parameters.
var (
	pOffset        = param{"offset", "offset"}
	pLimit         = param{"limit", "limit"}
	pCustomID      = param{"custom_name_space_id", "customNamespaceId"}
	pNamespaceName = param{"namespace_name", "namespaceName"}
	pNamespaceDesc = param{"namespace_desc", "namespaceDesc"}
	pNamespace     = param{"namespace", "namespace"}
	pShowName      = param{"namespace_showname", "namespaceShowName"}
	pNamespaceID   = param{"namespace_id", "namespaceId"}
)

// query is a parsed §6 query: each parameter asked for, by its seed name,
// when it was sent.
type query map[string]string

// readQuery parses a raw query for params. A malformed query, or a
// parameter sent more than once with different values (under one name or
// both), is refused: which one the client meant is unknown. Parameters
// not asked for are ignored.
func readQuery(raw string, params ...param) (query, error) {
	vals, err := url.ParseQuery(raw)
	if err != nil {
		return nil, bodyInvalid("query", "malformed: "+err.Error())
	}
	q := query{}
	for _, p := range params {
		sent := vals[p.seed]
		if p.nacos != p.seed {
			sent = append(sent[:len(sent):len(sent)], vals[p.nacos]...)
		}
		for _, v := range sent {
			if v != sent[0] {
				return nil, bodyInvalid(p.seed, "sent more than once with different values")
			}
		}
		if len(sent) > 0 {
			q[p.seed] = sent[0]
		}
	}
	return q, nil
}

// required answers a parameter that must be sent and not be empty.
func (q query) required(p param) (string, error) {
	v, ok := q[p.seed]
	if !ok || v == "" {
		return "", &registry.Error{Kind: registry.KindMissing, Field: p.seed, Msg: p.seed + ": required"}
	}
	return v, nil
}

// maxPage bounds offset and limit: a page past every namespace Causeway
// could hold is a mistake, not a request.
const maxPage = 1 << 20

// count answers a non-negative paging parameter, 0 when absent.
func (q query) count(p param) (int, error) {
	v, ok := q[p.seed]
	if !ok {
		return 0, nil
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 0 || n > maxPage {
		return 0, bodyInvalid(p.seed, "must be an integer from 0 to "+strconv.Itoa(maxPage))
	}
	return n, nil
}
