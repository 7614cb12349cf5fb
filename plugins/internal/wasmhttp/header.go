package wasmhttp

import (
	"errors"
	"strconv"
	"strings"
)

// HeaderName checks a header name from a configuration and answers it
// lower-cased, the form Envoy keeps HTTP/2 and HTTP/1 headers in.
// Pseudo-headers (":path", ":authority"...) are refused: changing them is
// routing, not a header rewrite, and Envoy rejects most such changes.
func HeaderName(name string) (string, error) {
	if name == "" {
		return "", errors.New("a header name must not be empty")
	}
	if name[0] == ':' {
		return "", errors.New(strconv.Quote(name) + ": pseudo-headers are not allowed")
	}
	for i := 0; i < len(name); i++ {
		if !isTokenChar(name[i]) {
			return "", errors.New(strconv.Quote(name) + ": not a valid header name")
		}
	}
	return strings.ToLower(name), nil
}

// HeaderValue checks a header value from a configuration: control
// characters other than tab could split or corrupt the header block.
func HeaderValue(value string) error {
	for i := 0; i < len(value); i++ {
		if c := value[i]; (c < ' ' && c != '\t') || c == 0x7f {
			return errors.New(strconv.Quote(value) + ": a header value must not hold control characters")
		}
	}
	return nil
}

// isTokenChar reports whether c may appear in an RFC 9110 token.
func isTokenChar(c byte) bool {
	switch {
	case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9':
		return true
	}
	return strings.IndexByte("!#$%&'*+-.^_`|~", c) >= 0
}
