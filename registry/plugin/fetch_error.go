package plugin

import "net/url"

// FetchFailedMsg is all an API caller learns when a module cannot be
// fetched, whatever the cause: refused as internal, connection refused,
// not HTTP, a 404, too large. Telling them apart would make the plugin API
// a port scanner of the server's networks; the server log keeps the cause.
const FetchFailedMsg = "the plugin module could not be fetched from the URL"

// fetchFailed logs why a fetch failed and answers the generic error.
func (r *Registry) fetchFailed(rawURL string, cause error) error {
	r.log.Warn("plugin module fetch failed", "url", redactURL(rawURL), "err", cause)
	return invalid("url", "%s", FetchFailedMsg)
}

// redactURL hides a URL's password, for logs.
func redactURL(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return "(unparsable URL)"
	}
	return u.Redacted()
}
