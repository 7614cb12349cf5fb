package main

import (
	"errors"
	"strconv"
	"strings"

	"github.com/causeway-dev/causeway/plugins/internal/conf"
	"github.com/causeway-dev/causeway/plugins/internal/wasmhttp"
)

const defaultTagHeader = "x-causeway-tag"

// config is one parsed configuration, default or per rule.
type config struct {
	tagHeader string
	rules     []rule
	// stickyHeader is the header of the first header rule: it names the
	// user, so weight rules bucket by it and a user stays on one side.
	stickyHeader string
}

// rule is one tagging rule. Exactly one of header, cookie and weight
// (>= 0) is set.
type rule struct {
	header string // lower-case
	cookie string
	weight int // -1 unless a weight rule
	values map[string]bool
	tag    string
}

func parseConfig(o *conf.Object) (*config, error) {
	tagHeader, err := o.String("tagHeader")
	if err != nil {
		return nil, err
	}
	rules, err := o.Objects("rules")
	if err != nil {
		return nil, err
	}
	// A misspelt field would otherwise silently tag nothing.
	if err := o.Done(); err != nil {
		return nil, err
	}
	c := &config{tagHeader: defaultTagHeader}
	if tagHeader != "" {
		h, err := wasmhttp.HeaderName(tagHeader)
		if err != nil {
			return nil, conf.Wrap("tagHeader", err)
		}
		c.tagHeader = h
	}
	if len(rules) == 0 {
		return nil, errors.New("rules: at least one rule is required")
	}
	for i, ro := range rules {
		r, err := parseRule(ro)
		if err != nil {
			return nil, conf.Wrap(conf.Index("rules", i), err)
		}
		if r.header != "" && c.stickyHeader == "" {
			c.stickyHeader = r.header
		}
		c.rules = append(c.rules, r)
	}
	return c, nil
}

func parseRule(o *conf.Object) (rule, error) {
	r := rule{weight: -1}
	header, byHeader, err := o.OptionalString("header")
	if err != nil {
		return r, err
	}
	cookie, byCookie, err := o.OptionalString("cookie")
	if err != nil {
		return r, err
	}
	weight, byWeight, err := o.OptionalInt("weight")
	if err != nil {
		return r, err
	}
	values, err := o.Strings("values")
	if err != nil {
		return r, err
	}
	tag, err := o.String("tag")
	if err != nil {
		return r, err
	}
	if err := o.Done(); err != nil {
		return r, err
	}
	kinds := 0
	for _, set := range []bool{byHeader, byCookie, byWeight} {
		if set {
			kinds++
		}
	}
	if kinds != 1 {
		return r, errors.New("must have exactly one of header, cookie and weight")
	}
	if tag == "" {
		return r, errors.New("tag: must not be empty")
	}
	if err := wasmhttp.HeaderValue(tag); err != nil {
		return r, conf.Wrap("tag", err)
	}
	r.tag = tag
	if byWeight {
		if weight < 0 || weight > 100 {
			return r, errors.New("weight: " + strconv.Itoa(weight) + ": must be a percentage, 0 to 100")
		}
		if values != nil {
			return r, errors.New("values: a weight rule has none")
		}
		r.weight = weight
		return r, nil
	}
	if byHeader {
		if r.header, err = wasmhttp.HeaderName(header); err != nil {
			return r, conf.Wrap("header", err)
		}
	} else if r.cookie, err = cookieName(cookie); err != nil {
		return r, conf.Wrap("cookie", err)
	}
	if len(values) == 0 {
		return r, errors.New("values: at least one value is required")
	}
	r.values = make(map[string]bool, len(values))
	for i, v := range values {
		if v == "" {
			// Envoy reports an empty header as absent: it could never match.
			return r, errors.New(conf.Index("values", i) + ": must not be empty")
		}
		r.values[v] = true
	}
	return r, nil
}

// cookieName checks a cookie name: an RFC 6265 token, so it cannot be
// confused with the separators the Cookie header is parsed on.
func cookieName(name string) (string, error) {
	if name == "" {
		return "", errors.New("must not be empty")
	}
	if strings.ContainsFunc(name, func(r rune) bool {
		return r <= ' ' || r >= 0x7f || strings.ContainsRune(`()<>@,;:\"/[]?={}`, r)
	}) {
		return "", errors.New(strconv.Quote(name) + ": not a valid cookie name")
	}
	return name, nil
}
