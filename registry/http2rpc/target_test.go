package http2rpc

import (
	"testing"

	"github.com/causeway-dev/causeway/registry/gateway"
)

func TestTargetRoundTrip(t *testing.T) {
	in := Target{Gateway: gateway.Key{Project: "p/1", ID: "gw 1"}, MappingID: "m%", Method: 3}
	out, err := ParseTarget(in.String())
	if err != nil || out != in {
		t.Fatalf("%q → %+v %v", in.String(), out, err)
	}
	for _, bad := range []string{"", "a/b/c", "a/b/c/d", "a/b/c/-1", "a/b/c/1/e", "%zz/b/c/1", "/b/c/1"} {
		if _, err := ParseTarget(bad); err == nil {
			t.Errorf("%q parsed", bad)
		}
	}
}

// FuzzParseTarget: the header comes from the network; no value panics the
// parser, and a parsed one encodes back to a value that parses the same.
func FuzzParseTarget(f *testing.F) {
	f.Add("default/gw1/abc/0")
	f.Add("a%2Fb/c/d/12")
	f.Fuzz(func(t *testing.T, s string) {
		tg, err := ParseTarget(s)
		if err != nil {
			return
		}
		again, err := ParseTarget(tg.String())
		if err != nil || again != tg {
			t.Fatalf("%q → %+v → %+v %v", s, tg, again, err)
		}
	})
}
