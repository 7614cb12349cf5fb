package kie

import (
	"context"

	"github.com/causeway-dev/causeway/registry"
)

// Override says what an import does with a kv whose key and labels exist
// already (seed 004 §5.2.1).
type Override string

// Override modes; force is the default.
const (
	OverrideForce Override = "force" // update the existing kv
	OverrideAbort Override = "abort" // stop at the first duplicate
	OverrideSkip  Override = "skip"  // leave the existing kv, go on
)

// ParseOverride reads the override parameter; "" is force.
func ParseOverride(s string) (Override, error) {
	switch o := Override(s); o {
	case "":
		return OverrideForce, nil
	case OverrideForce, OverrideAbort, OverrideSkip:
		return o, nil
	}
	return "", invalid("override", "%q is not one of force, abort, skip", s)
}

// MaxImport bounds the kvs of one import.
const MaxImport = 1000

// ImportItem is one kv of an import file.
type ImportItem struct {
	Key       string
	Value     string
	ValueType string
	Status    string
	Labels    map[string]string
}

// Failure reasons of an import item.
type FailureReason int

// Why an item was not imported.
const (
	FailInvalid   FailureReason = iota + 1 // the item itself is bad (Err says why)
	FailDuplicate                          // skip: a kv with its key and labels exists
	FailAborted                            // abort: at or after the first duplicate
	FailError                              // the store failed (Err says why)
)

// ImportFailure is one item that was not imported.
type ImportFailure struct {
	Key    string
	Labels map[string]string
	Reason FailureReason
	Err    error
}

// ImportResult lists what an import stored and what it did not.
type ImportResult struct {
	Success []*KV
	Failure []ImportFailure
}

// Import stores items one by one under mode, so that each one that can be
// stored is, and each one that cannot is listed with its reason. A bad
// project or too many items fails the whole import before anything is
// stored.
func (s *Service) Import(ctx context.Context, project string, mode Override, items []ImportItem) (*ImportResult, error) {
	if err := ValidateProject(project); err != nil {
		return nil, err
	}
	if len(items) > MaxImport {
		return nil, invalid("data", "at most %d kvs per import, not %d", MaxImport, len(items))
	}
	res := &ImportResult{Success: []*KV{}, Failure: []ImportFailure{}}
	aborted := false
	for _, it := range items {
		fail := func(reason FailureReason, err error) {
			res.Failure = append(res.Failure, ImportFailure{Key: it.Key, Labels: cloneLabels(it.Labels), Reason: reason, Err: err})
		}
		if aborted {
			fail(FailAborted, nil)
			continue
		}
		in := CreateInput{Project: project, Key: it.Key, Value: it.Value, ValueType: it.ValueType,
			Status: it.Status, Labels: it.Labels}
		if _, err := s.newKV(in); err != nil {
			fail(FailInvalid, err)
			continue
		}
		kv, err := s.importOne(ctx, in, mode)
		switch {
		case err == nil:
			res.Success = append(res.Success, kv)
		case registry.KindOf(err) != registry.KindConflict:
			fail(FailError, err)
		case mode == OverrideAbort:
			aborted = true
			fail(FailAborted, err)
		default:
			fail(FailDuplicate, err)
		}
	}
	return res, nil
}

// importOne creates in, or under force updates the kv with its key and
// labels. A duplicate under abort or skip is KindConflict.
func (s *Service) importOne(ctx context.Context, in CreateInput, mode Override) (*KV, error) {
	for range maxAttempts {
		old := s.view.byIdentity(in.Project, in.Key, in.Labels)
		if old == nil {
			kv, err := s.Create(ctx, in)
			if registry.KindOf(err) == registry.KindConflict && mode == OverrideForce {
				continue // created meanwhile: update it
			}
			return kv, err
		}
		if mode != OverrideForce {
			return nil, errExists(in.Key)
		}
		vt, status := in.ValueType, in.Status
		if vt == "" {
			vt = TypeText
		}
		if status == "" {
			status = StatusEnabled
		}
		kv, err := s.Update(ctx, UpdateInput{Project: in.Project, ID: old.ID, Value: &in.Value, ValueType: &vt, Status: &status})
		if registry.KindOf(err) == registry.KindNotFound {
			continue // deleted meanwhile: create it
		}
		return kv, err
	}
	return nil, errBusy("import kv")
}

// Export answers the kvs ids names that q matches, in the order given. An
// id that names no kv fails the export: the client asked for something
// that is not there.
func (s *Service) Export(project string, ids []string, q *Query) ([]*KV, error) {
	if err := ValidateProject(project); err != nil {
		return nil, err
	}
	if len(ids) == 0 {
		return nil, invalid("ids", "at least one id is required")
	}
	if len(ids) > MaxIDs {
		return nil, invalid("ids", "at most %d ids, not %d", MaxIDs, len(ids))
	}
	out := make([]*KV, 0, len(ids))
	seen := map[string]bool{}
	for _, id := range ids {
		kv, err := s.Get(project, id)
		if err != nil {
			return nil, err
		}
		if !seen[id] && q.Matches(kv) {
			out = append(out, kv)
		}
		seen[id] = true
	}
	return out, nil
}
