package client

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"

	"gopkg.in/yaml.v3"
)

// APIVersion is the only apiVersion of a manifest.
const APIVersion = "causeway/v1"

// Kinds of a manifest document.
const (
	KindGateway   = "Gateway"
	KindRoute     = "Route"
	KindPlugin    = "Plugin"
	KindPolicy    = "Policy"
	KindRouteRule = "RouteRule"
	KindHttp2Rpc  = "Http2Rpc"
)

// kindOrder is the order apply writes in: a gateway before what belongs to
// it; delete goes the other way.
var kindOrder = map[string]int{KindGateway: 0, KindRoute: 1, KindPlugin: 2, KindHttp2Rpc: 3, KindPolicy: 4, KindRouteRule: 5}

// Metadata names a document's object.
type Metadata struct {
	Name    string `yaml:"name"`
	Project string `yaml:"project,omitempty"`
	Gateway string `yaml:"gateway,omitempty"`
	Kind    string `yaml:"kind,omitempty"`
}

// Document is one object of a manifest. Spec is the CSE body as JSON.
type Document struct {
	APIVersion string          `yaml:"apiVersion"`
	Kind       string          `yaml:"kind"`
	Metadata   Metadata        `yaml:"metadata"`
	Spec       json.RawMessage `yaml:"-"`
	// Source says where the document came from: "file.yaml#2".
	Source string `yaml:"-"`
}

// rawDocument is a document as decoded: the spec as YAML, made JSON after.
type rawDocument struct {
	APIVersion string   `yaml:"apiVersion"`
	Kind       string   `yaml:"kind"`
	Metadata   Metadata `yaml:"metadata"`
	Spec       any      `yaml:"spec"`
}

// String names the document as the CLI prints it: kind/[gateway/]name.
func (d Document) String() string {
	s := strings.ToLower(d.Kind) + "/"
	switch {
	case d.Metadata.Gateway != "":
		s += d.Metadata.Gateway + "/"
	case d.Kind == KindPolicy:
		s += d.Metadata.Kind + "/"
	}
	return s + d.Metadata.Name
}

// Project answers the document's project, "default" when unset.
func (d Document) Project() string {
	if d.Metadata.Project == "" {
		return "default"
	}
	return d.Metadata.Project
}

// ParseManifest reads every document of r (YAML, "---" between documents;
// empty documents are skipped) and validates each; source names r in
// errors. Nothing is sent anywhere: a bad document fails the whole file.
func ParseManifest(r io.Reader, source string) ([]Document, error) {
	dec := yaml.NewDecoder(r)
	dec.KnownFields(true)
	var docs []Document
	for i := 1; ; i++ {
		var raw rawDocument
		err := dec.Decode(&raw)
		if errors.Is(err, io.EOF) {
			return docs, nil
		}
		where := fmt.Sprintf("%s#%d", source, i)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", where, err)
		}
		if raw.empty() {
			continue // "---" with nothing after it
		}
		d, err := raw.document(where)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", where, err)
		}
		docs = append(docs, d)
	}
}

func (raw rawDocument) document(where string) (Document, error) {
	d := Document{APIVersion: raw.APIVersion, Kind: raw.Kind, Metadata: raw.Metadata, Source: where}
	if err := d.validateHead(); err != nil {
		return d, err
	}
	spec, err := specJSON(raw.Spec)
	if err != nil {
		return d, fmt.Errorf("%s: spec: %w", d, err)
	}
	if d.Spec, err = d.checkSpec(spec); err != nil {
		return d, fmt.Errorf("%s: spec: %w", d, err)
	}
	return d, nil
}

func (raw rawDocument) empty() bool {
	return raw.APIVersion == "" && raw.Kind == "" && raw.Metadata == (Metadata{}) && raw.Spec == nil
}

// specJSON checks the spec's YAML can be JSON: every mapping key a string.
func specJSON(v any) (any, error) {
	if v == nil {
		return nil, errors.New("is missing")
	}
	return jsonValue(v, "")
}

func jsonValue(v any, path string) (any, error) {
	switch t := v.(type) {
	case map[string]any:
		for k, e := range t {
			c, err := jsonValue(e, path+"."+k)
			if err != nil {
				return nil, err
			}
			t[k] = c
		}
		return t, nil
	case map[any]any:
		return nil, fmt.Errorf("%s: a mapping key is not a string", strings.TrimPrefix(path, "."))
	case []any:
		for i, e := range t {
			c, err := jsonValue(e, fmt.Sprintf("%s[%d]", path, i))
			if err != nil {
				return nil, err
			}
			t[i] = c
		}
		return t, nil
	}
	return v, nil
}

// encodeJSON marshals without HTML escaping: specs hold "<" and "&" in
// regexes and headers.
func encodeJSON(v any) (json.RawMessage, error) {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return bytes.TrimRight(b.Bytes(), "\n"), nil
}
