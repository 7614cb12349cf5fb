package tenancy

import (
	"context"
	"errors"
	"fmt"
	"strconv"

	"github.com/causeway-dev/causeway/registry"
	"github.com/causeway-dev/causeway/registry/store"
)

// Create validates in, then stores the engine (Creating) and its Create
// job in one transaction and hands the job to the runner. Nothing is
// written unless every rule holds.
func (e *Engines) Create(ctx context.Context, project string, in CreateInput) (*Engine, *Job, error) {
	if err := in.normalize(); err != nil {
		return nil, nil, err
	}
	if used, quota := e.Quota(project); used >= quota {
		return nil, nil, registry.FieldErrorf(registry.KindQuota, "engines",
			"project %s holds %d engines, its quota", project, quota)
	}
	params, err := e.hashed(in.Name, in.AuthType, in.Password)
	if err != nil {
		return nil, nil, err
	}
	now := e.nowMillis()
	en := &Engine{ID: newUUID(), Project: project, Name: in.Name, Description: in.Description, Flavor: in.Flavor,
		Payment: in.Payment, AuthType: in.AuthType, SpecType: in.SpecType, AZList: in.AZList, VPC: in.VPC,
		VPCID: in.VPCID, NetworkID: in.NetworkID, SubnetCIDR: in.SubnetCIDR, PublicIPID: in.PublicIPID,
		Inputs: in.Inputs, Version: CurrentVersion, Status: StatusCreating, CreateUser: in.User,
		CreatedAt: now, UpdatedAt: now}
	jobID, seq, err := e.nextJobID(ctx)
	if err != nil {
		return nil, nil, err
	}
	en.LatestJobID = jobID
	job := newJob(jobID, en, JobCreate, in.User, now, params,
		stepNamespace, stepIdentity, stepLimits)
	job.Node = e.node()
	txn := store.Txn{If: []store.Cmp{store.Absent(nameKey(en.Name)), seq},
		Then: []store.Op{store.Put(nameKey(en.Name), []byte(en.ID)), store.Put(engineKey(en.ID), mustJSON(en)),
			store.Put(jobKey(jobID), mustJSON(job)), store.Put(jobSeqKey, []byte(strconv.FormatInt(jobID, 10)))},
		Durability: store.Sync}
	if err := e.commitNew(ctx, txn, func() error {
		if _, err := e.st.Get(ctx, nameKey(en.Name)); err == nil {
			return registry.FieldErrorf(registry.KindConflict, "name", "engine name %s is taken", en.Name)
		}
		return nil
	}); err != nil {
		return nil, nil, err
	}
	e.enqueue(jobID)
	return en, job, nil
}

// commitNew commits txn; when a guard failed, explain answers why (a name
// taken) or nil for a lost race on the job sequence, retried by the
// caller's next request.
func (e *Engines) commitNew(ctx context.Context, txn store.Txn, explain func() error) error {
	res, err := e.st.Commit(ctx, txn)
	if err != nil {
		return fmt.Errorf("write engine: %w", err)
	}
	if !res.Succeeded {
		if err := explain(); err != nil {
			return err
		}
		return registry.Conflict("create engine")
	}
	e.view.waitFor(ctx, res.Revision)
	return nil
}

// nextJobID answers the next job id and the guard that it is still next.
func (e *Engines) nextJobID(ctx context.Context) (int64, store.Cmp, error) {
	kv, err := e.st.Get(ctx, jobSeqKey)
	if errors.Is(err, store.ErrNotFound) {
		return 1, store.Absent(jobSeqKey), nil
	}
	if err != nil {
		return 0, store.Cmp{}, fmt.Errorf("read job sequence: %w", err)
	}
	n, err := strconv.ParseInt(string(kv.Value), 10, 64)
	if err != nil {
		return 0, store.Cmp{}, fmt.Errorf("decode job sequence: %w", err)
	}
	return n + 1, store.Unchanged(jobSeqKey, kv.ModRevision), nil
}

