package cse

import (
	"net/url"
	"slices"
	"testing"
)

// FuzzReadQuery: any raw query either is refused or answers, for each
// parameter, the one value sent under its names, absent when none was.
func FuzzReadQuery(f *testing.F) {
	for _, seed := range []string{
		"", "offset=1&limit=2", "customNamespaceId=a&custom_name_space_id=a", "custom_name_space_id=a&customNamespaceId=b",
		"offset=%zz", "offset=1;limit=2", "namespace=x&namespace=x", "limit=-1", "limit=99999999999999999999", "a=1&&=&offset",
	} {
		f.Add(seed)
	}
	params := []param{pOffset, pLimit, pCustomID, pNamespaceName, pNamespaceDesc, pNamespace, pShowName, pNamespaceID}
	f.Fuzz(func(t *testing.T, raw string) {
		q, err := readQuery(raw, params...)
		vals, perr := url.ParseQuery(raw)
		if err != nil {
			return
		}
		if perr != nil {
			t.Fatalf("%q: accepted a query url.ParseQuery refuses: %v", raw, perr)
		}
		for _, p := range params {
			sent := slices.Concat(vals[p.seed], vals[p.nacos])
			v, ok := q[p.seed]
			if ok != (len(sent) > 0) {
				t.Fatalf("%q: %s present %v, sent %v", raw, p.seed, ok, sent)
			}
			for _, s := range sent {
				if s != v {
					t.Fatalf("%q: %s answered %q, sent %v", raw, p.seed, v, sent)
				}
			}
		}
		for _, p := range []param{pOffset, pLimit} {
			if n, err := q.count(p); err == nil && (n < 0 || n > maxPage) {
				t.Fatalf("%q: %s = %d", raw, p.seed, n)
			}
		}
	})
}
