package client

import (
	"context"
	"encoding/json"
	"fmt"
	"net/url"
)

// remote is an object as the server has it: its id (for the kinds whose
// id the server assigns) and its body as generic JSON.
type remote struct {
	id  string
	obj any
}

// kindAPI writes one kind of manifest object through the CSE API.
type kindAPI interface {
	// find answers the object the document names, nil when there is none.
	find(ctx context.Context, c *Client, d Document) (*remote, error)
	create(ctx context.Context, c *Client, d Document) error
	update(ctx context.Context, c *Client, d Document, r *remote) error
	remove(ctx context.Context, c *Client, d Document, r *remote) error
}

var kindAPIs = map[string]kindAPI{
	KindGateway:   gatewayAPI{},
	KindRoute:     collectionAPI{suffix: "/routes", nameField: "name"},
	KindPlugin:    collectionAPI{suffix: "/plugins", nameField: "pluginName"},
	KindHttp2Rpc:  collectionAPI{suffix: "/http2Rpcs", nameField: "name"},
	KindPolicy:    policyAPI{},
	KindRouteRule: routeRuleAPI{},
}

// GatewayPath is the CSE path of a gateway.
func GatewayPath(project, gateway string) string {
	return "/v2/" + esc(project) + "/enginemgr/gateways/" + esc(gateway)
}

type gatewayAPI struct{}

func (gatewayAPI) path(d Document) string { return GatewayPath(d.Project(), d.Metadata.Name) }

func (g gatewayAPI) find(ctx context.Context, c *Client, d Document) (*remote, error) {
	var obj any
	err := c.call(ctx, "GET", g.path(d), nil, nil, &obj)
	if IsNotFound(err) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	return &remote{id: d.Metadata.Name, obj: obj}, nil
}

func (g gatewayAPI) create(ctx context.Context, c *Client, d Document) error {
	return c.call(ctx, "PUT", g.path(d), nil, d.Spec, nil)
}

func (g gatewayAPI) update(ctx context.Context, c *Client, d Document, _ *remote) error {
	return g.create(ctx, c, d)
}

func (g gatewayAPI) remove(ctx context.Context, c *Client, d Document, _ *remote) error {
	return c.call(ctx, "DELETE", g.path(d), nil, nil, nil)
}

// collectionAPI is a gateway's list of named objects with server ids:
// routes, plugins and http2rpc mappings.
type collectionAPI struct {
	suffix    string // "/routes"
	nameField string // the JSON field holding the name
}

func (a collectionAPI) path(d Document) string {
	return GatewayPath(d.Project(), d.Metadata.Gateway) + a.suffix
}