// Delete starts the Delete job of an engine no job is changing. The
// engine's namespace record goes with it; services and configs registered
// in it stay, as Nacos keeps a deleted namespace's data.
func (e *Engines) Delete(ctx context.Context, project, id, user string) (*Engine, *Job, error) {
	return e.startJob(ctx, project, id, JobDelete, user, JobParams{}, func(en *Engine) error {
		if en.busy() {
			return notNow(en, "deleted")
		}
		return nil
	}, stepDropIdentity, stepDropNS, stepDropEngine)
}

// Upgrade starts the job that moves an engine to version.
func (e *Engines) Upgrade(ctx context.Context, project, id, user, version string) (*Engine, *Job, error) {
	if err := validateVersion(version); err != nil {
		return nil, nil, err
	}
	return e.startJob(ctx, project, id, JobUpgrade, user, JobParams{Version: version}, idle, stepVersion)
}

// Configure starts the job that switches an engine's authentication;
// turning RBAC on needs the password of the engine's user.
func (e *Engines) Configure(ctx context.Context, project, id, user, authType, password string) (*Engine, *Job, error) {
	if authType != AuthRBAC && authType != AuthNone {
		return nil, nil, invalid("authType", "authType must be RBAC or NONE, not %q", authType)
	}
	check := func(en *Engine) error {
		if err := idle(en); err != nil {
			return err
		}
		if authType == AuthRBAC && en.AuthType != AuthRBAC {
			return checkPassword(en.Username(), password)
		}
		return nil
	}
	en, err := e.Get(project, id)
	if err != nil {
		return nil, nil, err
	}
	params := JobParams{}
	if en.AuthType != AuthRBAC { // the password sets the user up
		if params, err = e.hashed(en.Name, authType, password); err != nil {
			return nil, nil, err
		}
	}
	params.AuthType = authType
	return e.startJob(ctx, project, id, JobModify, user, params, check, stepAuth)
}

// hashed answers the job parameters that carry the password of engine
// name's user, hashed: a job record never holds a password.
func (e *Engines) hashed(name, authType, password string) (JobParams, error) {
	if authType != AuthRBAC {
		return JobParams{}, nil
	}
	username := (&Engine{Name: name}).Username()
	if err := checkPassword(username, password); err != nil {
		return JobParams{}, err
	}
	hash, err := e.users.HashPassword(username, password)
	if err != nil {
		return JobParams{}, err
	}
	return JobParams{PasswordHash: hash}, nil
}

// Resize starts the job that moves an engine to another flavor; one too
// small for what the engine already holds is refused.
func (e *Engines) Resize(ctx context.Context, project, id, user, flavor string, inputs map[string]string) (*Engine, *Job, error) {
	if flavor != "" {
		if _, ok := FlavorByName(flavor); !ok {
			return nil, nil, invalid("flavor", "flavor %q is not one of the engine flavors", flavor)
		}
	}
	check := func(en *Engine) error {
		if err := idle(en); err != nil {
			return err
		}
		return e.fits(en, flavor)
	}
	return e.startJob(ctx, project, id, JobModify, user, JobParams{Flavor: flavor, Inputs: inputs}, check, stepLimits)
}

// fits refuses a flavor whose limits the engine already exceeds.
func (e *Engines) fits(en *Engine, flavor string) error {
	if flavor == "" {
		return nil
	}
	f, _ := FlavorByName(flavor)
	services, instances := e.Usage(en)
	if services > f.MaxServices || instances > f.MaxInstances {
		return invalid("flavor", "engine %s holds %d services and %d instances, more than %s allows",
			en.ID, services, instances, flavor)
	}
	return nil
}

func idle(en *Engine) error {
	if en.busy() || en.failed() {
		return notNow(en, "changed")
	}
	return nil
}

