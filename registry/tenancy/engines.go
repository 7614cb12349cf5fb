package tenancy

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"github.com/causeway-dev/causeway/registry"
	"github.com/causeway-dev/causeway/registry/auth"
	"github.com/causeway-dev/causeway/registry/config"
	"github.com/causeway-dev/causeway/registry/naming"
	"github.com/causeway-dev/causeway/registry/store"
)

// DefaultEngineQuota is how many engines one project may hold when
// EngineOptions.Quota is unset (the seed's example answers 5).
const DefaultEngineQuota = 5

// EngineOptions tune Engines.
type EngineOptions struct {
	Logger *slog.Logger
	// Quota is how many engines one project may hold.
	Quota int
	// Now is the clock (tests fix it).
	Now func() time.Time
	// Configs, when set, enforces the engines' config limits.
	Configs *config.Service
	// Cluster, when set, lets the runner take over the jobs of a node
	// that left the cluster (takeover.go); TakeOverInterval is how often it
	// looks (default 5 s).
	Cluster          Membership
	TakeOverInterval time.Duration
}

// Engines keeps the CSE engines (seed 004 §5.3) and runs their jobs. An
// engine is a tenant: its namespace in Namespaces, its user in Users and
// its limits, which it installs in the naming registry as its Limiter.
type Engines struct {
	st     store.Store
	log    *slog.Logger
	opts   EngineOptions
	ns     *Service
	users  *auth.Service
	naming *naming.Registry
	view   *engineView
	xds    atomic.Pointer[XDSCounter]

	queueMu sync.Mutex
	queue   []int64
	// inflight are the jobs queued or running here, so that a takeover
	// scan does not queue one twice.
	inflight map[int64]bool
	wake     chan struct{}
	cancel   context.CancelFunc
	wg       sync.WaitGroup
}

