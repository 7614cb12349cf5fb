package ai

import "github.com/causeway-dev/causeway/api/httpx"

// required reads parameters that must all be sent (a resource's name,
// its version, a label), in the order named: the first one missing is
// the refusal (10000), so every handler of the section reads its
// required names alike.
func required(p httpx.Params, names ...string) ([]string, error) {
	out := make([]string, len(names))
	for i, n := range names {
		v, err := p.Required(n)
		if err != nil {
			return nil, err
		}
		out[i] = v
	}
	return out, nil
}