// startJob stores a job of typ on an engine that check allows, with the
// engine's new status, in one transaction, and hands it to the runner.
func (e *Engines) startJob(ctx context.Context, project, id, typ, user string, p JobParams,
	check func(*Engine) error, steps ...string) (*Engine, *Job, error) {
	for range maxAttempts {
		en, kv, err := e.loadEngine(ctx, project, id)
		if err != nil {
			return nil, nil, err
		}
		if err := check(en); err != nil {
			return nil, nil, err
		}
		jobID, seq, err := e.nextJobID(ctx)
		if err != nil {
			return nil, nil, err
		}
		now := e.nowMillis()
		job := newJob(jobID, en, typ, user, now, p, steps...)
		job.Node = e.node()
		en.Status, _ = running(typ)
		en.LatestJobID, en.UpdatedAt = jobID, now
		txn := store.Txn{If: []store.Cmp{store.Unchanged(engineKey(id), kv.ModRevision), seq},
			Then: []store.Op{store.Put(engineKey(id), mustJSON(en)), store.Put(jobKey(jobID), mustJSON(job)),
				store.Put(jobSeqKey, []byte(strconv.FormatInt(jobID, 10)))}, Durability: store.Sync}
		res, err := e.st.Commit(ctx, txn)
		if err != nil {
			return nil, nil, fmt.Errorf("start %s job: %w", typ, err)
		}
		if res.Succeeded {
			e.view.waitFor(ctx, res.Revision)
			e.enqueue(jobID)
			return en, job, nil
		}
	}
	return nil, nil, registry.Conflict("start engine job")
}

// Retry runs an engine's failed job again from its failed step (§5.3.11).
func (e *Engines) Retry(ctx context.Context, project, id string) (*Engine, *Job, error) {
	for range maxAttempts {
		en, kv, err := e.loadEngine(ctx, project, id)
		if err != nil {
			return nil, nil, err
		}
		if !en.failed() {
			return nil, nil, notNow(en, "retried")
		}
		job, jkv, err := e.loadJob(ctx, en.LatestJobID)
		if err != nil {
			return nil, nil, err
		}
		job.Status, job.EndTime, job.Node = JobInit, 0, e.node()
		for i := range job.Tasks {
			if job.Tasks[i].Status == JobError {
				job.Tasks[i].Status, job.Tasks[i].Log = JobInit, ""
			}
		}
		en.Status, _ = running(job.Type)
		en.UpdatedAt = e.nowMillis()
		txn := store.Txn{If: []store.Cmp{store.Unchanged(engineKey(id), kv.ModRevision),
			store.Unchanged(jobKey(job.ID), jkv.ModRevision)},
			Then: []store.Op{store.Put(engineKey(id), mustJSON(en)), store.Put(jobKey(job.ID), mustJSON(job))}}
		res, err := e.st.Commit(ctx, txn)
		if err != nil {
			return nil, nil, fmt.Errorf("retry job %d: %w", job.ID, err)
		}
		if res.Succeeded {
			e.view.waitFor(ctx, res.Revision)
			e.enqueue(job.ID)
			return en, job, nil
		}
	}
	return nil, nil, registry.Conflict("retry engine job")
}

// loadEngine reads an engine of a project from the store, for its revision.
func (e *Engines) loadEngine(ctx context.Context, project, id string) (*Engine, store.KV, error) {
	if _, err := e.Get(project, id); err != nil {
		return nil, store.KV{}, err
	}
	kv, err := e.st.Get(ctx, engineKey(id))
	if errors.Is(err, store.ErrNotFound) {
		return nil, kv, engineNotFound(id)
	}
	if err != nil {
		return nil, kv, fmt.Errorf("read engine %s: %w", id, err)
	}
	en, ok := e.view.decode(kv)
	if !ok || en.Project != project {
		return nil, kv, engineNotFound(id)
	}
	return en, kv, nil
}

// updateEngine changes a stored engine with edit, retrying lost races.
func (e *Engines) updateEngine(ctx context.Context, id string, edit func(*Engine)) error {
	for range maxAttempts {
		en, ok := e.view.get(id)
		if !ok {
			return engineNotFound(id)
		}
		en, kv, err := e.loadEngine(ctx, en.Project, id)
		if err != nil {
			return err
		}
		edit(en)
		en.UpdatedAt = e.nowMillis()
		res, err := e.st.Commit(ctx, store.Txn{If: []store.Cmp{store.Unchanged(engineKey(id), kv.ModRevision)},
			Then: []store.Op{store.Put(engineKey(id), mustJSON(en))}})
		if err != nil {
			return fmt.Errorf("update engine %s: %w", id, err)
		}
		if res.Succeeded {
			e.view.waitFor(ctx, res.Revision)
			return nil
		}
	}
	return registry.Conflict("update engine")
}
