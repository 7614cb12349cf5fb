package ai

import (
	"github.com/causeway-dev/causeway/api/httpx"
	airegistry "github.com/causeway-dev/causeway/registry/ai"
)

// promptTarget is the namespace and prompt key every prompt call names,
// with the call's other required parameters (args, in the order read);
// the registry validates them (namespaceId defaults to public).
type promptTarget struct {
	ns, key string
	args    []string
}

// readTarget reads the target of a prompt call: the prompt key and the
// other parameters named, all required.
func readTarget(p httpx.Params, names ...string) (promptTarget, error) {
	v, err := required(p, append([]string{"promptKey"}, names...)...)
	if err != nil {
		return promptTarget{}, err
	}
	return promptTarget{ns: p.Str("namespaceId", ""), key: v[0], args: v[1:]}, nil
}

// raw answers a free-text parameter untrimmed (a template's spacing is
// its content) and whether it was sent at all.
func raw(p httpx.Params, name string) (string, bool) {
	vs, ok := p.Values[name]
	if !ok || len(vs) == 0 {
		return "", false
	}
	return vs[0], true
}

// optional answers a sent free-text parameter, nil when it was not sent.
func optional(p httpx.Params, name string) *string {
	if v, ok := raw(p, name); ok {
		return &v
	}
	return nil
}

// readBizTags reads a biz tag list in either form (JSON array or commas);
// nil when the parameter was not sent.
func readBizTags(p httpx.Params) ([]string, error) {
	v, ok := raw(p, "bizTags")
	if !ok {
		return nil, nil
	}
	return airegistry.ParseBizTags("bizTags", v)
}

// readMeta reads the optional description and biz tags a write may set.
func readMeta(p httpx.Params) (airegistry.MetaUpdate, error) {
	tags, err := readBizTags(p)
	return airegistry.MetaUpdate{Description: optional(p, "description"), BizTags: tags}, err
}

// requiredRaw is a parameter that must be sent, untrimmed.
func requiredRaw(p httpx.Params, name string) (string, error) {
	v, ok := raw(p, name)
	if !ok {
		return "", &httpx.ParamError{Name: name, Missing: true}
	}
	return v, nil
}

// ok is the answer of a call whose SDK method returns nothing.
const ok = "ok"
