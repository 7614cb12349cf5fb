package client

import (
	"context"
	"strings"
	"testing"
)

const testManifest = `apiVersion: causeway/v1
kind: Gateway
metadata: {name: gw1}
spec:
  listeners: [{name: http, port: 18080, protocol: HTTP}]
---
apiVersion: causeway/v1
kind: Route
metadata: {name: orders, gateway: gw1}
spec:
  domains: ["*"]
  match: {path: {type: prefix, value: /orders}}
  destination: {service: orders}
---
apiVersion: causeway/v1
kind: Http2Rpc
metadata: {name: users, gateway: gw1}
spec:
  routeName: orders
  dubbo:
    service: com.example.UserService
    methods: [{serviceMethod: get, httpMethods: [GET], httpPath: "/orders/{id}",
               params: [{paramKey: id, paramSource: PATH, paramType: java.lang.Long}]}]
---
apiVersion: causeway/v1
kind: Policy
metadata: {name: orders-api, kind: match-group}
spec:
  selector: {environment: ""}
  spec: {matches: [{name: all, apiPath: {prefix: /}}]}
---
apiVersion: causeway/v1
kind: Policy
metadata: {name: orders-api, kind: rate-limiting}
spec:
  selector: {environment: ""}
  spec: {rate: 10}
---
apiVersion: causeway/v1
kind: RouteRule
metadata: {name: orders}
spec:
  - precedence: 1
    route: [{weight: 100, tags: {version: "1.0"}}]
`

func parse(t *testing.T, s string) []Document {
	t.Helper()
	docs, err := ParseManifest(strings.NewReader(s), "m.yaml")
	if err != nil {
		t.Fatal(err)
	}
	return docs
}

func actions(t *testing.T, rs []Result) string {
	t.Helper()
	var out []string
	for _, r := range rs {
		if r.Err != nil {
			t.Fatalf("%s: %v", r.Doc, r.Err)
		}
		out = append(out, r.Doc.String()+" "+r.Action)
	}
	return strings.Join(out, ", ")
}

// Apply creates, then finds everything unchanged; a changed file is a
// diff in a dry run and "configured" after; delete removes it all, and a
// second delete finds nothing.
func TestApplyIsIdempotentAndDeleteRemoves(t *testing.T) {
	c := loggedIn(t)
	ctx := context.Background()
	docs := parse(t, testManifest)
	objs := []string{"gateway/gw1", "route/gw1/orders", "http2rpc/gw1/users", "policy/match-group/orders-api",
		"policy/rate-limiting/orders-api", "routerule/orders"}
	// delete goes by kind in reverse, documents of one kind in file order
	deleteOrder := []string{objs[5], objs[3], objs[4], objs[2], objs[1], objs[0]}
	with := func(action string, reverse bool) string {
		order := objs
		if reverse {
			order = deleteOrder
		}
		var out []string
		for _, o := range order {
			out = append(out, o+" "+action)
		}
		return strings.Join(out, ", ")
	}
	if got := actions(t, c.Apply(ctx, docs, false)); got != with(Created, false) {
		t.Fatalf("first apply: %s", got)
	}
	if got := actions(t, c.Apply(ctx, docs, false)); got != with(Unchanged, false) {
		t.Fatalf("second apply: %s", got)
	}
	changed := parse(t, strings.Replace(testManifest, "rate: 10", "rate: 20", 1))
	dry := c.Apply(ctx, changed, true)
	if dry[4].Action != Configured || !strings.Contains(dry[4].Diff, "-    rate: 10\n+    rate: 20\n") {
		t.Fatalf("dry run: %s %q", dry[4].Action, dry[4].Diff)
	}
	if got := actions(t, c.Apply(ctx, changed, false)); !strings.Contains(got, "policy/rate-limiting/orders-api configured") ||
		strings.Count(got, Unchanged) != 5 {
		t.Fatalf("apply of the change: %s", got)
	}
	if got := actions(t, c.Delete(ctx, docs, false)); got != with(Deleted, true) {
		t.Fatalf("delete: %s", got)
	}
	if got := actions(t, c.Delete(ctx, docs, false)); got != with(NotFound, true) {
		t.Fatalf("second delete: %s", got)
	}
}

// A server's refusal names the object and carries the server's field
// path; a bad token stops at the first document and says to log in.
func TestApplyReportsServerErrors(t *testing.T) {
	c := loggedIn(t)
	ctx := context.Background()
	bad := parse(t, strings.Replace(testManifest, "type: prefix", "type: fuzzy", 1))
	rs := c.Apply(ctx, bad, false)
	if rs[1].Err == nil || !strings.Contains(rs[1].Err.Error(), `route/gw1/orders: 400 Bad Request: SVCSTG.00400100 Invalid parameter(s): match.path.type`) {
		t.Fatalf("route error: %v", rs[1].Err)
	}
	if rs[0].Err != nil || rs[5].Err != nil {
		t.Fatalf("the other documents failed too: %v %v", rs[0].Err, rs[5].Err)
	}
	c.Token = "not-a-token"
	rs = c.Apply(ctx, bad, false)
	if len(rs) != 1 || rs[0].Err == nil || !strings.Contains(rs[0].Err.Error(), "run causeway login") {
		t.Fatalf("bad token: %d results, %v", len(rs), rs[0].Err)
	}
}

// With auth off no login is needed.
func TestApplyWithAuthOff(t *testing.T) {
	c := New(startServer(t, false), "")
	if got := actions(t, c.Apply(context.Background(), parse(t, testManifest), false)); strings.Count(got, Created) != 6 {
		t.Fatalf("apply: %s", got)
	}
}
