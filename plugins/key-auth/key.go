package main

import (
	"crypto/sha256"
	"crypto/subtle"
	"net/url"
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
// path.
func queryValue(path, name string) (string, bool) {
	_, query, ok := strings.Cut(path, "?")
	if !ok {
		return "", false
	}
	query, _, _ = strings.Cut(query, "#")
	// ParseQuery keeps going past a malformed pair and answers the rest,
	// so a stray bad escape elsewhere does not hide a good key.
	values, _ := url.ParseQuery(query)
	if v := values.Get(name); v != "" {
		return v, true
	}
	return "", false
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
