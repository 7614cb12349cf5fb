package tenancy

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"golang.org/x/crypto/bcrypt"

	"github.com/causeway-dev/causeway/registry"
	"github.com/causeway-dev/causeway/registry/auth"
	"github.com/causeway-dev/causeway/registry/config"
	"github.com/causeway-dev/causeway/registry/naming"
	"github.com/causeway-dev/causeway/registry/store"
	"github.com/causeway-dev/causeway/registry/store/enginetest"
)

const enginePass = "Engine-pass-123"

// tenant is an Engines over real services sharing one store.
type tenant struct {
	st     store.Store
	ns     *Service
	users  *auth.Service
	naming *naming.Registry
	config *config.Service
	e      *Engines
}

func newTenant(t *testing.T, st store.Store) *tenant {
	t.Helper()
	return newTenantWith(t, st, EngineOptions{})
}

// newTenantWith is newTenant with engine options (logger, quota and
// config limits are the test's).
func newTenantWith(t *testing.T, st store.Store, opts EngineOptions) *tenant {
	t.Helper()
	ctx := context.Background()
	tn := &tenant{st: st, ns: newService(t, st, Options{})}
	tn.users = auth.New(st, auth.Options{Logger: quiet(), PasswordCost: bcrypt.MinCost})
	var err error
	if tn.naming, err = naming.New(ctx, st, naming.Options{Logger: quiet()}); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(tn.naming.Close)
	if tn.config, err = config.New(ctx, st, config.Options{Logger: quiet()}); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(tn.config.Close)
	tn.ns.SetCounter(tn.config)
	opts.Logger, opts.Quota, opts.Configs = quiet(), 3, tn.config
	if tn.e, err = NewEngines(ctx, st, tn.ns, tn.users, tn.naming, opts); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(tn.e.Close)
	return tn
}

func newEnginesT(t *testing.T) *tenant {
	st := openStore(t, "")
	t.Cleanup(func() { _ = st.Close() })
	return newTenant(t, st)
}

func engineInput(name, auth string) CreateInput {
	in := CreateInput{Name: name, Payment: "1", Flavor: "cse.s1.small2", AZList: []string{"az1"}, AuthType: auth,
		VPC: "vpc", NetworkID: "net", SubnetCIDR: "10.0.0.0/24", User: "admin"}
	if auth == AuthRBAC {
		in.Password = enginePass
	}
	return in
}

// waitJob waits until a job ends and answers it.
func waitJob(t *testing.T, e *Engines, project, engineID string, id int64) *Job {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) {
		j, err := e.Job(context.Background(), project, engineID, fmt.Sprint(id))
		if err != nil {
			t.Fatal(err)
		}
		if j.Done() {
			return j
		}
		time.Sleep(5 * time.Millisecond)
	}
	t.Fatalf("job %d did not end", id)
	return nil
}

func mustFinish(t *testing.T, e *Engines, project, engineID string, id int64) {
	t.Helper()
	if j := waitJob(t, e, project, engineID, id); j.Status != JobFinished {
		t.Fatalf("job %d: %s %+v", id, j.Status, j.Tasks)
	}
}

