// Package dubbo is the Dubbo 2 protocol's framing: the 16-byte header
// (magic 0xdabb, flags, status, request id, body length) and a decoder
// that reads whole frames from a stream, refusing anything malformed or
// oversized before it allocates for it. Bodies are Hessian2; encoding them
// is the caller's (github.com/apache/dubbo-go-hessian2).
package dubbo
