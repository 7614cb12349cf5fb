package main

import (
	"bytes"
	"crypto/sha256"
	"encoding/json"
	"errors"
	"fmt"

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

func parseConfig(raw json.RawMessage) (*config, error) {
	var in struct {
		Keys   []string `json:"keys"`
		Header string   `json:"header"`
		Query  string   `json:"query"`
	}
	d := json.NewDecoder(bytes.NewReader(raw))
	// A misspelt field would otherwise silently fall back to a default.
	d.DisallowUnknownFields()
	if err := d.Decode(&in); err != nil {
		return nil, err
	}
	if len(in.Keys) == 0 {
		return nil, errors.New("keys: at least one key is required")
	}
	c := &config{header: defaultHeader, query: in.Query}
	for i, k := range in.Keys {
		if k == "" {
			return nil, fmt.Errorf("keys[%d]: must not be empty", i)
		}
		c.keys = append(c.keys, sha256.Sum256([]byte(k)))
	}
	if in.Header != "" {
		h, err := wasmhttp.HeaderName(in.Header)
		if err != nil {
			return nil, fmt.Errorf("header: %w", err)
		}
		c.header = h
	}
	return c, nil
}
