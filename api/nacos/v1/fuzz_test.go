package v1

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/causeway-dev/causeway/registry"
	"github.com/causeway-dev/causeway/registry/naming"
)

// beatSeeds seed FuzzBeatEndpoint; registry/naming fuzzes the beat parser
// itself (FuzzParseBeat).
var beatSeeds = []string{
	"",
	"null",
	`{"cluster":"c1","ip":"127.0.0.1","metadata":{},"port":8080,"scheduled":true,"serviceName":"s","weight":1}`,
	`{"ip":"10.0.0.1","port":"8080","ephemeral":"false","metadata":{"a":1,"b":true,"c":null}}`,
	`{"ip":1,"port":1e3,"weight":"NaN"}`,
	`{"port":99999999999}`,
	`{"metadata":{"a":{"b":"c=d"}}}`,
	`{"metadata":"k=v"}`,
	`[`, `{"ip":"a"}{}`, `"str"`, `{"weight":1e400}`,
}

// FuzzParseMetadata: metadata in either of Nacos's formats never panics,
// and a refusal is a 400.
func FuzzParseMetadata(f *testing.F) {
	for _, s := range []string{"", "a=1,b=2", `{"a":"1","n":2,"t":true}`, "a", "=", ",", `{"a":[1]}`, `{`, "a=b=c", `null`} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		md, err := naming.ParseMetadata(s, registry.KindInstanceMetadata)
		if err != nil {
			if status, _ := answerOf(err); status != http.StatusBadRequest {
				t.Fatalf("metadata %q refused with %d", s, status)
			}
			return
		}
		if md == nil {
			t.Fatalf("metadata %q parsed to nil", s)
		}
	})
}

// FuzzParseBatchInstances: the "instances" parameter never panics.
func FuzzParseBatchInstances(f *testing.F) {
	for _, s := range []string{"", "[]", `[{"ip":"1.1.1.1","port":"80","ephemeral":"true","clusterName":"c"}]`,
		`[{"ip":1,"port":[1]}]`, `[null]`, `{}`, `[{"port":"-1"}]`} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if _, err := parseBatchInstances(s); err != nil {
			if status, _ := answerOf(err); status != http.StatusBadRequest {
				t.Fatalf("instances %q refused with %d", s, status)
			}
		}
	})
}

// FuzzBeatEndpoint drives the whole beat endpoint: whatever the beat, the
// answer is 200 or 400, never a panic or a 5xx.
func FuzzBeatEndpoint(f *testing.F) {
	for _, s := range beatSeeds {
		f.Add(s)
	}
	e := newEnv(f, 0)
	f.Fuzz(func(t *testing.T, beat string) {
		// e.do reports through the fuzz engine's F, which a target must not use.
		req := httptest.NewRequest(http.MethodPut, base+"/instance/beat",
			strings.NewReader(vals("serviceName", "fuzz", "beat", beat).Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		rec := e.serve(req)
		if rec.Code != http.StatusOK && rec.Code != http.StatusBadRequest {
			t.Fatalf("beat %q answered %d %s", beat, rec.Code, rec.Body)
		}
	})
}
