package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
)

// The ServiceComb batch find runs: batches of scBatchSize services of
// scBatchInstances instances each, against single finds of the same
// services. A batch answers each service as a single find would, from the
// same cached answer, so a batch should cost about scBatchSize single
// finds less the HTTP round trips it saves.
const (
	scBatchSize      = 10
	scBatchInstances = 10
)

func scBatchRuns() []scenario {
	names := make([]string, scBatchSize)
	for i := range names {
		names[i] = fmt.Sprintf("batched-%d", i)
	}
	setup := func(c *client) error {
		for _, name := range names {
			if _, err := scInstances(c, name, scBatchInstances); err != nil {
				return err
			}
		}
		return nil
	}
	var updated, notModified []byte
	return []scenario{
		{name: "sc-find-each", setup: setup, do: func(c *client, seq int64) error {
			return c.do(http.MethodGet, scBase+"/instances?appId=default&serviceName="+names[seq%scBatchSize]+"&version=latest")
		}},
		// Without revs: every service answered with its instances.
		{name: "sc-batch-find", perRequest: scBatchSize, setup: func(c *client) error {
			if err := setup(c); err != nil {
				return err
			}
			updated = scBatchBody(names, nil)
			_, err := scBatchCheck(c, updated, scBatchSize, 0)
			return err
		}, do: func(c *client, _ int64) error {
			return c.pool.doBody(http.MethodPost, scBase+"/instances/action?type=query", updated)
		}},
		// With the revs the last answer gave: the steady state of polling
		// clients, every service not modified.
		{name: "sc-batch-find-rev", perRequest: scBatchSize, setup: func(c *client) error {
			if err := setup(c); err != nil {
				return err
			}
			revs, err := scBatchCheck(c, scBatchBody(names, nil), scBatchSize, 0)
			if err != nil {
				return err
			}
			notModified = scBatchBody(names, revs)
			_, err = scBatchCheck(c, notModified, 0, scBatchSize)
			return err
		}, do: func(c *client, _ int64) error {
			return c.pool.doBody(http.MethodPost, scBase+"/instances/action?type=query", notModified)
		}},
	}
}

// scBatchBody is a batch find of the services, with revs[i] as the rev of
// the i-th when revs is given.
func scBatchBody(names, revs []string) []byte {
	items := make([]string, len(names))
	for i, name := range names {
		rev := ""
		if revs != nil {
			rev = revs[i]
		}
		items[i] = fmt.Sprintf(`{"service":{"appId":"default","serviceName":%q,"version":"latest"},"rev":%q}`, name, rev)
	}
	return []byte(`{"services":[` + strings.Join(items, ",") + `]}`)
}

// scBatchCheck sends a batch find once and checks how many services it
// answers updated (each with scBatchInstances instances) and not
// modified; it answers the revs of the updated ones by index.
func scBatchCheck(c *client, body []byte, updated, notModified int) ([]string, error) {
	resp, err := setupClient.Post("http://"+c.pool.addr+scBase+"/instances/action?type=query", "application/json", bytes.NewReader(body))
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	var out struct {
		Services struct {
			Updated []struct {
				Index     int               `json:"index"`
				Rev       string            `json:"rev"`
				Instances []json.RawMessage `json:"instances"`
			} `json:"updated"`
			NotModified []int `json:"notModified"`
			Failed      []any `json:"failed"`
		} `json:"services"`
	}
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("batch find: status %d", resp.StatusCode)
	}
	if err := json.NewDecoder(resp.Body).Decode(&out); err != nil {
		return nil, fmt.Errorf("batch find answer: %w", err)
	}
	s := out.Services
	if len(s.Updated) != updated || len(s.NotModified) != notModified || len(s.Failed) != 0 {
		return nil, fmt.Errorf("batch find answered %d updated, %d not modified, %d failed; want %d, %d, 0",
			len(s.Updated), len(s.NotModified), len(s.Failed), updated, notModified)
	}
	revs := make([]string, updated)
	for _, u := range s.Updated {
		if len(u.Instances) != scBatchInstances || u.Index >= updated {
			return nil, fmt.Errorf("batch find item %d: %d instances, want %d", u.Index, len(u.Instances), scBatchInstances)
		}
		revs[u.Index] = u.Rev
	}
	return revs, nil
}
