package ai

import (
	"encoding/json"
	"net/http"
	"strings"

	"github.com/causeway-dev/causeway/api/httpx"
	"github.com/causeway-dev/causeway/registry"
	ai "github.com/causeway-dev/causeway/registry/ai/artifact"
)

// artifactAPI serves one kind of versioned artifact (skills, agent specs):
// the same calls with the kind's parameter names.
type artifactAPI struct {
	reg      *ai.Registry
	nameP    string // "skillName"
	cardP    string // "skillCard"
	maxBytes int64  // an upload request's body
}

func newArtifactAPI(reg *ai.Registry) *artifactAPI {
	k := reg.Kind().Name
	return &artifactAPI{reg: reg, nameP: k + "Name", cardP: k + "Card", maxBytes: ai.MaxBatchUploadBytes + maxUploadFields}
}

// card reads a JSON card from param; nil when absent and not required.
func (x *artifactAPI) card(p httpx.Params, required bool) (*ai.Card, error) {
	raw := strings.TrimSpace(p.Get(x.cardP))
	if raw == "" {
		if required {
			return nil, &httpx.ParamError{Name: x.cardP, Missing: true}
		}
		return nil, nil
	}
	var c ai.Card
	if err := json.Unmarshal([]byte(raw), &c); err != nil {
		return nil, registry.FieldErrorf(registry.KindInvalid, x.cardP, "%s is not a valid JSON card: %v", x.cardP, err)
	}
	return &c, nil
}

// optBool reads an optional boolean (nil when absent).
func optBool(p httpx.Params, name string) (*bool, error) {
	if !p.Has(name) {
		return nil, nil
	}
	b, err := p.Bool(name, false, true)
	return &b, err
}

func (x *artifactAPI) register(r *http.Request, p httpx.Params) (any, error) {
	c, err := x.card(p, true)
	if err != nil {
		return nil, err
	}
	return x.reg.Register(r.Context(), p.Get("namespaceId"), c)
}

func (x *artifactAPI) update(r *http.Request, p httpx.Params) (any, error) {
	c, err := x.card(p, true)
	if err != nil {
		return nil, err
	}
	return true, x.reg.Update(r.Context(), p.Get("namespaceId"), c)
}

func (x *artifactAPI) detail(_ *http.Request, p httpx.Params) (any, error) {
	v, err := required(p, x.nameP)
	if err != nil {
		return nil, err
	}
	return x.reg.Detail(p.Get("namespaceId"), v[0])
}

func (x *artifactAPI) meta(_ *http.Request, p httpx.Params) (any, error) {
	v, err := required(p, x.nameP)
	if err != nil {
		return nil, err
	}
	return x.reg.Meta(p.Get("namespaceId"), v[0])
}

func (x *artifactAPI) versionDetail(_ *http.Request, p httpx.Params) (any, error) {
	v, err := required(p, x.nameP, "version")
	if err != nil {
		return nil, err
	}
	return x.reg.VersionDetail(p.Get("namespaceId"), v[0], v[1])
}

func (x *artifactAPI) versionMeta(_ *http.Request, p httpx.Params) (any, error) {
	v, err := required(p, x.nameP, "version")
	if err != nil {
		return nil, err
	}
	return x.reg.VersionMeta(p.Get("namespaceId"), v[0], v[1])
}

func (x *artifactAPI) delete(r *http.Request, p httpx.Params) (any, error) {
	v, err := required(p, x.nameP)
	if err != nil {
		return nil, err
	}
	return true, x.reg.Delete(r.Context(), p.Get("namespaceId"), v[0])
}
