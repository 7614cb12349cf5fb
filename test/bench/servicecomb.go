package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"time"
)

// The ServiceComb service-center runs: register, heartbeat, and find over
// services of 1, 100 and 1,000 instances, each against a fresh server.
// The reference service-center on a 2-core VM does register 561-699/s,
// heartbeat 6.5-7k/s, find 6.6-7.6k/s (1 instance), 2.8-3.2k/s (100) and
// about 545/s (1,000).

const scBase = "/v4/default/registry"

// scRuns answers the ServiceComb scenarios.
func scRuns() []scenario {
	var services []string // register: ids of the 100 services
	var beats [][2]string // heartbeat: service and instance ids
	runs := []scenario{
		{name: "sc-register", setup: func(c *client) error {
			var err error
			services, err = scServices(c, 100)
			return err
		}, do: func(c *client, seq int64) error {
			body := fmt.Sprintf(`{"instance":{"hostName":"h%d","endpoints":["rest://%s:8080"]}}`, seq, ipOf(seq))
			return c.pool.doBody(http.MethodPost, scBase+"/microservices/"+services[seq%100]+"/instances", []byte(body))
		}},
		{name: "sc-heartbeat", setup: func(c *client) error {
			var err error
			beats, err = scInstances(c, "beating", 5000)
			return err
		}, do: func(c *client, seq int64) error {
			b := beats[seq%int64(len(beats))]
			return c.do(http.MethodPut, scBase+"/microservices/"+b[0]+"/instances/"+b[1]+"/heartbeat")
		}},
	}
	for _, n := range []int{1, 100, 1000} {
		name := fmt.Sprintf("finding-%d", n)
		runs = append(runs, scenario{name: fmt.Sprintf("sc-find-%d", n), setup: func(c *client) error {
			_, err := scInstances(c, name, n)
			return err
		}, do: func(c *client, _ int64) error {
			return c.do(http.MethodGet, scBase+"/instances?appId=default&serviceName="+name+"&version=latest")
		}})
	}
	return runs
}

// scServices creates n services and answers their ids.
func scServices(c *client, n int) ([]string, error) {
	ids := make([]string, 0, n)
	for i := range n {
		var out struct {
			ServiceID string `json:"serviceId"`
		}
		body := fmt.Sprintf(`{"service":{"serviceName":"bench-%d","version":"1.0.0"}}`, i)
		if err := scPost(c, scBase+"/microservices", body, &out); err != nil {
			return nil, err
		}
		ids = append(ids, out.ServiceID)
	}
	return ids, nil
}

// scInstances creates a service with n instances (heartbeats every 30 s
// by default: none expires during a run) and answers their ids.
func scInstances(c *client, name string, n int) ([][2]string, error) {
	var svc struct {
		ServiceID string `json:"serviceId"`
	}
	if err := scPost(c, scBase+"/microservices", fmt.Sprintf(`{"service":{"serviceName":%q,"version":"1.0.0"}}`, name), &svc); err != nil {
		return nil, err
	}
	out := make([][2]string, 0, n)
	for i := range n {
		var in struct {
			InstanceID string `json:"instanceId"`
		}
		body := fmt.Sprintf(`{"instance":{"hostName":"h%d","endpoints":["rest://%s:8080"]}}`, i, ipOf(int64(i+1)))
		if err := scPost(c, scBase+"/microservices/"+svc.ServiceID+"/instances", body, &in); err != nil {
			return nil, err
		}
		out = append(out, [2]string{svc.ServiceID, in.InstanceID})
	}
	return out, nil
}

var setupClient = &http.Client{Timeout: 10 * time.Second}

func scPost(c *client, path, body string, out any) error {
	resp, err := setupClient.Post("http://"+c.pool.addr+path, "application/json", bytes.NewBufferString(body))
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("POST %s: status %d", path, resp.StatusCode)
	}
	return json.NewDecoder(resp.Body).Decode(out)
}
