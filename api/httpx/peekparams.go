package httpx

import (
	"fmt"
	"net/http"
	"net/url"
)

// PeekParams answers the parameters keys of r as ReadParams would give
// them to the handler (a form body's values first, then the query's),
// without consuming the body: an Access's Scope reads through it what
// the handler will act on, so that the two never disagree. Only keys are
// kept, so a large config content beside them is not copied.
func PeekParams(r *http.Request, keys ...string) (Params, error) {
	form, err := PeekForm(r, keys...)
	if err != nil {
		return Params{}, fmt.Errorf("read parameters: %w", err)
	}
	// A malformed query is the handler's to refuse, in its dialect's
	// words: ParseQuery still answers the pairs it could read.
	query, _ := url.ParseQuery(r.URL.RawQuery)
	for _, k := range keys {
		if vs, ok := query[k]; ok {
			form[k] = append(form[k], vs...)
		}
	}
	return Params{form}, nil
}
