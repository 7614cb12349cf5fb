package v1

import (
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/causeway-dev/causeway/api/httpx"
	"github.com/causeway-dev/causeway/registry/config"
)

// Long-polling headers, with Nacos's spelling.
const (
	headerLongPollTimeout = "Long-Pulling-Timeout"
	headerNoHangup        = "Long-Pulling-Timeout-No-Hangup"
)

// listener is the v1 long poll: it answers at once with the configs whose
// md5 the client has wrong, else holds the request until one of them
// changes or the poll times out, then answers the changed ones (or nothing).
func (h *configHandler) listener(w http.ResponseWriter, r *http.Request, p httpx.Params) error {
	recs, err := parseListeningConfigs(p.Get(listeningConfigs))
	if err != nil {
		return errBadRequest("caused: " + err.Error() + ";")
	}
	hold, err := h.holdFor(r)
	if err != nil {
		return err
	}
	listens := make([]config.Listen, len(recs))
	for i, rec := range recs {
		listens[i] = config.Listen{Key: config.NewKey(strings.TrimSpace(rec.Tenant), rec.Group, rec.DataID), MD5: rec.MD5}
	}
	changed := h.svc.WaitFor(r.Context(), httpx.ClientIP(r), listens, hold)
	if r.Context().Err() != nil {
		return nil //nolint:nilerr // the client went away: nothing to answer
	}
	hd := w.Header()
	hd.Set("Pragma", "no-cache")
	hd.Set("Expires", time.Unix(0, 0).UTC().Format(http.TimeFormat))
	hd.Set("Cache-Control", "no-cache,no-store")
	if len(changed) == 0 {
		w.WriteHeader(http.StatusOK) // timeout or no-hangup: empty body
		return nil
	}
	out := make([]listenRecord, len(changed))
	for i, at := range changed {
		out[i] = recs[at]
	}
	writeText(w, http.StatusOK, encodeChanged(out)+"\n") // Nacos println()s it
	return nil
}

// maxLongPollMillis caps an absurd client timeout at a day.
const maxLongPollMillis = 24 * 60 * 60 * 1000

// holdFor answers how long to hold: max(MinLongPoll, timeout - advance) as
// Nacos computes it, 0 for a no-hangup poll or a short poll (no timeout
// header at all).
func (h *configHandler) holdFor(r *http.Request) (time.Duration, error) {
	raw, ok := r.Header[headerLongPollTimeout]
	if !ok || len(raw) == 0 {
		return 0, nil
	}
	ms, err := strconv.ParseInt(strings.TrimSpace(raw[0]), 10, 64)
	if err != nil {
		return 0, errBadRequest(`caused: For input string: "` + raw[0] + `";`)
	}
	if strings.EqualFold(r.Header.Get(headerNoHangup), "true") {
		return 0, nil
	}
	ms = min(ms, maxLongPollMillis) // keeps the Duration from overflowing
	return max(h.opts.MinLongPoll, time.Duration(ms)*time.Millisecond-h.opts.LongPollAdvance), nil
}
