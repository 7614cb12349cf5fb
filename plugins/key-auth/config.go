package main

import (
	"crypto/sha256"
	"errors"

	"github.com/causeway-dev/causeway/plugins/internal/conf"
	"github.com/causeway-dev/causeway/plugins/internal/wasmhttp"
)

const defaultHeader = "x-api-key"

// config is one parsed configuration, default or per rule.
type config struct {
	header string // lower-case
	query  string // "" when keys are not taken from the query
	// keys holds digests, not the keys: comparing fixed-size digests in
	// constant time leaks neither a key nor its length.
	keys [][sha256.Size]byte
}

func parseConfig(o *conf.Object) (*config, error) {
	keys, err := o.Strings("keys")
	if err != nil {
		return nil, err
	}
	header, err := o.String("header")
	if err != nil {
		return nil, err
	}
	query, err := o.String("query")
	if err != nil {
		return nil, err
	}
	// A misspelt field would otherwise silently fall back to a default.
	if err := o.Done(); err != nil {
		return nil, err
	}
	if len(keys) == 0 {
		return nil, errors.New("keys: at least one key is required")
	}
	c := &config{header: defaultHeader, query: query}
	for i, k := range keys {
		if k == "" {
			return nil, errors.New(conf.Index("keys", i) + ": must not be empty")
		}
		c.keys = append(c.keys, sha256.Sum256([]byte(k)))
	}
	if header != "" {
		h, err := wasmhttp.HeaderName(header)
		if err != nil {
			return nil, conf.Wrap("header", err)
		}
		c.header = h
	}
	return c, nil
}