func TestEngineLifeCycle(t *testing.T) {
	tn := newEnginesT(t)
	ctx := context.Background()
	en, job, err := tn.e.Create(ctx, "p1", engineInput("alpha", AuthRBAC))
	if err != nil {
		t.Fatal(err)
	}
	j := waitJob(t, tn.e, "p1", en.ID, job.ID)
	if j.Status != JobFinished || len(j.Tasks) != 3 || j.EndTime == 0 || j.Params.Password != "" {
		t.Fatalf("create job %+v", j)
	}
	for _, task := range j.Tasks {
		if task.Status != JobFinished || task.StartTime == 0 || task.EndTime < task.StartTime {
			t.Fatalf("task %+v", task)
		}
	}
	got, _ := tn.e.Get("p1", en.ID)
	if got.Status != StatusAvailable || !tn.ns.Exists(en.ID) {
		t.Fatalf("engine %+v, namespace exists %v", got, tn.ns.Exists(en.ID))
	}
	// The engine's user reaches its namespace and nothing else.
	id, err := tn.users.CheckPassword(ctx, en.Username(), enginePass)
	if err != nil {
		t.Fatal(err)
	}
	own := auth.Resource{Namespace: en.ID, Group: "DEFAULT_GROUP", Name: "svc", Type: auth.TypeNaming}
	if err := tn.users.Authorize(ctx, id, own, auth.Write); err != nil {
		t.Fatalf("own namespace: %v", err)
	}
	other := own
	other.Namespace = "public"
	if err := tn.users.Authorize(ctx, id, other, auth.Read); err == nil {
		t.Fatal("engine user reads public")
	}
	// Resize, upgrade, auth off, delete: each a job that finishes.
	steps := []func() (*Engine, *Job, error){
		func() (*Engine, *Job, error) { return tn.e.Resize(ctx, "p1", en.ID, "u", "cse.s1.large2", nil) },
		func() (*Engine, *Job, error) { return tn.e.Upgrade(ctx, "p1", en.ID, "u", "2.5.0") },
		func() (*Engine, *Job, error) { return tn.e.Configure(ctx, "p1", en.ID, "u", AuthNone, "") },
	}
	for i, step := range steps {
		_, j, err := step()
		if err != nil {
			t.Fatalf("step %d: %v", i, err)
		}
		mustFinish(t, tn.e, "p1", en.ID, j.ID)
	}
	got, _ = tn.e.Get("p1", en.ID)
	if got.Flavor != "cse.s1.large2" || got.Version != "2.5.0" || got.AuthType != AuthNone || got.Status != StatusAvailable {
		t.Fatalf("after changes %+v", got)
	}
	if _, err := tn.users.GetUser(ctx, en.Username()); registry.KindOf(err) != registry.KindNotFound {
		t.Fatalf("auth off kept the user: %v", err)
	}
	_, j, err = tn.e.Delete(ctx, "p1", en.ID, "u")
	if err != nil {
		t.Fatal(err)
	}
	mustFinish(t, tn.e, "p1", en.ID, j.ID)
	if _, err := tn.e.Get("p1", en.ID); registry.KindOf(err) != registry.KindNotFound || tn.ns.Exists(en.ID) {
		t.Fatalf("after delete: %v, namespace %v", err, tn.ns.Exists(en.ID))
	}
	// The name is free again.
	if _, _, err := tn.e.Create(ctx, "p1", engineInput("alpha", AuthNone)); err != nil {
		t.Fatal(err)
	}
}

func TestEngineCreateRefusalsWriteNothing(t *testing.T) {
	tn := newEnginesT(t)
	ctx := context.Background()
	mod := func(f func(*CreateInput)) CreateInput { in := engineInput("beta", AuthRBAC); f(&in); return in }
	cases := []struct {
		name  string
		in    CreateInput
		field string
	}{
		{"short name", mod(func(in *CreateInput) { in.Name = "ab" }), "name"},
		{"name ends with -", mod(func(in *CreateInput) { in.Name = "abc-" }), "name"},
		{"payment", mod(func(in *CreateInput) { in.Payment = "9" }), "payment"},
		{"flavor", mod(func(in *CreateInput) { in.Flavor = "cse.s1.huge" }), "flavor"},
		{"no az", mod(func(in *CreateInput) { in.AZList = nil }), "azList"},
		{"four azs", mod(func(in *CreateInput) { in.AZList = []string{"a", "b", "c", "d"} }), "azList"},
		{"auth type", mod(func(in *CreateInput) { in.AuthType = "LDAP" }), "authType"},
		{"rbac without pwd", mod(func(in *CreateInput) { in.Password = "" }), "auth_cred"},
		{"weak pwd", mod(func(in *CreateInput) { in.Password = "abc" }), "auth_cred"},
		{"no vpc", mod(func(in *CreateInput) { in.VPC = "" }), "vpc"},
		{"long subnet", mod(func(in *CreateInput) { in.SubnetCIDR = "1234567890123456789012345" }), "subnetCidr"},
		{"spec type", mod(func(in *CreateInput) { in.SpecType = "K8S" }), "specType"},
	}
	before := enginetest.State(t, tn.st)
	for _, c := range cases {
		_, _, err := tn.e.Create(ctx, "p1", c.in)
		var re *registry.Error
		if !asRegistryError(err, &re) || re.Kind != registry.KindInvalid || re.Field != c.field {
			t.Errorf("%s: %v, want invalid %s", c.name, err, c.field)
		}
	}
	if enginetest.State(t, tn.st) != before {
		t.Fatal("a refused create wrote")
	}
}

