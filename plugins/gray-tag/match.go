package main

import "strings"

// request is what the rules look at: the request headers, by lower-case
// name, every value.
type request map[string][]string

func newRequest(headers [][2]string) request {
	r := request{}
	for _, h := range headers {
		name := strings.ToLower(h[0])
		r[name] = append(r[name], h[1])
	}
	return r
}

// first answers the first non-empty value of a header.
func (r request) first(name string) string {
	for _, v := range r[name] {
		if v != "" {
			return v
		}
	}
	return ""
}

// tag answers the tag of the first rule the request matches.
func (c *config) tag(r request) (string, bool) {
	pct := -1 // the bucket, computed once and only if a weight rule is reached
	for i := range c.rules {
		rule := &c.rules[i]
		switch {
		case rule.weight >= 0:
			if pct < 0 {
				pct = bucket(c.stickyKey(r))
			}
			if pct < rule.weight {
				return rule.tag, true
			}
		case rule.header != "":
			if anyIn(r[rule.header], rule.values) {
				return rule.tag, true
			}
		default:
			if anyIn(cookies(r["cookie"], rule.cookie), rule.values) {
				return rule.tag, true
			}
		}
	}
	return "", false
}

// stickyKey answers what weight rules bucket a request by: the user the
// first header rule names, else the request id, else nothing (random).
func (c *config) stickyKey(r request) string {
	if c.stickyHeader != "" {
		if v := r.first(c.stickyHeader); v != "" {
			return v
		}
	}
	return r.first("x-request-id")
}

func anyIn(values []string, set map[string]bool) bool {
	for _, v := range values {
		if set[v] {
			return true
		}
	}
	return false
}
