package nacosform

import (
	"net/url"
	"strings"
	"testing"

	"github.com/causeway-dev/causeway/api/httpx"
	"github.com/causeway-dev/causeway/api/nacos/nacosresult"
)

// TestNeedIntWidth: the one difference of the v2 and v3 readers kept as a
// choice: NeedInt takes any int, NeedInt32 refuses what Spring would not
// bind to an int; both word an absent one alike.
func TestNeedIntWidth(t *testing.T) {
	p := httpx.Params{Values: url.Values{"big": {"4294967296"}, "small": {"8848"}}}
	for _, c := range []struct {
		name    string
		read    func(*Reader) int
		wantErr string
	}{
		{"NeedInt big", func(rd *Reader) int { return rd.NeedInt("big") }, ""},
		{"NeedInt32 big", func(rd *Reader) int { return int(rd.NeedInt32("big")) }, "int"},
		{"NeedInt32 small", func(rd *Reader) int { return int(rd.NeedInt32("small")) }, ""},
		{"NeedInt absent", func(rd *Reader) int { return rd.NeedInt("port") }, "Required parameter 'port' type Integer is not present"},
		{"NeedInt32 absent", func(rd *Reader) int { return int(rd.NeedInt32("port")) }, "Required parameter 'port' type Integer is not present"},
	} {
		rd := New(p, nacosresult.FormMissing)
		c.read(rd)
		switch err := rd.Err(); {
		case c.wantErr == "" && err != nil:
			t.Errorf("%s: %v", c.name, err)
		case c.wantErr != "" && (err == nil || !strings.Contains(err.Error(), c.wantErr)):
			t.Errorf("%s: error %v, want one with %q", c.name, err, c.wantErr)
		}
	}
}

// FuzzParseTargets: the batch instance list parser takes any text without
// panicking, and every target it answers has an ip and a cluster.
func FuzzParseTargets(f *testing.F) {
	for _, s := range []string{"", "null", `[{"ip":"1.2.3.4","port":80}]`,
		`[{"ip":"1.2.3.4","port":"x","ephemeral":"maybe"}]`, `[{"ip":" ","port":1}]`} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if ts, err := ParseTargets(s, true); err == nil {
			for _, tg := range ts {
				if tg.IP == "" || tg.Cluster == "" {
					t.Errorf("%q read as %+v", s, tg)
				}
			}
		}
	})
}