func TestEngineNameAndProjectQuota(t *testing.T) {
	tn := newEnginesT(t)
	ctx := context.Background()
	if _, _, err := tn.e.Create(ctx, "p1", engineInput("gamma", AuthNone)); err != nil {
		t.Fatal(err)
	}
	_, _, err := tn.e.Create(ctx, "p2", engineInput("gamma", AuthNone))
	if registry.KindOf(err) != registry.KindConflict {
		t.Fatalf("duplicate name: %v", err)
	}
	for _, n := range []string{"gamma2", "gamma3"} {
		if _, _, err := tn.e.Create(ctx, "p1", engineInput(n, AuthNone)); err != nil {
			t.Fatal(err)
		}
	}
	if used, quota := tn.e.Quota("p1"); used != 3 || quota != 3 {
		t.Fatalf("quota %d of %d", used, quota)
	}
	_, _, err = tn.e.Create(ctx, "p1", engineInput("gamma4", AuthNone))
	if registry.KindOf(err) != registry.KindQuota {
		t.Fatalf("over quota: %v", err)
	}
	if len(tn.e.List("p2")) != 0 || len(tn.e.List("p1")) != 3 {
		t.Fatal("lists")
	}
	if _, err := tn.e.Get("p2", tn.e.List("p1")[0].ID); registry.KindOf(err) != registry.KindNotFound {
		t.Fatal("an engine is visible in another project")
	}
}

// A step that fails leaves the job in Error and the engine CreateFailed;
// once the cause is gone, Retry finishes the job from the failed step.
func TestEngineJobFailsAndRetries(t *testing.T) {
	tn := newEnginesT(t)
	ctx := context.Background()
	// Someone else holds the user name the engine's identity needs.
	if _, err := tn.users.CreateUser(ctx, "engine-delta", "Other-pass-123", false); err != nil {
		t.Fatal(err)
	}
	en, job, err := tn.e.Create(ctx, "p1", engineInput("delta", AuthRBAC))
	if err != nil {
		t.Fatal(err)
	}
	j := waitJob(t, tn.e, "p1", en.ID, job.ID)
	if j.Status != JobError || j.Tasks[0].Status != JobFinished || j.Tasks[1].Status != JobError || j.Tasks[1].Log == "" {
		t.Fatalf("failed job %+v", j)
	}
	if got, _ := tn.e.Get("p1", en.ID); got.Status != StatusCreateFailed {
		t.Fatalf("engine %s", got.Status)
	}
	if _, _, err := tn.e.Resize(ctx, "p1", en.ID, "u", "cse.s1.large2", nil); registry.KindOf(err) != registry.KindNotAllowed {
		t.Fatalf("resize of a failed engine: %v", err)
	}
	if err := tn.users.DeleteUser(ctx, "engine-delta"); err != nil {
		t.Fatal(err)
	}
	_, rj, err := tn.e.Retry(ctx, "p1", en.ID)
	if err != nil || rj.ID != job.ID {
		t.Fatalf("retry: %v %+v", err, rj)
	}
	mustFinish(t, tn.e, "p1", en.ID, job.ID)
	if _, err := tn.users.CheckPassword(ctx, "engine-delta", enginePass); err != nil {
		t.Fatalf("engine user after retry: %v", err)
	}
	if _, _, err := tn.e.Retry(ctx, "p1", en.ID); registry.KindOf(err) != registry.KindNotAllowed {
		t.Fatalf("retry of an available engine: %v", err)
	}
}

