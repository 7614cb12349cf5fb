package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

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

type ruleJSON struct {
	Header *string  `json:"header"`
	Cookie *string  `json:"cookie"`
	Weight *int     `json:"weight"`
	Values []string `json:"values"`
	Tag    string   `json:"tag"`
}

func parseConfig(raw json.RawMessage) (*config, error) {
	var in struct {
		TagHeader string     `json:"tagHeader"`
		Rules     []ruleJSON `json:"rules"`
	}
	d := json.NewDecoder(bytes.NewReader(raw))
	// A misspelt field would otherwise silently tag nothing.
	d.DisallowUnknownFields()
	if err := d.Decode(&in); err != nil {
		return nil, err
	}
	c := &config{tagHeader: defaultTagHeader}
	if in.TagHeader != "" {
		h, err := wasmhttp.HeaderName(in.TagHeader)
		if err != nil {
			return nil, fmt.Errorf("tagHeader: %w", err)
		}
		c.tagHeader = h
	}
	if len(in.Rules) == 0 {
		return nil, errors.New("rules: at least one rule is required")
	}
	for i, rj := range in.Rules {
		r, err := parseRule(rj)
		if err != nil {
			return nil, fmt.Errorf("rules[%d]: %w", i, err)
		}
		if r.header != "" && c.stickyHeader == "" {
			c.stickyHeader = r.header
		}
		c.rules = append(c.rules, r)
	}
	return c, nil
}

func parseRule(in ruleJSON) (rule, error) {
	r := rule{weight: -1}
	kinds := 0
	for _, set := range []bool{in.Header != nil, in.Cookie != nil, in.Weight != nil} {
		if set {
			kinds++
		}
	}
	if kinds != 1 {
		return r, errors.New("must have exactly one of header, cookie and weight")
	}
	if in.Tag == "" {
		return r, errors.New("tag: must not be empty")
	}
	if err := wasmhttp.HeaderValue(in.Tag); err != nil {
		return r, fmt.Errorf("tag: %w", err)
	}
	r.tag = in.Tag
	if in.Weight != nil {
		if *in.Weight < 0 || *in.Weight > 100 {
			return r, fmt.Errorf("weight: %d: must be a percentage, 0 to 100", *in.Weight)
		}
		if in.Values != nil {
			return r, errors.New("values: a weight rule has none")
		}
		r.weight = *in.Weight
		return r, nil
	}
	var err error
	if in.Header != nil {
		if r.header, err = wasmhttp.HeaderName(*in.Header); err != nil {
			return r, fmt.Errorf("header: %w", err)
		}
	} else if r.cookie, err = cookieName(*in.Cookie); err != nil {
		return r, fmt.Errorf("cookie: %w", err)
	}
	if len(in.Values) == 0 {
		return r, errors.New("values: at least one value is required")
	}
	r.values = make(map[string]bool, len(in.Values))
	for i, v := range in.Values {
		if v == "" {
			// Envoy reports an empty header as absent: it could never match.
			return r, fmt.Errorf("values[%d]: must not be empty", i)
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
		return "", fmt.Errorf("%q: not a valid cookie name", name)
	}
	return name, nil
}
