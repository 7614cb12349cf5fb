package nacosresult

import "net/http"

// codedError is an answer Nacos gives with a code no registry kind maps
// to (ILLEGAL_STATE, API_FUNCTION_DISABLED): its status, code and message
// are fixed, its text goes into data.
type codedError struct{ e APIError }

func (c *codedError) Error() string { return c.e.Detail }

// Coded answers status, Nacos's code and message, with detail as data.
func Coded(status, code int, message, detail string) error {
	return &codedError{APIError{Status: status, Code: code, Message: message, Detail: detail}}
}

// NotApplicable is what Causeway answers for an operation of Nacos's that
// has no meaning in its architecture (Raft, cluster lookup, connection
// balancing on one node): 501 with API_FUNCTION_DISABLED, as Nacos
// answers a function its deployment turned off, never a fake success.
func NotApplicable(detail string) error {
	return Coded(http.StatusNotImplemented, 40001, "API function disabled.", detail)
}

// IllegalState is Nacos's ILLEGAL_STATE (23000), e.g. an unknown node
// state.
func IllegalState(detail string) error {
	return Coded(http.StatusBadRequest, 23000, "illegal state", detail)
}