// interrupt puts a finished Create job back as a crash in its last step
// leaves it: executing, its engine creating, the step's input naming
// another flavor.
func interrupt(t *testing.T, tn *tenant, en *Engine, jobID int64) {
	t.Helper()
	ctx := context.Background()
	j, _, err := tn.e.loadJob(ctx, jobID)
	if err != nil {
		t.Fatal(err)
	}
	j.Status, j.EndTime, j.Params.Flavor = JobExecuting, 0, "cse.s1.large2"
	j.Tasks[2].Status, j.Tasks[2].EndTime = JobExecuting, 0
	stored, _ := tn.e.Get("p1", en.ID)
	stored.Status = StatusCreating
	if _, err := tn.st.Commit(ctx, store.Txn{Then: []store.Op{store.Put(jobKey(j.ID), mustJSON(j)),
		store.Put(engineKey(en.ID), mustJSON(stored))}}); err != nil {
		t.Fatal(err)
	}
}

func wantResumed(t *testing.T, e *Engines, en *Engine, jobID int64) {
	t.Helper()
	mustFinish(t, e, "p1", en.ID, jobID)
	waitAvailable(t, e, "p1", en.ID)
	if got, _ := e.Get("p1", en.ID); got.Flavor != "cse.s1.large2" {
		t.Fatalf("after resume %+v", got)
	}
}

// A job a runner left mid-way (the node stopped during a step) is done
// by the next runner at start, from the step it was doing.
func TestEngineJobResumesAfterRestart(t *testing.T) {
	dir := t.TempDir()
	st := openStore(t, dir)
	tn := newTenant(t, st)
	ctx := context.Background()
	en, job, err := tn.e.Create(ctx, "p1", engineInput("epsilon", AuthNone))
	if err != nil {
		t.Fatal(err)
	}
	mustFinish(t, tn.e, "p1", en.ID, job.ID)
	tn.e.Close()
	interrupt(t, tn, en, job.ID)
	tn.naming.Close()
	tn.config.Close()
	tn.ns.Close()
	if err := st.Close(); err != nil {
		t.Fatal(err)
	}
	st = openStore(t, dir)
	t.Cleanup(func() { _ = st.Close() })
	wantResumed(t, newTenant(t, st).e, en, job.ID)
}

// Two nodes starting at once both resume an unfinished job: one finishes
// it, the other stops when it finds the job saved by the first.
func TestEngineJobResumedByTwoNodes(t *testing.T) {
	tn := newEnginesT(t)
	ctx := context.Background()
	en, job, err := tn.e.Create(ctx, "p1", engineInput("kappa", AuthNone))
	if err != nil {
		t.Fatal(err)
	}
	mustFinish(t, tn.e, "p1", en.ID, job.ID)
	tn.e.Close()
	interrupt(t, tn, en, job.ID)
	a, b := newTenant(t, tn.st), newTenant(t, tn.st)
	wantResumed(t, a.e, en, job.ID)
	wantResumed(t, b.e, en, job.ID)
}

