package main

import (
	"fmt"
	"net/http"
)

type scenario struct {
	name  string
	setup func(c *client) error
	do    func(c *client, seq int64) error
	// perRequest, when more than one, is how many items (services of a
	// batch) each request asks for: the run reports items/s too.
	perRequest int
}

// ipOf spreads sequence numbers over 10.x.y.z addresses.
func ipOf(seq int64) string {
	return fmt.Sprintf("10.%d.%d.%d", (seq>>16)&0xff, (seq>>8)&0xff, seq&0xff)
}

// listInstances is the size of the service the list run reads.
const listInstances = 10

// beatInstances is how many registered instances the beat run cycles over.
const beatInstances = 5000

// scenarios answers every HTTP run: Nacos naming and config, then
// ServiceComb.
func scenarios() []scenario { return append(append(nacosRuns(), scRuns()...), scBatchRuns()...) }

func nacosRuns() []scenario {
	return []scenario{
		// The ceiling: the cheapest route, to tell HTTP's own cost on this
		// machine from the registry's.
		{name: "healthz", do: func(c *client, _ int64) error { return c.do(http.MethodGet, "/healthz") }},
		{name: "register", do: func(c *client, seq int64) error {
			// 100 services, each instance a new ip: every request writes.
			return c.do(http.MethodPost, fmt.Sprintf(
				"/nacos/v1/ns/instance?serviceName=bench-%d&ip=%s&port=8080&ephemeral=true", seq%100, ipOf(seq)))
		}},
		{name: "list", setup: func(c *client) error {
			for i := int64(1); i <= listInstances; i++ {
				if err := c.do(http.MethodPost, fmt.Sprintf(
					"/nacos/v1/ns/instance?serviceName=listed&ip=%s&port=9090&metadata=version%%3D1.0.0", ipOf(i))); err != nil {
					return err
				}
			}
			return nil
		}, do: func(c *client, _ int64) error {
			return c.do(http.MethodGet, "/nacos/v1/ns/instance/list?serviceName=listed")
		}},
		{name: "config-publish", do: func(c *client, seq int64) error {
			return c.do(http.MethodPost, fmt.Sprintf(
				"/nacos/v1/cs/configs?dataId=bench-%d.yaml&group=DEFAULT_GROUP&content=v%d", seq%1000, seq))
		}},
		{name: "config-get", setup: func(c *client) error {
			return c.do(http.MethodPost, "/nacos/v1/cs/configs?dataId=app.yaml&group=DEFAULT_GROUP&content=a%3A%201")
		}, do: func(c *client, _ int64) error {
			return c.do(http.MethodGet, "/nacos/v1/cs/configs?dataId=app.yaml&group=DEFAULT_GROUP")
		}},
		{name: "beat", setup: func(c *client) error {
			for i := int64(1); i <= beatInstances; i++ {
				if err := c.do(http.MethodPost, fmt.Sprintf(
					"/nacos/v1/ns/instance?serviceName=beating&ip=%s&port=7070", ipOf(i))); err != nil {
					return err
				}
			}
			return nil
		}, do: func(c *client, seq int64) error {
			// A light beat, as Nacos 1.4+ clients send once registered.
			return c.do(http.MethodPut, fmt.Sprintf(
				"/nacos/v1/ns/instance/beat?serviceName=beating&ip=%s&port=7070", ipOf(seq%beatInstances+1)))
		}},
	}
}
