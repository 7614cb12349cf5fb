package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"sort"

	"github.com/causeway-dev/causeway/plugins/internal/wasmhttp"
)

// config is one parsed configuration, default or per rule.
type config struct {
	request, response edits
}

// edits are the changes to one header map, applied in this order.
type edits struct {
	remove []string
	// set and add are sorted by name: JSON objects have no order, and the
	// same configuration must always rewrite the same way.
	set, add [][2]string
}

type editsJSON struct {
	Set    map[string]string `json:"set"`
	Add    map[string]string `json:"add"`
	Remove []string          `json:"remove"`
}

func parseConfig(raw json.RawMessage) (*config, error) {
	var in struct {
		Request  editsJSON `json:"request"`
		Response editsJSON `json:"response"`
	}
	d := json.NewDecoder(bytes.NewReader(raw))
	// A misspelt field would otherwise silently rewrite nothing.
	d.DisallowUnknownFields()
	if err := d.Decode(&in); err != nil {
		return nil, err
	}
	c := &config{}
	var err error
	if c.request, err = parseEdits("request", in.Request); err != nil {
		return nil, err
	}
	if c.response, err = parseEdits("response", in.Response); err != nil {
		return nil, err
	}
	return c, nil
}

func parseEdits(where string, in editsJSON) (edits, error) {
	var e edits
	for i, name := range in.Remove {
		n, err := wasmhttp.HeaderName(name)
		if err != nil {
			return e, fmt.Errorf("%s.remove[%d]: %w", where, i, err)
		}
		e.remove = append(e.remove, n)
	}
	var err error
	if e.set, err = parsePairs(where+".set", in.Set); err != nil {
		return e, err
	}
	e.add, err = parsePairs(where+".add", in.Add)
	return e, err
}

func parsePairs(where string, in map[string]string) ([][2]string, error) {
	names := make([]string, 0, len(in))
	for name := range in {
		names = append(names, name)
	}
	sort.Strings(names)
	out := make([][2]string, 0, len(names))
	for _, name := range names {
		n, err := wasmhttp.HeaderName(name)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", where, err)
		}
		if err := wasmhttp.HeaderValue(in[name]); err != nil {
			return nil, fmt.Errorf("%s.%s: %w", where, name, err)
		}
		out = append(out, [2]string{n, in[name]})
	}
	return out, nil
}
