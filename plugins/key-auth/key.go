package main

import (
	"crypto/sha256"
	"crypto/subtle"
	"strings"

	"github.com/proxy-wasm/proxy-wasm-go-sdk/proxywasm"
)

// presented answers the key the request carries: the header first, then
// the query parameter when one is configured. An empty value is no key.
func (c *config) presented() (string, bool) {
	if v, err := proxywasm.GetHttpRequestHeader(c.header); err == nil && v != "" {
		return v, true
	}
	if c.query == "" {
		return "", false
	}
	path, err := proxywasm.GetHttpRequestHeader(":path")
	if err != nil {
		return "", false
	}
	return queryValue(path, c.query)
}

// queryValue answers the first value of the parameter name in a request
// path, read as net/url's ParseQuery reads a query (which this module does
// without, for its size): pairs split on '&', a pair holding ';' or a
// malformed escape skipped (a stray bad escape elsewhere does not hide a
// good key), '+' a space, and the first pair named name decides.
func queryValue(path, name string) (string, bool) {
	_, query, ok := strings.Cut(path, "?")
	if !ok {
		return "", false
	}
	query, _, _ = strings.Cut(query, "#")
	for query != "" {
		var pair string
		pair, query, _ = strings.Cut(query, "&")
		if pair == "" || strings.Contains(pair, ";") {
			continue
		}
		k, v, _ := strings.Cut(pair, "=")
		key, ok := unescape(k)
		if !ok {
			continue
		}
		value, ok := unescape(v)
		if !ok || key != name {
			continue
		}
		return value, value != ""
	}
	return "", false
}

// unescape decodes a query component: %XX escapes and '+' for a space;
// false for a malformed escape.
func unescape(s string) (string, bool) {
	if !strings.ContainsAny(s, "%+") {
		return s, true
	}
	b := make([]byte, 0, len(s))
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '+':
			b = append(b, ' ')
		case '%':
			if i+2 >= len(s) || !isHex(s[i+1]) || !isHex(s[i+2]) {
				return "", false
			}
			b = append(b, unhex(s[i+1])<<4|unhex(s[i+2]))
			i += 2
		default:
			b = append(b, s[i])
		}
	}
	return string(b), true
}

func isHex(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}

func unhex(c byte) byte {
	switch {
	case c <= '9':
		return c - '0'
	case c <= 'F':
		return c - 'A' + 10
	}
	return c - 'a' + 10
}

// accepts reports whether key is one of the configured keys. Every key is
// compared, in constant time, so timing tells nothing about which one
// came close.
func (c *config) accepts(key string) bool {
	sum := sha256.Sum256([]byte(key))
	match := 0
	for i := range c.keys {
		match |= subtle.ConstantTimeCompare(sum[:], c.keys[i][:])
	}
	return match == 1
}
