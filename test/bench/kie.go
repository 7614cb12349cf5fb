package main

import (
	"fmt"
	"net/http"
	"time"
)

// The ServiceComb kie runs: create (every request a new kv) and list by
// labels (one app's 10 kvs out of 1,000 in the project, the query a
// client loading its config sends), each against a fresh server.

const kieKVs = "/v1/default/kie/kv"

// kieListKVs is how many kvs the list run's project holds.
const kieListKVs = 1000

// kieRuns answers the kie scenarios.
func kieRuns() []scenario {
	return []scenario{
		{name: "kie-create", do: func(c *client, seq int64) error {
			body := fmt.Sprintf(`{"key":"bench.k%d","value":"v%d","labels":{"app":"a%d","env":"prod"}}`, seq, seq, seq%100)
			return c.pool.doBody(http.MethodPost, kieKVs, []byte(body))
		}},
		{name: "kie-list", setup: func(c *client) error {
			for i := range kieListKVs {
				body := fmt.Sprintf(`{"key":"bench.k%d","value":"v","labels":{"app":"a%d","env":"prod"}}`, i, i%100)
				if err := c.pool.doBody(http.MethodPost, kieKVs, []byte(body)); err != nil {
					return err
				}
			}
			return nil
		}, do: func(c *client, _ int64) error {
			return c.do(http.MethodGet, kieKVs+"?label=app:a7&label=env:prod")
		}},
	}
}

// kieBench runs the kie scenarios (-only kie).
func kieBench(binary string, workers int, d time.Duration, maxReq int) error {
	fmt.Printf("causeway kie load: %d keep-alive connections, %v per run, fresh server per run\n", workers, d)
	for _, sc := range kieRuns() {
		if err := runScenario(binary, workers, d, maxReq, sc); err != nil {
			return fmt.Errorf("%s: %w", sc.name, err)
		}
	}
	return nil
}
