package catalog

import (
	"testing"
)

// The parsers of untrusted documents never panic, and what they accept
// normalizes or is refused with a registry error.
func FuzzParseMCPInput(f *testing.F) {
	f.Add(sseDirect, tools, directEP)
	f.Add(`{"name":"x","protocol":"stdio","version":"1"}`, "", refEP)
	f.Add(`{"versionDetail":null}`, `{"tools":null}`, `{"type":"REF","data":null}`)
	f.Fuzz(func(t *testing.T, server, tool, ep string) {
		in, err := ParseMCPInput("", "n", server, tool, ep)
		if err != nil {
			return
		}
		if s, err := in.normalize(); err == nil && (s.Name == "" || s.Version == "") {
			t.Fatalf("normalized without a name or version: %+v", s)
		}
	})
}

func FuzzParseAgentCard(f *testing.F) {
	f.Add(`{"name":"a","version":"1","url":"http://h/"}`, "URL")
	f.Add(`{"name":"a","version":"1","skills":{}}`, "service")
	f.Fuzz(func(t *testing.T, s, rt string) {
		c, err := ParseAgentCard(s)
		if err != nil {
			return
		}
		if n, err := normalizeCard(c, rt); err == nil && (n.Name == "" || n.Version == "" || n.RegistrationType == "") {
			t.Fatalf("normalized card lacks a field: %+v", n)
		}
	})
}
