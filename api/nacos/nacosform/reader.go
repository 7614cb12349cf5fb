package nacosform

import (
	"strconv"
	"strings"

	"github.com/causeway-dev/causeway/api/httpx"
	"github.com/causeway-dev/causeway/registry/naming"
)

// Missing words an absent required parameter the way the Nacos endpoint
// does: nacosresult.FormMissing for a form's validate(),
// nacosresult.QueryMissing for a @RequestParam.
type Missing func(name, javaType string) error

// Reader reads typed parameters and keeps the first error, so a handler can
// read a whole form and check once.
type Reader struct {
	p       httpx.Params
	missing Missing
	err     error
}

// New answers a Reader of p that words a missing parameter with missing.
func New(p httpx.Params, missing Missing) *Reader {
	return &Reader{p: p, missing: missing}
}

// Err answers the first error met, nil when every read succeeded.
func (rd *Reader) Err() error { return rd.err }

// SetErr records err unless an error was met before; nil is ignored.
func (rd *Reader) SetErr(err error) {
	if rd.err == nil && err != nil {
		rd.err = err
	}
}

// Has reports whether a parameter is present and not blank.
func (rd *Reader) Has(name string) bool { return rd.p.Has(name) }

// Str answers a trimmed parameter; blank counts as absent, as Spring's
// defaultValue and the forms' fillDefaultValue treat it.
func (rd *Reader) Str(name, def string) string { return rd.p.Str(name, def) }

// Need answers a required String parameter.
func (rd *Reader) Need(name string) string {
	v := rd.p.Str(name, "")
	if v == "" {
		rd.SetErr(rd.missing(name, "String"))
	}
	return v
}

// NeedInt answers a required Integer parameter read as any int, as the
// Nacos 2 routes have always read it.
func (rd *Reader) NeedInt(name string) int {
	if !rd.p.Has(name) {
		rd.SetErr(rd.missing(name, "Integer"))
		return 0
	}
	return rd.Int(name, 0)
}

// NeedInt32 answers a required Integer parameter bound as Spring binds an
// int: text beyond 32 bits is refused (the Nacos 3 forms).
func (rd *Reader) NeedInt32(name string) int32 {
	if !rd.p.Has(name) {
		rd.SetErr(rd.missing(name, "Integer"))
		return 0
	}
	return rd.Int32(name, 0)
}

// OptInt answers an optional Integer parameter, nil when absent.
func (rd *Reader) OptInt(name string) *int {
	if !rd.p.Has(name) {
		return nil
	}
	n := rd.Int(name, 0)
	return &n
}

// Int answers an integer parameter, def when absent.
func (rd *Reader) Int(name string, def int) int {
	n, err := rd.p.Int(name, def)
	rd.SetErr(err)
	return n
}

// Int32 reads an Integer as Spring binds it: a number beyond 32 bits is
// refused like any other text that is not one.
func (rd *Reader) Int32(name string, def int32) int32 {
	v := rd.p.Str(name, "")
	if v == "" {
		return def
	}
	n, err := strconv.ParseInt(v, 10, 32)
	if err != nil {
		rd.SetErr(&httpx.ParamError{Name: name, Value: v, Want: "int"})
	}
	return int32(n)
}

// OptFloat reads an optional Double, nil when absent.
func (rd *Reader) OptFloat(name string) *float64 {
	if !rd.p.Has(name) {
		return nil
	}
	f, err := rd.p.Float(name, 0)
	if err != nil {
		rd.SetErr(err)
		return nil
	}
	return &f
}

// Float reads a Double, def when absent.
func (rd *Reader) Float(name string, def float64) float64 {
	if f := rd.OptFloat(name); f != nil {
		return *f
	}
	return def
}

// OptBool reads a Boolean as Spring converts it (true/on/yes/1 and
// false/off/no/0, any case), nil when absent; anything else is refused
// rather than read as false, so a typo cannot flip a flag.
func (rd *Reader) OptBool(name string) *bool {
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
		rd.SetErr(&httpx.ParamError{Name: name, Value: v, Want: "boolean"})
	}
	return &b
}

// Bool reads a Boolean as OptBool does, def when absent.
func (rd *Reader) Bool(name string, def bool) bool {
	if b := rd.OptBool(name); b != nil {
		return *b
	}
	return def
}

// ServiceKey reads namespaceId, groupName and the required serviceName with
// Nacos's defaults.
func (rd *Reader) ServiceKey() naming.ServiceKey {
	return naming.ServiceKey{
		Namespace: rd.Str("namespaceId", naming.DefaultNamespace),
		Group:     rd.Str("groupName", naming.DefaultGroup),
		Name:      rd.Need("serviceName"),
	}
}

// Clusters reads a comma-separated cluster list, checking each name.
func (rd *Reader) Clusters(name string) []string {
	var out []string
	for _, c := range strings.Split(rd.Str(name, ""), ",") {
		if c = strings.TrimSpace(c); c == "" {
			continue
		}
		rd.SetErr(naming.ValidateCluster(c))
		out = append(out, c)
	}
	return out
}
