package client

import (
	"context"
	"encoding/json"
	"fmt"
	"net/url"
	"strconv"
)

// Object is an object as the server answers it, kept whole so that
// "-o json" prints every field the server gave.
type Object = map[string]any

// pageSize is how many items one page request asks for.
const pageSize = 500

// nacosV3 calls a Nacos 3 admin route and unwraps its {"code","data"}.
func (c *Client) nacosV3(ctx context.Context, path string, q url.Values, data any) error {
	var out struct {
		Code    int             `json:"code"`
		Message string          `json:"message"`
		Data    json.RawMessage `json:"data"`
	}
	if err := c.call(ctx, "GET", path, q, nil, &out); err != nil {
		return err
	}
	if out.Code != 0 {
		return fmt.Errorf("GET %s: code %d: %s", path, out.Code, out.Message)
	}
	return json.Unmarshal(out.Data, data)
}

// pages reads every page of a Nacos 3 admin list.
func (c *Client) pages(ctx context.Context, path string, q url.Values) ([]Object, error) {
	var all []Object
	for no := 1; ; no++ {
		q.Set("pageNo", strconv.Itoa(no))
		q.Set("pageSize", strconv.Itoa(pageSize))
		var page struct {
			PagesAvailable int      `json:"pagesAvailable"`
			PageItems      []Object `json:"pageItems"`
		}
		if err := c.nacosV3(ctx, path, q, &page); err != nil {
			return nil, err
		}
		all = append(all, page.PageItems...)
		if no >= page.PagesAvailable || len(page.PageItems) == 0 {
			return all, nil
		}
	}
}

// Services lists a namespace's services, empty ones too, with their
// instance counts (Nacos 3 admin API); group "" means every group.
func (c *Client) Services(ctx context.Context, namespace, group string) ([]Object, error) {
	q := url.Values{"namespaceId": {namespace}, "groupNameParam": {group}, "ignoreEmptyService": {"false"}}
	out, err := c.pages(ctx, "/nacos/v3/admin/ns/service/list", q)
	if err != nil {
		return nil, fmt.Errorf("list services: %w", err)
	}
	return out, nil
}

// Instances lists a service's instances in every cluster (Nacos v1).
func (c *Client) Instances(ctx context.Context, namespace, group, service string) ([]Object, error) {
	q := url.Values{"serviceName": {service}, "namespaceId": {namespace}, "healthyOnly": {"false"}}
	if group != "" {
		q.Set("groupName", group)
	}
	var out struct {
		Hosts []Object `json:"hosts"`
	}
	if err := c.call(ctx, "GET", "/nacos/v1/ns/instance/list", q, nil, &out); err != nil {
		return nil, fmt.Errorf("list the instances of %s: %w", service, err)
	}
	return out.Hosts, nil
}

// Configs lists a namespace's configs; group and dataID filter with
// Nacos's blur search ("*" wildcards).
func (c *Client) Configs(ctx context.Context, namespace, group, dataID string) ([]Object, error) {
	q := url.Values{"namespaceId": {namespace}, "groupName": {group}, "dataId": {dataID}, "search": {"blur"}}
	out, err := c.pages(ctx, "/nacos/v3/admin/cs/config/list", q)
	if err != nil {
		return nil, fmt.Errorf("list configs: %w", err)
	}
	return out, nil
}

// Namespaces lists the namespaces (Nacos v1 console API).
func (c *Client) Namespaces(ctx context.Context) ([]Object, error) {
	var out struct {
		Data []Object `json:"data"`
	}
	if err := c.call(ctx, "GET", "/nacos/v1/console/namespaces", nil, nil, &out); err != nil {
		return nil, fmt.Errorf("list namespaces: %w", err)
	}
	return out.Data, nil
}

// Gateway reads one gateway.
func (c *Client) Gateway(ctx context.Context, project, id string) (Object, error) {
	var out Object
	if err := c.call(ctx, "GET", GatewayPath(project, id), nil, nil, &out); err != nil {
		return nil, fmt.Errorf("read gateway %s: %w", id, err)
	}
	return out, nil
}

// Gateway collections of GatewayList.
const (
	Routes    = "routes"
	Plugins   = "plugins"
	HTTP2RPCs = "http2Rpcs"
)

// GatewayList lists one collection (Routes, Plugins, HTTP2RPCs) of a
// gateway, in creation order.
func (c *Client) GatewayList(ctx context.Context, project, gateway, what string) ([]Object, error) {
	var out struct {
		Data []Object `json:"data"`
	}
	if err := c.call(ctx, "GET", GatewayPath(project, gateway)+"/"+what, nil, nil, &out); err != nil {
		return nil, fmt.Errorf("list the %s of gateway %s: %w", what, gateway, err)
	}
	return out.Data, nil
}

// PolicyKinds lists the governance kinds, match groups first.
var PolicyKinds = []string{"match-group", "retry", "rate-limiting", "loadbalance", "circuit-breaker",
	"instance-isolation", "fault-injection", "bulkhead"}

// RouteRule reads the route rules of a microservice (app "default",
// environment "").
func (c *Client) RouteRule(ctx context.Context, project, service string) ([]Object, error) {
	var out struct {
		Result []Object `json:"result"`
	}
	path := "/v3/" + esc(project) + "/govern/route-rule/microservices/" + esc(service)
	if err := c.call(ctx, "GET", path, nil, nil, &out); err != nil {
		return nil, fmt.Errorf("read the route rules of %s: %w", service, err)
	}
	return out.Result, nil
}
