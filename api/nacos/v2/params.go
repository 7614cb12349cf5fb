package v2

import (
	"strconv"
	"strings"

	"github.com/causeway-dev/causeway/api/httpx"
	"github.com/causeway-dev/causeway/registry/naming"
)

// reader reads typed parameters and keeps the first error, so a handler can
// read a whole form and check once. missing words an absent required
// parameter the way the Nacos endpoint does (formMissing or queryMissing).
type reader struct {
	p       httpx.Params
	missing func(name, javaType string) error
	err     error
}

func newReader(p httpx.Params, missing func(name, javaType string) error) *reader {
	return &reader{p: p, missing: missing}
}

func (rd *reader) setErr(err error) {
	if rd.err == nil {
		rd.err = err
	}
}

// str answers a trimmed parameter; blank counts as absent, as Spring's
// defaultValue and the forms' fillDefaultValue treat it.
func (rd *reader) str(name, def string) string { return rd.p.Str(name, def) }

// need answers a required String parameter.
func (rd *reader) need(name string) string {
	v := rd.p.Str(name, "")
	if v == "" {
		rd.setErr(rd.missing(name, "String"))
	}
	return v
}

// needInt answers a required Integer parameter.
func (rd *reader) needInt(name string) int {
	if !rd.p.Has(name) {
		rd.setErr(rd.missing(name, "Integer"))
		return 0
	}
	return rd.integer(name, 0)
}

// optInt answers an optional Integer parameter, nil when absent.
func (rd *reader) optInt(name string) *int {
	if !rd.p.Has(name) {
		return nil
	}
	n := rd.integer(name, 0)
	return &n
}

func (rd *reader) integer(name string, def int) int {
	n, err := rd.p.Int(name, def)
	if err != nil {
		rd.setErr(err)
	}
	return n
}

// int32 reads an Integer as Spring binds it: a number beyond 32 bits is
// refused like any other text that is not one.
func (rd *reader) int32(name string, def int32) int32 {
	v := rd.p.Str(name, "")
	if v == "" {
		return def
	}
	n, err := strconv.ParseInt(v, 10, 32)
	if err != nil {
		rd.setErr(&httpx.ParamError{Name: name, Value: v, Want: "int"})
	}
	return int32(n)
}

func (rd *reader) float(name string, def float64) float64 {
	f, err := rd.p.Float(name, def)
	if err != nil {
		rd.setErr(err)
	}
	return f
}

// boolean reads a Boolean as Spring converts it (true/on/yes/1 and
// false/off/no/0, any case); anything else is refused rather than read as
// false, so a typo cannot flip a flag.
func (rd *reader) boolean(name string, def bool) bool {
	b := rd.optBool(name)
	if b == nil {
		return def
	}
	return *b
}

func (rd *reader) optBool(name string) *bool {
	v := rd.p.Str(name, "")
	if v == "" {
		return nil
	}
	var b bool
	switch strings.ToLower(v) {
	case "true", "on", "yes", "1":
		b = true
	case "false", "off", "no", "0":
	default:
		rd.setErr(&httpx.ParamError{Name: name, Value: v, Want: "boolean"})
	}
	return &b
}

// serviceKey reads namespaceId, groupName and the required serviceName with
// Nacos's defaults.
func (rd *reader) serviceKey() naming.ServiceKey {
	return naming.ServiceKey{
		Namespace: rd.str("namespaceId", naming.DefaultNamespace),
		Group:     rd.str("groupName", naming.DefaultGroup),
		Name:      rd.need("serviceName"),
	}
}

// clusters reads a comma-separated cluster list, checking each name.
func (rd *reader) clusters(name string) []string {
	var out []string
	for _, c := range strings.Split(rd.str(name, ""), ",") {
		if c = strings.TrimSpace(c); c == "" {
			continue
		}
		if err := naming.ValidateCluster(c); err != nil {
			rd.setErr(err)
		}
		out = append(out, c)
	}
	return out
}
