package catalog

import (
	"context"
	"encoding/json"
	"net/url"
	"strings"
	"sync"

	"github.com/causeway-dev/causeway/registry"
	"github.com/causeway-dev/causeway/registry/ai"
	"github.com/causeway-dev/causeway/registry/store"
)

// MaxAgentCardBytes bounds one stored agent card version.
const MaxAgentCardBytes = 256 << 10

// A2A is the registry of A2A agent cards (seed 003 §7).
type A2A struct {
	v    *versioned[AgentCard]
	opts Options
	errs kindErrors

	cancel context.CancelFunc
	wg     sync.WaitGroup
}

// NewA2A loads the agent cards and follows the store until Close.
func NewA2A(ctx context.Context, st store.Store, opts Options) (*A2A, error) {
	opts.defaults()
	a := &A2A{v: newVersioned[AgentCard](st, ai.A2APrefix, opts.Logger), opts: opts, errs: agentErrors}
	if err := start(ctx, st, ai.A2APrefix, a.v, opts.Logger, "a2a", &a.wg, &a.cancel); err != nil {
		return nil, err
	}
	return a, nil
}

// Close stops following the store.
func (a *A2A) Close() {
	a.cancel()
	a.wg.Wait()
}

var agentErrors = kindErrors{
	notFound: func(ns, name string) error {
		return because(ErrAgentNotFound, registry.Errorf(registry.KindNotFound, "agent `%s` not found in namespace [%s]", name, ns))
	},
	versionNotFound: func(name, version string) error {
		return because(ErrAgentVersionNotFound, registry.Errorf(registry.KindNotFound, "agent `%s` has no version `%s`", name, version))
	},
	exists: func(name string) error {
		return registry.Errorf(registry.KindConflict, "agent `%s` has existed, please update it rather than register.", name)
	},
	versionExists: func(name, version string) error {
		return because(ErrAgentVersionExists, registry.Errorf(registry.KindConflict,
			"agent `%s` version `%s` is published and cannot change; publish a new version", name, version))
	},
}

// AgentVersion is one version of an agent card with its index.
type AgentVersion struct {
	Namespace string
	Index     *Index
	Card      *AgentCard
}

// ParseAgentCard reads the agentCard parameter (an AgentCard in JSON).
func ParseAgentCard(s string) (*AgentCard, error) {
	if strings.TrimSpace(s) == "" {
		return nil, registry.FieldErrorf(registry.KindMissing, "agentCard", "Required parameter 'agentCard' type AgentCard is not present")
	}
	var c AgentCard
	if err := json.Unmarshal([]byte(s), &c); err != nil {
		return nil, registry.FieldErrorf(registry.KindInvalid, "agentCard", "agentCard is invalid. Can't be parsed.")
	}
	return &c, nil
}

// normalizeCard validates c with registrationType rt ("" for URL).
func normalizeCard(c *AgentCard, rt string) (*AgentCard, error) {
	if c == nil {
		return nil, registry.Missing("agentCard")
	}
	out := *c
	if err := validName("name", out.Name, MaxNameLen); err != nil {
		return nil, err
	}
	if err := validName("version", out.Version, MaxVersionLen); err != nil {
		return nil, err
	}
	switch rt = strings.ToUpper(rt); rt {
	case "":
		rt = RegistrationURL
	case RegistrationURL, RegistrationService:
	default:
		return nil, registry.FieldErrorf(registry.KindInvalid, "registrationType", "registrationType must be URL or SERVICE, not %q", rt)
	}
	out.RegistrationType = rt
	if out.URL != "" {
		if u, err := url.Parse(out.URL); err != nil || u.Scheme == "" || u.Host == "" {
			return nil, registry.FieldErrorf(registry.KindInvalid, "url", "agent card url %q is not an absolute URL", out.URL)
		}
	}
	if len(mustJSON(&out)) > MaxAgentCardBytes {
		return nil, registry.Errorf(registry.KindInvalid, "the agent card exceeds %d bytes", MaxAgentCardBytes)
	}
	return &out, nil
}

// Register stores a new agent with card as its first, latest version.
func (a *A2A) Register(ctx context.Context, ns string, card *AgentCard, registrationType string) error {
	ns, err := ai.Namespace(ns)
	if err != nil {
		return err
	}
	c, err := normalizeCard(card, registrationType)
	if err != nil {
		return err
	}
	return a.v.create(ctx, a.errs, ns, newUUID(), c.Name, c.Version, a.now(), c)
}

// Update publishes card as a version of an existing agent, the latest
// when latest is set; a published version cannot change.
func (a *A2A) Update(ctx context.Context, ns string, card *AgentCard, latest bool, registrationType string) error {
	ns, err := ai.Namespace(ns)
	if err != nil {
		return err
	}
	c, err := normalizeCard(card, registrationType)
	if err != nil {
		return err
	}
	return a.v.publish(ctx, a.errs, ns, c.Name, c.Version, a.now(), c, latest)
}

// Get answers a version of an agent ("" the latest).
func (a *A2A) Get(ns, name, version string) (*AgentVersion, error) {
	ns, err := ai.Namespace(ns)
	if err != nil {
		return nil, err
	}
	if strings.TrimSpace(name) == "" {
		return nil, registry.Missing("agentName")
	}
	x, c := a.v.get(ns, name, version)
	switch {
	case x == nil:
		return nil, a.errs.notFound(ns, name)
	case c == nil:
		return nil, a.errs.versionNotFound(name, version)
	}
	return &AgentVersion{Namespace: ns, Index: x, Card: c}, nil
}

// Versions answers the index of an agent: its versions and the latest.
func (a *A2A) Versions(ns, name string) (*Index, error) {
	v, err := a.Get(ns, name, "")
	if err != nil {
		return nil, err
	}
	return v.Index, nil
}

// Delete removes one version of an agent, or all of it when version is "".
func (a *A2A) Delete(ctx context.Context, ns, name, version string) error {
	ns, err := ai.Namespace(ns)
	if err != nil {
		return err
	}
	if strings.TrimSpace(name) == "" {
		return registry.Missing("agentName")
	}
	return a.v.remove(ctx, a.errs, ns, name, version)
}

// List answers a page of the agents of ns (their latest versions) whose
// name matches pattern as search says.
func (a *A2A) List(ns string, search ai.Search, pattern string, pageNo, pageSize int) (ai.Page[*AgentVersion], error) {
	ns, err := ai.Namespace(ns)
	if err != nil {
		return ai.Page[*AgentVersion]{}, err
	}
	if err := ai.ValidatePage(pageNo, pageSize); err != nil {
		return ai.Page[*AgentVersion]{}, err
	}
	var all []*AgentVersion
	for _, name := range a.v.names(ns, ai.Matcher(search, pattern)) {
		if x, c := a.v.get(ns, name, ""); x != nil && c != nil {
			all = append(all, &AgentVersion{Namespace: ns, Index: x, Card: c})
		}
	}
	return ai.Paginate(all, pageNo, pageSize), nil
}

func (a *A2A) now() string { return a.opts.Now().UTC().Format("2006-01-02T15:04:05Z") }
