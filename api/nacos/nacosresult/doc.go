// Package nacosresult writes the answers of Nacos's v2 and v3 HTTP APIs:
// the {code, message, data} envelope (com.alibaba.nacos.api.model.v2.Result),
// the one mapping of errors to its HTTP status, code and message
// (com.alibaba.nacos.api.model.v2.ErrorCode), and the handler adapter that
// reads parameters, runs an endpoint and writes either. Nacos 3's admin
// API answers in the same envelope with the same codes, so both dialects
// share it.
package nacosresult
