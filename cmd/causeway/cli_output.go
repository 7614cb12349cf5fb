package main

import (
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"strings"
	"text/tabwriter"

	"gopkg.in/yaml.v3"

	"github.com/causeway-dev/causeway/client"
)

// column is one column of a table: its header and how to read a cell.
type column struct {
	head string
	cell func(o client.Object) string
}

// field is a column of one value, by dotted path ("destination.service").
func field(head, path string) column {
	return column{head, func(o client.Object) string { return text(lookup(o, path)) }}
}

func lookup(o any, path string) any {
	for _, k := range strings.Split(path, ".") {
		m, ok := o.(map[string]any)
		if !ok {
			return nil
		}
		o = m[k]
	}
	return o
}

// text renders a cell: numbers without exponent, lists joined, objects
// as compact JSON, nothing as "-".
func text(v any) string {
	switch t := v.(type) {
	case nil:
		return "-"
	case string:
		if t == "" {
			return "-"
		}
		return t
	case float64:
		return strconv.FormatFloat(t, 'f', -1, 64)
	case bool:
		return strconv.FormatBool(t)
	case []any:
		parts := make([]string, 0, len(t))
		for _, e := range t {
			parts = append(parts, text(e))
		}
		if len(parts) == 0 {
			return "-"
		}
		return strings.Join(parts, ",")
	}
	b, _ := json.Marshal(v)
	return string(b)
}

// printTable writes rows under headers, kubectl style: upper-case
// headers, columns padded by three spaces.
func printTable(w io.Writer, cols []column, items []client.Object) {
	tw := tabwriter.NewWriter(w, 0, 0, 3, ' ', 0)
	heads := make([]string, len(cols))
	for i, c := range cols {
		heads[i] = c.head
	}
	fmt.Fprintln(tw, strings.Join(heads, "\t"))
	for _, o := range items {
		cells := make([]string, len(cols))
		for i, c := range cols {
			cells[i] = strings.ReplaceAll(c.cell(o), "\t", " ")
		}
		fmt.Fprintln(tw, strings.Join(cells, "\t"))
	}
	_ = tw.Flush()
}

// printAs writes v as JSON or YAML; format was checked by checkFormat.
func printAs(w io.Writer, format string, v any) error {
	if format == "yaml" {
		b, err := yaml.Marshal(normalizeForYAML(v))
		if err != nil {
			return fmt.Errorf("encode YAML: %w", err)
		}
		_, err = w.Write(b)
		return err
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(v)
}

// normalizeForYAML re-reads v through JSON so that YAML shows the JSON
// field names of typed values (structs carry json tags, not yaml ones).
func normalizeForYAML(v any) any {
	b, err := json.Marshal(v)
	if err != nil {
		return v
	}
	var out any
	if json.Unmarshal(b, &out) != nil {
		return v
	}
	return out
}

func checkFormat(f string) error {
	switch f {
	case "", "table", "json", "yaml":
		return nil
	}
	return fmt.Errorf("-o %q: want table, json or yaml", f)
}

func jsonUnmarshal(b []byte, v any) error { return json.Unmarshal(b, v) }
