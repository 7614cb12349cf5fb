package tenancy

import (
	"context"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/causeway-dev/causeway/registry"
	"github.com/causeway-dev/causeway/registry/store"
)

// An engine keeps its newest KeepJobs ended jobs and every job under way;
// another engine's jobs are not touched.
func TestPruneKeepsTheNewestJobs(t *testing.T) {
	tn := newEnginesT(t)
	ctx := context.Background()
	put := func(id int64, engine, status string) {
		j := &Job{ID: 1000 + id, EngineID: engine, Status: status}
		if _, err := tn.st.Commit(ctx, store.Txn{Then: []store.Op{store.Put(jobKey(j.ID), mustJSON(j))}}); err != nil {
			t.Fatal(err)
		}
	}
	for i := range int64(60) {
		status := JobFinished
		if i%10 == 3 {
			status = JobError
		}
		put(i, "x", status)
	}
	put(60, "x", JobExecuting)
	put(0+61, "x", JobInit)
	for i := range int64(3) {
		put(100+i, "y", JobFinished)
	}
	if err := tn.e.prune(ctx, "x", KeepJobs); err != nil {
		t.Fatal(err)
	}
	kvs, _, err := tn.st.List(ctx, JobPrefix)
	if err != nil {
		t.Fatal(err)
	}
	left := map[string]bool{}
	for _, kv := range kvs {
		left[strings.TrimPrefix(kv.Key, JobPrefix)] = true
	}
	cases := []struct {
		id   string
		kept bool
	}{{"1000", false}, {"1009", false}, {"1010", true}, {"1059", true}, {"1060", true}, {"1061", true},
		{"1100", true}, {"1102", true}}
	for _, c := range cases {
		if left[c.id] != c.kept {
			t.Errorf("job %s kept %v, want %v", c.id, left[c.id], c.kept)
		}
	}
	if len(left) != KeepJobs+2+3 {
		t.Errorf("%d jobs left, want %d", len(left), KeepJobs+5)
	}
}

// A deleted engine keeps only its Delete job; no job record ever holds the
// engine user's password (its hash until the identity exists, then
// nothing), and the user logs in with it.
func TestEngineJobsHoldNoPasswordAndDeletePrunes(t *testing.T) {
	tn := newEnginesT(t)
	ctx := context.Background()
	en, job, err := tn.e.Create(ctx, "p1", engineInput("kappa", AuthRBAC))
	if err != nil {
		t.Fatal(err)
	}
	kv, err := tn.st.Get(ctx, jobKey(job.ID))
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(kv.Value), enginePass) {
		t.Fatalf("the job record holds the password: %s", kv.Value)
	}
	mustFinish(t, tn.e, "p1", en.ID, job.ID)
	if kv, _ = tn.st.Get(ctx, jobKey(job.ID)); strings.Contains(string(kv.Value), "passwordHash") {
		t.Fatalf("the finished job keeps the hash: %s", kv.Value)
	}
	if _, err := tn.users.CheckPassword(ctx, en.Username(), enginePass); err != nil {
		t.Fatalf("the engine user cannot log in: %v", err)
	}
	_, del, err := tn.e.Delete(ctx, "p1", en.ID, "u")
	if err != nil {
		t.Fatal(err)
	}
	mustFinish(t, tn.e, "p1", en.ID, del.ID)
	// The runner prunes right after it stores the job's end, so a client
	// that saw the end may still see the older jobs for a moment.
	deadline := time.Now().Add(5 * time.Second)
	for {
		_, err := tn.e.Job(ctx, "p1", en.ID, strconv.FormatInt(job.ID, 10))
		if registry.KindOf(err) == registry.KindNotFound {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the deleted engine's create job is still there 5 s after the delete ended: %v", err)
		}
		time.Sleep(5 * time.Millisecond)
	}
	if j, err := tn.e.Job(ctx, "p1", en.ID, strconv.FormatInt(del.ID, 10)); err != nil || j.Type != JobDelete {
		t.Fatalf("the delete job: %+v %v", j, err)
	}
}
