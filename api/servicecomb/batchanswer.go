package servicecomb

import (
	"encoding/json"
	"net/http"
	"strconv"
	"sync"

	sc "github.com/causeway-dev/causeway/registry/servicecomb"
)

// A batch find answer is assembled from each item's instances as the find
// cache holds them encoded, so that a batch of n services costs about n
// cached finds rather than an encoding of every instance. The bytes are
// those encoding/json gives for
//
//	map[string]*struct {
//		Failed      []findFailed `json:"failed,omitempty"`
//		NotModified []int        `json:"notModified,omitempty"`
//		Updated     []struct {
//			Index     int           `json:"index"`
//			Rev       string        `json:"rev"`
//			Instances []*Instance   `json:"instances"`
//		} `json:"updated,omitempty"`
//	}
//
// with json.Encoder's trailing newline (TestBatchFindAnswer holds them to
// it): the keys in order, HTML characters escaped.

type findFailed struct {
	Indexes []int     `json:"indexes"`
	Error   errorBody `json:"error"`
}

// writeBatchAnswer answers the lists that were asked for (nil ones are
// left out).
func writeBatchAnswer(w http.ResponseWriter, services, instances *sc.BatchResult) {
	buf := answerBuffers.Get().(*[]byte)
	out := (*buf)[:0]
	out = append(out, '{')
	if instances != nil {
		out = appendBatchResult(append(out, `"instances":`...), instances)
	}
	if services != nil {
		if instances != nil {
			out = append(out, ',')
		}
		out = appendBatchResult(append(out, `"services":`...), services)
	}
	out = append(out, "}\n"...)
	w.Header().Set("Content-Type", "application/json;charset=UTF-8")
	w.WriteHeader(http.StatusOK)
	_, _ = w.Write(out) // the client went away; nothing to do
	if cap(out) <= maxPooledAnswer {
		*buf = out
		answerBuffers.Put(buf)
	}
}

// answerBuffers keeps answers' buffers for the next batch; one of a huge
// answer is left to the collector rather than held.
var answerBuffers = sync.Pool{New: func() any { b := make([]byte, 0, 4096); return &b }}

const maxPooledAnswer = 1 << 20

func appendBatchResult(out []byte, res *sc.BatchResult) []byte {
	out = append(out, '{')
	comma := false
	if failed := groupFailed(res.Failed); len(failed) > 0 {
		out = append(out, `"failed":`...)
		out = append(out, mustMarshal(failed)...)
		comma = true
	}
	if len(res.NotModified) > 0 {
		if comma {
			out = append(out, ',')
		}
		out = append(out, `"notModified":[`...)
		for i, n := range res.NotModified {
			if i > 0 {
				out = append(out, ',')
			}
			out = strconv.AppendInt(out, int64(n), 10)
		}
		out = append(out, ']')
		comma = true
	}
	if len(res.Updated) > 0 {
		if comma {
			out = append(out, ',')
		}
		out = append(out, `"updated":[`...)
		for i, u := range res.Updated {
			if i > 0 {
				out = append(out, ',')
			}
			out = append(out, `{"index":`...)
			out = strconv.AppendInt(out, int64(u.Index), 10)
			out = append(out, `,"rev":`...)
			out = appendJSONString(out, u.Rev)
			out = append(out, `,"instances":`...)
			out = append(out, u.JSON...)
			out = append(out, '}')
		}
		out = append(out, ']')
	}
	return append(out, '}')
}

// groupFailed words the failures; those with the same code share one
// entry, as in service-center, in the order their codes first occur.
func groupFailed(failed []sc.BatchFailed) []findFailed {
	var out []findFailed
	byCode := map[string]int{}
	for _, f := range failed {
		e, detail := classify(f.Err)
		if i, seen := byCode[e.code]; seen {
			out[i].Indexes = append(out[i].Indexes, f.Index)
			continue
		}
		byCode[e.code] = len(out)
		out = append(out, findFailed{Indexes: []int{f.Index}, Error: errorBody{e.code, e.msg, detail}})
	}
	return out
}

// appendJSONString appends s as encoding/json quotes it. Revisions are
// hex or decimal digits, which need no escaping; anything else goes
// through encoding/json.
func appendJSONString(out []byte, s string) []byte {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 0x20 || c >= 0x7f || c == '"' || c == '\\' || c == '<' || c == '>' || c == '&' {
			return append(out, mustMarshal(s)...)
		}
	}
	out = append(out, '"')
	out = append(out, s...)
	return append(out, '"')
}

// mustMarshal encodes values whose types always encode.
func mustMarshal(v any) []byte {
	b, err := json.Marshal(v)
	if err != nil {
		panic("servicecomb: encode: " + err.Error())
	}
	return b
}
