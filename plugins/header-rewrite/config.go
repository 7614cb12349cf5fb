package main

import (
	"errors"
	"sort"

	"github.com/causeway-dev/causeway/plugins/internal/conf"
	"github.com/causeway-dev/causeway/plugins/internal/wasmhttp"
)

// config is one parsed configuration, default or per rule.
type config struct {
	request, response edits
}

// edits are the changes to one header map, applied in this order.
type edits struct {
	remove []string
	// set and add are sorted by name: JSON objects have no order, and the
	// same configuration must always rewrite the same way.
	set, add [][2]string
}

func parseConfig(o *conf.Object) (*config, error) {
	c := &config{}
	var err error
	if c.request, err = parseEdits(o, "request"); err != nil {
		return nil, err
	}
	if c.response, err = parseEdits(o, "response"); err != nil {
		return nil, err
	}
	// A misspelt field would otherwise silently rewrite nothing.
	return c, o.Done()
}

// parseEdits reads the edits of one header map, the field where of o:
// {"set": {...}, "add": {...}, "remove": [...]}.
func parseEdits(o *conf.Object, where string) (edits, error) {
	var e edits
	in, err := o.Object(where)
	if err != nil {
		return e, err
	}
	// The field errors name the field: "request.set.x-a: ...".
	set, err := in.StringMap("set")
	if err != nil {
		return e, errors.New(where + "." + err.Error())
	}
	add, err := in.StringMap("add")
	if err != nil {
		return e, errors.New(where + "." + err.Error())
	}
	remove, err := in.Strings("remove")
	if err != nil {
		return e, errors.New(where + "." + err.Error())
	}
	if err := in.Done(); err != nil {
		return e, conf.Wrap(where, err)
	}
	for i, name := range remove {
		n, err := wasmhttp.HeaderName(name)
		if err != nil {
			return e, conf.Wrap(conf.Index(where+".remove", i), err)
		}
		e.remove = append(e.remove, n)
	}
	if e.set, err = parsePairs(where+".set", set); err != nil {
		return e, err
	}
	e.add, err = parsePairs(where+".add", add)
	return e, err
}

func parsePairs(where string, in map[string]string) ([][2]string, error) {
	names := make([]string, 0, len(in))
	for name := range in {
		names = append(names, name)
	}
	sort.Strings(names)
	out := make([][2]string, 0, len(names))
	for _, name := range names {
		n, err := wasmhttp.HeaderName(name)
		if err != nil {
			return nil, conf.Wrap(where, err)
		}
		if err := wasmhttp.HeaderValue(in[name]); err != nil {
			return nil, conf.Wrap(where+"."+name, err)
		}
		out = append(out, [2]string{n, in[name]})
	}
	return out, nil
}
