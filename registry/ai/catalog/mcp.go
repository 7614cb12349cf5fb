package catalog

import (
	"context"
	"crypto/rand"
	"fmt"
	"log/slog"
	"strconv"
	"sync"
	"time"

	"github.com/causeway-dev/causeway/registry"
	"github.com/causeway-dev/causeway/registry/ai"
	"github.com/causeway-dev/causeway/registry/naming"
	"github.com/causeway-dev/causeway/registry/store"
)

// Instances lists the instances of a naming service: what a REF endpoint
// resolves through (*naming.Registry).
type Instances interface {
	ListInstances(k naming.ServiceKey, q naming.Query) (*naming.InstanceList, error)
}

// Options tune a registry of the AI section.
type Options struct {
	Logger *slog.Logger
	// Now is the clock (tests move it).
	Now func() time.Time
	// Services resolves REF endpoints into instances; nil answers none.
	Services Instances
}

func (o *Options) defaults() {
	if o.Logger == nil {
		o.Logger = slog.Default()
	}
	if o.Now == nil {
		o.Now = time.Now
	}
}

// MCP is the registry of MCP servers (seed 003 §6).
type MCP struct {
	v    *versioned[MCPServer]
	opts Options
	errs kindErrors

	cancel context.CancelFunc
	wg     sync.WaitGroup
}

// NewMCP loads the MCP servers and follows the store until Close.
func NewMCP(ctx context.Context, st store.Store, opts Options) (*MCP, error) {
	opts.defaults()
	m := &MCP{v: newVersioned[MCPServer](st, ai.MCPPrefix, opts.Logger), opts: opts, errs: mcpErrors}
	if err := start(ctx, st, ai.MCPPrefix, m.v, opts.Logger, "mcp", &m.wg, &m.cancel); err != nil {
		return nil, err
	}
	return m, nil
}

// start runs the mirror of prefix into m until cancel.
func start(ctx context.Context, st store.Store, prefix string, m store.Mirror, log *slog.Logger, name string,
	wg *sync.WaitGroup, cancel *context.CancelFunc) error {
	runCtx, stop := context.WithCancel(context.WithoutCancel(ctx))
	done, err := store.StartMirror(runCtx, st, prefix, m, log.With("mirror", name))
	if err != nil {
		stop()
		return fmt.Errorf("load %s: %w", name, err)
	}
	*cancel = stop
	wg.Add(1)
	go func() { defer wg.Done(); <-done }()
	return nil
}

// Close stops following the store.
func (m *MCP) Close() {
	m.cancel()
	m.wg.Wait()
}

var mcpErrors = kindErrors{
	notFound: func(ns, name string) error {
		return because(ErrMCPNotFound, registry.Errorf(registry.KindNotFound,
			"Mcp server [%s] not found in namespace [%s]", name, ns))
	},
	versionNotFound: func(name, version string) error {
		return because(ErrMCPVersionNotFound, registry.Errorf(registry.KindNotFound,
			"mcp server `%s` for version `%s` not found", name, version))
	},
	exists: func(name string) error {
		return registry.Errorf(registry.KindConflict, "mcp server `%s` has existed, please update it rather than create.", name)
	},
	versionExists: func(name, version string) error {
		return because(ErrMCPVersionExists, registry.Errorf(registry.KindConflict,
			"mcp server `%s` version `%s` is published and cannot change; publish a new version", name, version))
	},
}

// MCPVersion is one version of a server with its index.
type MCPVersion struct {
	Namespace string
	Index     *Index
	Server    *MCPServer
}

// resolve answers the name of the server of ns named by id (when given)
// or name.
func (m *MCP) resolve(ns, id, name string) (string, error) {
	if id != "" {
		if n := m.v.byID(ns, id); n != "" {
			return n, nil
		}
		return "", m.errs.notFound(ns, id)
	}
	if name == "" {
		return "", registry.FieldErrorf(registry.KindMissing, "mcpName",
			"Required parameter 'mcpId' or 'mcpName' type String at lease one is not present")
	}
	return name, nil
}

// Get answers a version of a server ("" the latest) by id or name.
func (m *MCP) Get(ns, id, name, version string) (*MCPVersion, error) {
	ns, err := ai.Namespace(ns)
	if err != nil {
		return nil, err
	}
	if name, err = m.resolve(ns, id, name); err != nil {
		return nil, err
	}
	x, s := m.v.get(ns, name, version)
	switch {
	case x == nil:
		return nil, m.errs.notFound(ns, name)
	case s == nil:
		return nil, m.errs.versionNotFound(name, version)
	}
	return &MCPVersion{Namespace: ns, Index: x, Server: s}, nil
}