func (a collectionAPI) find(ctx context.Context, c *Client, d Document) (*remote, error) {
	var list struct {
		Data []map[string]any `json:"data"`
	}
	err := c.call(ctx, "GET", a.path(d), nil, nil, &list)
	if IsNotFound(err) { // no gateway yet: nothing of it either
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	for _, o := range list.Data {
		if o[a.nameField] == d.Metadata.Name {
			id, _ := o["id"].(string)
			return &remote{id: id, obj: o}, nil
		}
	}
	return nil, nil
}

func (a collectionAPI) create(ctx context.Context, c *Client, d Document) error {
	return idWrites(a.path).create(ctx, c, d)
}

func (a collectionAPI) update(ctx context.Context, c *Client, d Document, r *remote) error {
	return idWrites(a.path).update(ctx, c, d, r)
}

func (a collectionAPI) remove(ctx context.Context, c *Client, d Document, r *remote) error {
	return idWrites(a.path).remove(ctx, c, d, r)
}

// idWrites are the writes of a kind whose objects the server names by id
// under a collection path: POST to create, PUT and DELETE the id's path.
type idWrites func(Document) string

func (p idWrites) create(ctx context.Context, c *Client, d Document) error {
	return c.call(ctx, "POST", p(d), nil, d.Spec, nil)
}

func (p idWrites) update(ctx context.Context, c *Client, d Document, r *remote) error {
	return c.call(ctx, "PUT", p(d)+"/"+esc(r.id), nil, d.Spec, nil)
}

func (p idWrites) remove(ctx context.Context, c *Client, d Document, r *remote) error {
	return c.call(ctx, "DELETE", p(d)+"/"+esc(r.id), nil, nil, nil)
}

// policyAPI writes governance policies, found by kind, name and the
// environment of their selector.
type policyAPI struct{}

func (policyAPI) path(d Document) string {
	return "/v3/" + esc(d.Project()) + "/govern/governance/" + esc(d.Metadata.Kind)
}

func (p policyAPI) find(ctx context.Context, c *Client, d Document) (*remote, error) {
	policies, err := c.ListPolicies(ctx, d.Project(), d.Metadata.Kind)
	if err != nil {
		return nil, err
	}
	env := specEnvironment(d.Spec)
	for _, pol := range policies {
		if pol.Name != d.Metadata.Name || pol.Selector.Environment != env {
			continue
		}
		var obj any
		if err := c.call(ctx, "GET", p.path(d)+"/"+esc(pol.ID), nil, nil, &obj); err != nil {
			return nil, err
		}
		return &remote{id: pol.ID, obj: obj}, nil
	}
	return nil, nil
}

// specEnvironment is the selector environment a policy spec names.
func specEnvironment(spec json.RawMessage) string {
	var s struct {
		Selector struct {
			Environment string `json:"environment"`
		} `json:"selector"`
	}
	_ = json.Unmarshal(spec, &s)
	return s.Selector.Environment
}

func (p policyAPI) create(ctx context.Context, c *Client, d Document) error {
	return idWrites(p.path).create(ctx, c, d)
}

func (p policyAPI) update(ctx context.Context, c *Client, d Document, r *remote) error {
	return idWrites(p.path).update(ctx, c, d, r)
}

func (p policyAPI) remove(ctx context.Context, c *Client, d Document, r *remote) error {
	return idWrites(p.path).remove(ctx, c, d, r)
}

// routeRuleAPI writes the route rules of one microservice (app "default",
// environment ""), a list the server keeps whole.
type routeRuleAPI struct{}

func (routeRuleAPI) path(d Document) string {
	return "/v3/" + esc(d.Project()) + "/govern/route-rule/microservices/" + esc(d.Metadata.Name)
}

func (a routeRuleAPI) find(ctx context.Context, c *Client, d Document) (*remote, error) {
	var out struct {
		Result any `json:"result"`
	}
	err := c.call(ctx, "GET", a.path(d), nil, nil, &out)
	if IsNotFound(err) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	return &remote{id: d.Metadata.Name, obj: out.Result}, nil
}

func (a routeRuleAPI) create(ctx context.Context, c *Client, d Document) error {
	return c.call(ctx, "PUT", a.path(d), nil, d.Spec, nil)
}

func (a routeRuleAPI) update(ctx context.Context, c *Client, d Document, _ *remote) error {
	return a.create(ctx, c, d)
}

func (a routeRuleAPI) remove(ctx context.Context, c *Client, d Document, _ *remote) error {
	return c.call(ctx, "DELETE", a.path(d), nil, nil, nil)
}

// Policy is a governance policy as the CSE API answers it.
type Policy struct {
	ID       string `json:"id"`
	Kind     string `json:"kind"`
	Name     string `json:"name"`
	Status   string `json:"status"`
	Selector struct {
		Environment string `json:"environment"`
		App         string `json:"app"`
		Service     string `json:"service,omitempty"`
	} `json:"selector"`
	Spec json.RawMessage `json:"spec"`
}

// ListPolicies answers the policies of kind in every environment, from
// the display shape of GET /v3/{project}/govern/governance/{kind}.
func (c *Client) ListPolicies(ctx context.Context, project, kind string) ([]Policy, error) {
	var display []struct {
		MatchGroup *Policy  `json:"matchGroup"`
		Policies   []Policy `json:"policies"`
	}
	path := "/v3/" + esc(project) + "/govern/governance/" + esc(kind)
	if err := c.call(ctx, "GET", path, url.Values{"environment": {"all"}}, nil, &display); err != nil {
		return nil, fmt.Errorf("list %s policies: %w", kind, err)
	}
	var out []Policy
	seen := map[string]bool{}
	for _, d := range display {
		all := d.Policies
		if d.MatchGroup != nil {
			all = append([]Policy{*d.MatchGroup}, all...)
		}
		for _, p := range all {
			if p.Kind == kind && !seen[p.ID] {
				seen[p.ID] = true
				out = append(out, p)
			}
		}
	}
	return out, nil
}
