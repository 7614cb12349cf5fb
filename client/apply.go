package client

import (
	"context"
	"errors"
	"fmt"
	"sort"

	"gopkg.in/yaml.v3"
)

// Actions a Result reports.
const (
	Created    = "created"
	Configured = "configured"
	Unchanged  = "unchanged"
	Deleted    = "deleted"
	NotFound   = "not found"
)

// Result is what apply or delete did with one document.
type Result struct {
	Doc    Document
	Action string // Created, Configured, Unchanged, Deleted or NotFound
	// Diff is the unified diff of the server's object (narrowed to the
	// fields the file sets) and the file's spec, for a dry run.
	Diff string
	Err  error
}

// CheckSet refuses two documents naming the same object: which one wins
// would depend on the order of the files.
func CheckSet(docs []Document) error {
	seen := map[string]string{}
	for _, d := range docs {
		key := d.Project() + "|" + d.String()
		if prev, ok := seen[key]; ok {
			return fmt.Errorf("%s: %s is also in %s", d.Source, d, prev)
		}
		seen[key] = d.Source
	}
	return nil
}

// ordered answers docs in write order (gateways first), or its reverse.
func ordered(docs []Document, reverse bool) []Document {
	out := append([]Document(nil), docs...)
	sort.SliceStable(out, func(i, j int) bool {
		if reverse {
			return kindOrder[out[i].Kind] > kindOrder[out[j].Kind]
		}
		return kindOrder[out[i].Kind] < kindOrder[out[j].Kind]
	})
	return out
}

// Apply creates or updates every document by name, gateways first, and
// answers one result per document; a failed document does not stop the
// others. A dry run writes nothing and fills each result's Diff.
func (c *Client) Apply(ctx context.Context, docs []Document, dryRun bool) []Result {
	var out []Result
	for _, d := range ordered(docs, false) {
		r := Result{Doc: d}
		r.Action, r.Diff, r.Err = c.applyOne(ctx, d, dryRun)
		out = append(out, r)
		if refusedToken(r.Err) {
			break // every other document would be refused the same way
		}
	}
	return out
}

// refusedToken reports whether err is the server refusing the token.
func refusedToken(err error) bool {
	var e *APIError
	return errors.As(err, &e) && e.NeedsLogin()
}

func (c *Client) applyOne(ctx context.Context, d Document, dryRun bool) (action, diff string, err error) {
	api := kindAPIs[d.Kind]
	cur, err := api.find(ctx, c, d)
	if err != nil {
		return "", "", fmt.Errorf("read %s: %w", d, err)
	}
	want := generic(d.Spec)
	var have any
	if cur != nil {
		have = normalize(cur.obj)
		if covers(want, have) {
			return Unchanged, "", nil
		}
	}
	action = Created
	if cur != nil {
		action = Configured
	}
	if dryRun {
		return action, specDiff(d, have, want, cur != nil), nil
	}
	if cur == nil {
		err = api.create(ctx, c, d)
	} else {
		err = api.update(ctx, c, d, cur)
	}
	if err != nil {
		return "", "", fmt.Errorf("%s: %w", d, err)
	}
	return action, "", nil
}

// specDiff is the diff a dry run prints for one document.
func specDiff(d Document, have, want any, exists bool) string {
	from := "server/" + d.String()
	server := ""
	if exists {
		server = toYAML(project(have, want))
	} else {
		from = "/dev/null"
	}
	return UnifiedDiff(from, d.Source+"/"+d.String(), server, toYAML(want))
}

func toYAML(v any) string {
	b, err := yaml.Marshal(v)
	if err != nil {
		return fmt.Sprintf("%v\n", v)
	}
	return string(b)
}

// Delete removes every document's object by name, gateways last; an
// object that is not there is reported NotFound, not as an error.
func (c *Client) Delete(ctx context.Context, docs []Document, dryRun bool) []Result {
	var out []Result
	for _, d := range ordered(docs, true) {
		r := Result{Doc: d}
		r.Action, r.Err = c.deleteOne(ctx, d, dryRun)
		out = append(out, r)
		if refusedToken(r.Err) {
			break
		}
	}
	return out
}

func (c *Client) deleteOne(ctx context.Context, d Document, dryRun bool) (string, error) {
	api := kindAPIs[d.Kind]
	cur, err := api.find(ctx, c, d)
	switch {
	case err != nil:
		return "", fmt.Errorf("read %s: %w", d, err)
	case cur == nil:
		return NotFound, nil
	case dryRun:
		return Deleted, nil
	}
	if err := api.remove(ctx, c, d, cur); err != nil && !IsNotFound(err) {
		return "", fmt.Errorf("%s: %w", d, err)
	}
	return Deleted, nil
}