// List answers a page of the servers of ns (their latest versions) whose
// name matches pattern as search says.
func (m *MCP) List(ns string, search ai.Search, pattern string, pageNo, pageSize int) (ai.Page[*MCPVersion], error) {
	ns, err := ai.Namespace(ns)
	if err != nil {
		return ai.Page[*MCPVersion]{}, err
	}
	if err := ai.ValidatePage(pageNo, pageSize); err != nil {
		return ai.Page[*MCPVersion]{}, err
	}
	var all []*MCPVersion
	for _, name := range m.v.names(ns, ai.Matcher(search, pattern)) {
		if x, s := m.v.get(ns, name, ""); x != nil && s != nil {
			all = append(all, &MCPVersion{Namespace: ns, Index: x, Server: s})
		}
	}
	return ai.Paginate(all, pageNo, pageSize), nil
}

// Create stores a new server with its first version, the latest, and
// answers its id.
func (m *MCP) Create(ctx context.Context, in *MCPInput) (string, error) {
	ns, err := ai.Namespace(in.Namespace)
	if err != nil {
		return "", err
	}
	s, err := in.normalize()
	if err != nil {
		return "", err
	}
	if x, _ := m.v.get(ns, s.Name, ""); x != nil {
		return "", m.errs.exists(s.Name)
	}
	if s.ID == "" {
		s.ID = newUUID()
	} else if m.v.byID(ns, s.ID) != "" {
		return "", registry.FieldErrorf(registry.KindInvalid, "id", "parameter `serverSpecification.id` conflict with exist mcp server id")
	}
	return s.ID, m.v.create(ctx, m.errs, ns, s.ID, s.Name, s.Version, m.now(), s)
}

// Update publishes a new version of an existing server, the latest when
// latest is set; a published version cannot change.
func (m *MCP) Update(ctx context.Context, in *MCPInput, latest bool) error {
	ns, err := ai.Namespace(in.Namespace)
	if err != nil {
		return err
	}
	s, err := in.normalize()
	if err != nil {
		return err
	}
	name, err := m.resolve(ns, s.ID, s.Name)
	if err != nil {
		return err
	}
	x, _ := m.v.get(ns, name, "")
	if x == nil {
		return m.errs.notFound(ns, name)
	}
	s.ID, s.Name = x.ID, name
	return m.v.publish(ctx, m.errs, ns, name, s.Version, m.now(), s, latest)
}

// Delete removes one version of a server, or all of it when version is "".
func (m *MCP) Delete(ctx context.Context, ns, id, name, version string) error {
	ns, err := ai.Namespace(ns)
	if err != nil {
		return err
	}
	if name, err = m.resolve(ns, id, name); err != nil {
		return err
	}
	return m.v.remove(ctx, m.errs, ns, name, version)
}

// Endpoint answers where version ("" the latest) of a remote server is
// reached: its protocol, path and DIRECT address or the naming service it
// REFers to. A local (stdio) server has none (KindInvalid).
func (m *MCP) Endpoint(ns, name, version string) (*MCPEndpoint, error) {
	v, err := m.Get(ns, "", name, version)
	if err != nil {
		return nil, err
	}
	s := v.Server
	if s.Endpoint == nil {
		return nil, registry.Errorf(registry.KindInvalid, "mcp server `%s` is %s: it has no endpoint", name, s.Protocol)
	}
	ep := &MCPEndpoint{Namespace: v.Namespace, Name: s.Name, Version: s.Version, Protocol: s.Protocol,
		Type: s.Endpoint.Type, Transport: s.Endpoint.Data["transportProtocol"]}
	if s.RemoteServerConfig != nil {
		ep.Path = s.RemoteServerConfig.ExportPath
	}
	d := s.Endpoint.Data
	if ep.Type == EndpointDirect {
		ep.Address = d["address"]
		ep.Port, _ = strconv.Atoi(d["port"]) // validated on write
	} else {
		ep.Service = ServiceRef{Namespace: d["namespaceId"], Group: d["groupName"], Name: d["serviceName"]}
	}
	return ep, nil
}

// Backend is one address an endpoint resolves to.
type Backend struct {
	Address string
	Port    int
}

// Backends answers the addresses of ep now: its DIRECT address, or the
// healthy enabled instances of the service it REFers to (none when the
// service is not registered).
func (m *MCP) Backends(ep *MCPEndpoint) []Backend {
	if ep.Type == EndpointDirect {
		return []Backend{{Address: ep.Address, Port: ep.Port}}
	}
	if m.opts.Services == nil {
		return nil
	}
	k := naming.ServiceKey{Namespace: ep.Service.Namespace, Group: ep.Service.Group, Name: ep.Service.Name}
	list, err := m.opts.Services.ListInstances(k, naming.Query{HealthyOnly: true})
	if err != nil {
		return nil
	}
	out := make([]Backend, 0, len(list.Instances))
	for _, in := range list.Instances {
		out = append(out, Backend{Address: in.IP, Port: in.Port})
	}
	return out
}

func (m *MCP) now() string { return m.opts.Now().UTC().Format("2006-01-02T15:04:05Z") }

// newUUID answers a random (version 4) UUID, Nacos's MCP server ids.
func newUUID() string {
	var b [16]byte
	_, _ = rand.Read(b[:]) // crypto/rand never fails
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	return fmt.Sprintf("%x-%x-%x-%x-%x", b[0:4], b[4:6], b[6:8], b[8:10], b[10:16])
}
