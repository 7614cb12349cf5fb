package auth

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"sync"

	"github.com/causeway-dev/causeway/registry/store"
)

// Action is what a request does to a resource: Nacos's ActionTypes.
type Action string

// Actions. A permission's action is "r", "w" or "rw"; it grants an action
// it contains, as in Nacos.
const (
	Read      Action = "r"
	Write     Action = "w"
	ReadWrite Action = "rw"
)

// Resource types: Nacos's naming and config, and Causeway's own for what
// Nacos does not have. Every dialect names what it touches with one of them
// (docs/SECURITY.md has the table).
const (
	TypeNaming     = "naming"     // Nacos naming, ServiceComb registry
	TypeConfig     = "config"     // Nacos config, kie
	TypeGovernance = "governance" // CSE governance policies and route rules
	TypeGateway    = "gateway"    // CSE gateways, plugins, http2rpc mappings
	TypeAI         = "ai"         // Nacos 3 AI registry
)

// DefaultNamespace is Nacos's public namespace, which Nacos leaves out of a
// resource string (joinResource; alibaba/nacos#10347).
const DefaultNamespace = "public"

// Resource is what a request touches. Empty Group or Name mean "any", as
// Nacos writes them ("*").
type Resource struct {
	Namespace string
	Group     string
	Type      string
	Name      string
}

// String is the resource as Nacos matches permissions against it:
// "<namespace>:<group>:<type>/<name>", the public namespace written empty,
// a blank group or name written "*".
func (r Resource) String() string {
	ns := r.Namespace
	if ns == DefaultNamespace {
		ns = ""
	}
	group, name := r.Group, r.Name
	if strings.TrimSpace(group) == "" {
		group = "*"
	}
	if strings.TrimSpace(name) == "" {
		name = "*"
	}
	return ns + ":" + group + ":" + strings.ToLower(r.Type) + "/" + name
}

// Authorize answers nil when id may do act on res: a global admin may do
// anything, another user what one of its roles' permissions grants. A
// permission's resource is a pattern over Resource.String where '*'
// matches any run of characters; unlike Nacos, its other characters match
// only themselves (Nacos reads them as a regular expression, so '.' in a
// group name matched any character). A pattern whose namespace is
// "public" grants the public namespace, which Nacos's own console writes
// that way while its matcher writes it empty. The refusal is ErrForbidden.
//
// Roles come from the identity (read with the user, per request) and
// permissions from the store on every call, so a revoked permission is
// refused at once, on every node.
func (s *Service) Authorize(ctx context.Context, id *Identity, res Resource, act Action) error {
	return s.AuthorizeAll(ctx, id, []Resource{res}, act)
}

// compiled is one permission ready to match.
type compiled struct {
	pattern glob
	action  Action
}

// compiledCache keeps each role's compiled permissions for the store
// revision they were read at: a request reads the role's record (one
// store Get) and compiles nothing unless it changed.
type compiledCache struct {
	mu    sync.Mutex
	roles map[string]compiledRole
}

type compiledRole struct {
	rev   int64
	perms []compiled
}

func (s *Service) compiledPermissions(ctx context.Context, role string) ([]compiled, error) {
	kv, err := s.st.Get(ctx, permissionsKey(role))
	if errors.Is(err, store.ErrNotFound) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("read permissions of role %q: %w", role, err)
	}
	c := &s.compiledPerms
	c.mu.Lock()
	defer c.mu.Unlock()
	if got, ok := c.roles[role]; ok && got.rev == kv.ModRevision {
		return got.perms, nil
	}
	var grants []grant
	if err := json.Unmarshal(kv.Value, &grants); err != nil {
		return nil, fmt.Errorf("decode permissions of role %q: %w", role, err)
	}
	perms := make([]compiled, 0, len(grants))
	for _, g := range grants {
		perms = append(perms, compiled{pattern: resourcePattern(g.Resource), action: g.Action})
	}
	if c.roles == nil {
		c.roles = map[string]compiledRole{}
	}
	if len(c.roles) >= maxCachedRoles {
		clear(c.roles)
	}
	c.roles[role] = compiledRole{rev: kv.ModRevision, perms: perms}
	return perms, nil
}

// maxCachedRoles bounds the compiled cache; a miss only costs compiling.
const maxCachedRoles = 4096

// resourcePattern reads a permission's resource: '*' is any run of
// characters, everything else itself; a leading "public:" is the public
// namespace, which Resource.String writes empty.
func resourcePattern(resource string) glob {
	if rest, ok := strings.CutPrefix(resource, DefaultNamespace+":"); ok {
		resource = ":" + rest
	}
	return newGlob(resource)
}

// glob is a pattern where '*' is any run of bytes and everything else
// matches itself. It is not a regular expression: patterns and names come
// from clients, and may be anything, invalid UTF-8 included.
type glob []string

func newGlob(pattern string) glob { return strings.Split(pattern, "*") }

// MatchString reports whether the whole of s matches.
func (g glob) MatchString(s string) bool {
	first, last := g[0], g[len(g)-1]
	if len(g) == 1 {
		return s == first
	}
	if len(s) < len(first)+len(last) || !strings.HasPrefix(s, first) || !strings.HasSuffix(s, last) {
		return false
	}
	s = s[len(first) : len(s)-len(last)]
	for _, part := range g[1 : len(g)-1] {
		i := strings.Index(s, part)
		if i < 0 {
			return false
		}
		s = s[i+len(part):]
	}
	return true
}
