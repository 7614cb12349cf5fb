package main

import "strings"

// cookies answers the values of the cookie name in Cookie header values.
// HTTP/2 clients may split cookies over several Cookie headers, and a name
// may repeat, so every occurrence counts.
func cookies(headerValues []string, name string) []string {
	var out []string
	for _, hv := range headerValues {
		for _, pair := range strings.Split(hv, ";") {
			n, v, ok := strings.Cut(pair, "=")
			if !ok || strings.TrimSpace(n) != name {
				continue
			}
			v = strings.TrimSpace(v)
			// RFC 6265 allows a value in double quotes; the quotes are
			// not part of it.
			if len(v) >= 2 && v[0] == '"' && v[len(v)-1] == '"' {
				v = v[1 : len(v)-1]
			}
			out = append(out, v)
		}
	}
	return out
}
