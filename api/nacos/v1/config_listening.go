package v1

import (
	"errors"
	"net/url"
	"strings"

	"github.com/causeway-dev/causeway/registry/config"
)

// The Listening-Configs wire format: records of fields separated by \x02 and
// ended by \x01, each dataId, group, md5 and an optional tenant; the whole
// string is URL-encoded once more on top of the form encoding.
const (
	wordSep          = '\x02'
	lineSep          = '\x01'
	maxListenRecords = 10000
)

// listenRecord is one listened config as the client sent it; the tenant
// is kept raw because the answer repeats it only when the client gave one.
type listenRecord struct {
	DataID, Group, MD5, Tenant string
}

// listeningConfigs is the form parameter naming the listened configs.
const listeningConfigs = "Listening-Configs"

var errProbe = errors.New("invalid probeModify")

// parseListeningConfigs reads the form value of Listening-Configs. It
// follows Nacos's reader: a record needs dataId and group, more than four
// fields or more than 10,000 distinct records are refused, text after the
// last \x01 is ignored, and a repeated config keeps its last record.
func parseListeningConfigs(value string) ([]listenRecord, error) {
	if strings.TrimSpace(value) == "" {
		return nil, errProbe
	}
	decoded, err := url.QueryUnescape(value)
	if err != nil {
		return nil, errProbe
	}
	var out []listenRecord
	seen := map[listenRecord]int{} // key fields only → index in out
	for len(decoded) > 0 {
		i := strings.IndexByte(decoded, lineSep)
		if i < 0 {
			// An unterminated tail is ignored, as Nacos does, unless it
			// already has too many fields.
			if strings.Count(decoded, string(wordSep)) > 3 {
				return nil, errProbe
			}
			break
		}
		rec, err := parseListenRecord(decoded[:i])
		if err != nil {
			return nil, err
		}
		decoded = decoded[i+1:]
		// "" and "public" are one namespace: the later record wins.
		id := listenRecord{DataID: rec.DataID, Group: rec.Group, Tenant: config.NormalizeTenant(strings.TrimSpace(rec.Tenant))}
		if at, ok := seen[id]; ok {
			out[at] = rec
			continue
		}
		if len(out) == maxListenRecords {
			return nil, errProbe
		}
		seen[id] = len(out)
		out = append(out, rec)
	}
	return out, nil
}

func parseListenRecord(line string) (listenRecord, error) {
	f := strings.Split(line, string(wordSep))
	switch len(f) {
	case 3:
		return listenRecord{DataID: f[0], Group: f[1], MD5: f[2]}, nil
	case 4:
		return listenRecord{DataID: f[0], Group: f[1], MD5: f[2], Tenant: f[3]}, nil
	}
	return listenRecord{}, errProbe
}

// encodeListeningConfigs is the inverse of parseListeningConfigs, as a
// client builds the value (before form encoding).
func encodeListeningConfigs(recs []listenRecord) string {
	var b strings.Builder
	for _, r := range recs {
		b.WriteString(r.DataID + string(wordSep) + r.Group + string(wordSep) + r.MD5)
		if r.Tenant != "" {
			b.WriteString(string(wordSep) + r.Tenant)
		}
		b.WriteByte(lineSep)
	}
	return url.QueryEscape(b.String())
}

// encodeChanged is the listener's answer: the changed configs, each
// dataId\x02group[\x02tenant]\x01, URL-encoded so the separators read %02
// and %01. The tenant is repeated only when the client sent one.
func encodeChanged(recs []listenRecord) string {
	var b strings.Builder
	for _, r := range recs {
		b.WriteString(r.DataID + string(wordSep) + r.Group)
		if strings.TrimSpace(r.Tenant) != "" {
			b.WriteString(string(wordSep) + r.Tenant)
		}
		b.WriteByte(lineSep)
	}
	return url.QueryEscape(b.String())
}