// NewEngines loads the engines, makes the naming registry enforce their
// limits, and starts the job runner, which first resumes every job that
// was under way when the last runner stopped.
func NewEngines(ctx context.Context, st store.Store, ns *Service, users *auth.Service, reg *naming.Registry,
	opts EngineOptions) (*Engines, error) {
	if opts.Logger == nil {
		opts.Logger = slog.Default()
	}
	if opts.Quota <= 0 {
		opts.Quota = DefaultEngineQuota
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if opts.TakeOverInterval <= 0 {
		opts.TakeOverInterval = 5 * time.Second
	}
	e := &Engines{inflight: map[int64]bool{}, st: st, log: opts.Logger, opts: opts, ns: ns, users: users, naming: reg,
		view: newEngineView(opts.Logger), wake: make(chan struct{}, 1)}
	runCtx, cancel := context.WithCancel(context.WithoutCancel(ctx))
	done, err := store.StartMirror(runCtx, st, EnginePrefix, e.view, e.log.With("mirror", "engines"))
	if err != nil {
		cancel()
		return nil, fmt.Errorf("load engines: %w", err)
	}
	e.cancel = cancel
	if err := e.resume(ctx); err != nil {
		cancel()
		<-done
		return nil, err
	}
	reg.SetLimiter(e)
	if opts.Configs != nil {
		opts.Configs.SetLimiter(e)
	}
	ns.engines.Store(e)
	e.wg.Add(3)
	go func() { defer e.wg.Done(); <-done }()
	go func() { defer e.wg.Done(); e.run(runCtx) }()
	go func() { defer e.wg.Done(); e.watchLeavers(runCtx) }()
	return e, nil
}

// Close stops the runner (a job under way resumes at the next start) and
// removes the limits from the naming registry.
func (e *Engines) Close() {
	e.naming.SetLimiter(nil)
	if e.opts.Configs != nil {
		e.opts.Configs.SetLimiter(nil)
	}
	e.ns.engines.CompareAndSwap(e, nil)
	e.cancel()
	e.wg.Wait()
}

// NamespaceLimits is the naming registry's Limiter: every namespace of an
// engine (its own and those of its console) shares its flavor's limits.
func (e *Engines) NamespaceLimits(namespace string) (naming.Limits, bool) {
	id, flavor, ok := e.owner(namespace)
	if !ok {
		return naming.Limits{}, false
	}
	f, _ := FlavorByName(flavor)
	lim := f.Limits()
	lim.Shared = e.namespacesOf(id)
	return lim, true
}

// ConfigLimit is the config centre's Limiter: an engine's namespaces hold
// at most its flavor's configs together.
func (e *Engines) ConfigLimit(namespace string) (int, []string, bool) {
	id, flavor, ok := e.owner(namespace)
	if !ok {
		return 0, nil, false
	}
	f, _ := FlavorByName(flavor)
	return f.MaxConfigs, e.namespacesOf(id), true
}

// List answers a project's engines, oldest first.
func (e *Engines) List(project string) []*Engine { return e.view.ofProject(project) }

// Get answers one engine of a project.
func (e *Engines) Get(project, id string) (*Engine, error) {
	en, ok := e.view.get(id)
	if !ok || en.Project != project {
		return nil, engineNotFound(id)
	}
	return en, nil
}

// Usage answers how many services and instances an engine holds in all
// its namespaces.
func (e *Engines) Usage(en *Engine) (services, instances int) {
	for _, ns := range e.namespacesOf(en.ID) {
		s, i := e.naming.Usage(ns)
		services, instances = services+s, instances+i
	}
	return services, instances
}

// Quota answers how many engines a project holds and may hold.
func (e *Engines) Quota(project string) (used, quota int) {
	return len(e.view.ofProject(project)), e.opts.Quota
}

// Job answers one job of an engine of a project. A job outlives a deleted
// engine, so it is matched by its own record.
func (e *Engines) Job(ctx context.Context, project, engineID, jobID string) (*Job, error) {
	id, err := strconv.ParseInt(jobID, 10, 64)
	if err != nil || id <= 0 {
		return nil, invalid("job_id", "job_id %q is not a job id", jobID)
	}
	j, _, err := e.loadJob(ctx, id)
	if registry.KindOf(err) == registry.KindNotFound || (err == nil && (j.EngineID != engineID || j.Project != project)) {
		return nil, jobNotFound(jobID)
	}
	return j, err
}

func (e *Engines) loadJob(ctx context.Context, id int64) (*Job, store.KV, error) {
	kv, err := e.st.Get(ctx, jobKey(id))
	if errors.Is(err, store.ErrNotFound) {
		return nil, kv, jobNotFound(strconv.FormatInt(id, 10))
	}
	if err != nil {
		return nil, kv, fmt.Errorf("read job %d: %w", id, err)
	}
	var j Job
	if err := json.Unmarshal(kv.Value, &j); err != nil {
		return nil, kv, fmt.Errorf("decode job %d: %w", id, err)
	}
	return &j, kv, nil
}

func (e *Engines) nowMillis() int64 { return e.opts.Now().UnixMilli() }

// XDSStreamLimit is the xDS server's StreamLimiter: the streams that name
// an engine's namespace are its xDS connections, capped by its flavor.
func (e *Engines) XDSStreamLimit(namespace string) (engine string, limit int, ok bool) {
	id, flavor, ok := e.owner(namespace)
	if !ok {
		return "", 0, false
	}
	f, _ := FlavorByName(flavor)
	return id, f.MaxXDSConns, true
}

// XDSCounter answers how many xDS streams count against a tenant, an
// engine by id (the xDS server's Streams).
type XDSCounter interface{ Streams(tenant string) int }

// SetXDSCounter installs the xDS counter; the xDS server is built after the
// engines it limits.
func (e *Engines) SetXDSCounter(c XDSCounter) {
	if c == nil {
		e.xds.Store(nil)
		return
	}
	e.xds.Store(&c)
}

// XDSConns answers how many xDS connections an engine holds on this node.
func (e *Engines) XDSConns(en *Engine) int {
	if c := e.xds.Load(); c != nil {
		return (*c).Streams(en.ID)
	}
	return 0
}

// Held is what an engine holds of each of its flavor's limits.
type Held struct {
	Services, Instances, Configs, XDSConns int
}

// Holding answers what an engine holds now: its services, instances and
// configs in the cluster, its xDS connections on this node.
func (e *Engines) Holding(en *Engine) Held {
	services, instances := e.Usage(en)
	configs := 0
	for _, ns := range e.namespacesOf(en.ID) {
		configs += e.ns.count(ns)
	}
	return Held{Services: services, Instances: instances, Configs: configs, XDSConns: e.XDSConns(en)}
}