// Registering into an engine's namespace stops at its flavor's limits,
// with nothing written; resizing raises them.
func TestEngineLimitsInNaming(t *testing.T) {
	tn := newEnginesT(t)
	ctx := context.Background()
	en, job, err := tn.e.Create(ctx, "p1", engineInput("zeta", AuthNone))
	if err != nil {
		t.Fatal(err)
	}
	mustFinish(t, tn.e, "p1", en.ID, job.ID)
	limit := en.FlavorLimits().MaxInstances
	reg := func(i int) error {
		return tn.naming.Register(ctx, naming.Instance{
			Service: naming.ServiceKey{Namespace: en.ID, Group: "DEFAULT_GROUP", Name: "svc"},
			IP:      fmt.Sprintf("10.0.%d.%d", i/256, i%256), Port: 80, Cluster: "DEFAULT", Weight: 1,
			Healthy: true, Enabled: true, Ephemeral: false})
	}
	for i := range limit {
		if err := reg(i); err != nil {
			t.Fatalf("register %d: %v", i, err)
		}
	}
	before := enginetest.State(t, tn.st)
	if err := reg(limit); registry.KindOf(err) != registry.KindQuota {
		t.Fatalf("register past the limit: %v", err)
	}
	if enginetest.State(t, tn.st) != before {
		t.Fatal("a refused register wrote")
	}
	if err := reg(0); err != nil {
		t.Fatalf("re-registering an instance is no new one: %v", err)
	}
	if _, ins := tn.e.Usage(en); ins != limit {
		t.Fatalf("usage %d", ins)
	}
	// Another namespace is not limited by it.
	if err := tn.naming.Register(ctx, naming.Instance{Service: naming.ServiceKey{Namespace: "public",
		Group: "DEFAULT_GROUP", Name: "svc"}, IP: "10.9.9.9", Port: 80, Cluster: "DEFAULT", Weight: 1,
		Healthy: true, Enabled: true}); err != nil {
		t.Fatal(err)
	}
	if _, _, err := tn.e.Resize(ctx, "p1", en.ID, "u", "cse.s1.small2", nil); err != nil {
		t.Fatal(err)
	}
	_, _, err = tn.e.Resize(ctx, "p1", en.ID, "u", "cse.s1.medium2", nil)
	if registry.KindOf(err) != registry.KindNotAllowed {
		t.Fatalf("resize while resizing: %v", err)
	}
	waitAvailable(t, tn.e, "p1", en.ID)
	_, j, err := tn.e.Resize(ctx, "p1", en.ID, "u", "cse.s1.medium2", nil)
	if err != nil {
		t.Fatal(err)
	}
	mustFinish(t, tn.e, "p1", en.ID, j.ID)
	if err := reg(limit); err != nil {
		t.Fatalf("register after resize: %v", err)
	}
}

func waitAvailable(t *testing.T, e *Engines, project, id string) {
	t.Helper()
	for range 2000 {
		if en, err := e.Get(project, id); err == nil && en.Status == StatusAvailable {
			return
		}
		time.Sleep(5 * time.Millisecond)
	}
	t.Fatal("engine never available")
}

func asRegistryError(err error, re **registry.Error) bool {
	return errors.As(err, re)
}

// An engine's namespaces hold at most its flavor's configs together, and
// report that quota; updating a config is no new one.
func TestEngineConfigLimit(t *testing.T) {
	tn := newEnginesT(t)
	ctx := context.Background()
	en, job, err := tn.e.Create(ctx, "p1", engineInput("iota", AuthNone))
	if err != nil {
		t.Fatal(err)
	}
	mustFinish(t, tn.e, "p1", en.ID, job.ID)
	limit := en.FlavorLimits().MaxConfigs
	// A namespace of the engine's console shares the limit: odd configs go
	// there.
	console, err := tn.e.Console("p1", en.ID)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := console.Create(ctx, "iota-dev", "dev", ""); err != nil {
		t.Fatal(err)
	}
	pub := func(i int) error {
		tenant := en.ID
		if i%2 == 1 {
			tenant = "iota-dev"
		}
		_, err := tn.config.Publish(ctx, config.PublishInput{Tenant: tenant, Group: "g",
			DataID: fmt.Sprintf("d%d", i), Content: "v"})
		return err
	}
	for i := range limit {
		if err := pub(i); err != nil {
			t.Fatalf("publish %d: %v", i, err)
		}
	}
	before := enginetest.State(t, tn.st)
	if err := pub(limit); registry.KindOf(err) != registry.KindQuota {
		t.Fatalf("publish past the limit: %v", err)
	}
	if enginetest.State(t, tn.st) != before {
		t.Fatal("a refused publish wrote")
	}
	if err := pub(0); err != nil {
		t.Fatalf("update: %v", err)
	}
	ns, err := tn.ns.Get(en.ID)
	if err != nil || ns.Quota != limit || ns.ConfigCount != limit/2 || ns.Engine != en.ID {
		t.Fatalf("namespace %+v, %v", ns, err)
	}
	if held := tn.e.Holding(en); held.Configs != limit {
		t.Fatalf("the engine holds %d configs, want %d", held.Configs, limit)
	}
	if _, err := tn.config.Publish(ctx, config.PublishInput{Tenant: "", Group: "g", DataID: "free", Content: "v"}); err != nil {
		t.Fatalf("public is not limited: %v", err)
	}
}
