package client

import (
	"strings"
	"testing"
)

const head = "apiVersion: causeway/v1\n"

func TestParseManifestRefusesBadDocuments(t *testing.T) {
	cases := []struct {
		name, doc, want string
	}{
		{"bad yaml", head + "kind: Gateway\nmetadata: {name: gw1\nspec: {}\n", "yaml:"},
		{"unknown top-level field", head + "kind: Gateway\nmetadata: {name: g}\nspec: {}\nstatus: {}\n", "field status not found"},
		{"unknown metadata field", head + "kind: Gateway\nmetadata: {name: g, namespace: x}\nspec: {}\n", "field namespace not found"},
		{"wrong apiVersion", "apiVersion: v1\nkind: Gateway\nmetadata: {name: g}\nspec: {}\n", `apiVersion "v1"`},
		{"no apiVersion", "kind: Gateway\nmetadata: {name: g}\nspec: {}\n", `apiVersion ""`},
		{"unknown kind", head + "kind: Service\nmetadata: {name: g}\nspec: {}\n", `kind "Service"`},
		{"kind case", head + "kind: gateway\nmetadata: {name: g}\nspec: {}\n", `kind "gateway"`},
		{"missing name", head + "kind: Gateway\nmetadata: {}\nspec: {}\n", "metadata.name is required"},
		{"name with slash", head + "kind: Gateway\nmetadata: {name: a/b}\nspec: {}\n", "must not hold"},
		{"name dot-dot", head + "kind: Gateway\nmetadata: {name: ..}\nspec: {}\n", "is not a name"},
		{"project with space", head + "kind: Gateway\nmetadata: {name: g, project: a b}\nspec: {}\n", "metadata.project"},
		{"route without gateway", head + "kind: Route\nmetadata: {name: r}\nspec: {}\n", "metadata.gateway is required"},
		{"plugin without gateway", head + "kind: Plugin\nmetadata: {name: p}\nspec: {}\n", "metadata.gateway is required"},
		{"http2rpc without gateway", head + "kind: Http2Rpc\nmetadata: {name: m}\nspec: {}\n", "metadata.gateway is required"},
		{"gateway on a policy", head + "kind: Policy\nmetadata: {name: p, kind: retry, gateway: g}\nspec: {}\n", "only for Route"},
		{"policy without kind", head + "kind: Policy\nmetadata: {name: p}\nspec: {}\n", `metadata.kind ""`},
		{"policy bad kind", head + "kind: Policy\nmetadata: {name: p, kind: retries}\nspec: {}\n", `metadata.kind "retries"`},
		{"kind on a route", head + "kind: Route\nmetadata: {name: r, gateway: g, kind: retry}\nspec: {}\n", "only for Policy"},
		{"no spec", head + "kind: Gateway\nmetadata: {name: g}\n", "spec: is missing"},
		{"spec a string", head + "kind: Gateway\nmetadata: {name: g}\nspec: hello\n", "must be an object, not a string"},
		{"spec a list", head + "kind: Route\nmetadata: {name: r, gateway: g}\nspec: [1]\n", "must be an object, not a list"},
		{"route rule an object", head + "kind: RouteRule\nmetadata: {name: s}\nspec: {a: 1}\n", "must be a list"},
		{"name differs", head + "kind: Route\nmetadata: {name: r, gateway: g}\nspec: {name: other}\n", "differs from metadata.name"},
		{"plugin name differs", head + "kind: Plugin\nmetadata: {name: p, gateway: g}\nspec: {pluginName: q}\n", "pluginName q differs"},
		{"gateway id differs", head + "kind: Gateway\nmetadata: {name: g}\nspec: {id: h}\n", "id h differs"},
		{"server id", head + "kind: Route\nmetadata: {name: r, gateway: g}\nspec: {id: abc}\n", "id is assigned by the server"},
		{"policy kind differs", head + "kind: Policy\nmetadata: {name: p, kind: retry}\nspec: {kind: bulkhead}\n", "kind bulkhead differs"},
		{"non-string key", head + "kind: Gateway\nmetadata: {name: g}\nspec: {listeners: [{1: x}]}\n", "listeners[0]: a mapping key is not a string"},
		{"second document bad", head + "kind: Gateway\nmetadata: {name: g}\nspec: {}\n---\n" + head + "kind: Nope\n", "#2"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			docs, err := ParseManifest(strings.NewReader(tc.doc), "f.yaml")
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("err %v, want one saying %q (docs %v)", err, tc.want, docs)
			}
			if !strings.HasPrefix(err.Error(), "f.yaml#") {
				t.Fatalf("err %q does not say which document", err)
			}
		})
	}
}

func TestParseManifestReadsEveryKind(t *testing.T) {
	in := `---
apiVersion: causeway/v1
kind: Gateway
metadata: {name: gw1}
spec:
  listeners: [{name: http, port: 8080, protocol: HTTP}]
---
---
apiVersion: causeway/v1
kind: Route
metadata: {name: r1, gateway: gw1, project: p1}
spec:
  match: {path: {type: regex, value: "^/a<b>&c$"}}
---
apiVersion: causeway/v1
kind: Plugin
metadata: {name: key-auth, gateway: gw1}
spec: {url: "causeway://ab", priority: 10}
---
apiVersion: causeway/v1
kind: Http2Rpc
metadata: {name: m1, gateway: gw1}
spec: {dubbo: {service: a.B}}
---
apiVersion: causeway/v1
kind: Policy
metadata: {name: api, kind: retry}
spec: {selector: {environment: prod}, spec: {maxAttempts: 3}}
---
apiVersion: causeway/v1
kind: RouteRule
metadata: {name: orders}
spec: [{precedence: 1}]
`
	docs, err := ParseManifest(strings.NewReader(in), "all.yaml")
	if err != nil {
		t.Fatal(err)
	}
	want := []struct{ str, project, spec string }{
		{"gateway/gw1", "default", `{"id":"gw1","listeners":[{"name":"http","port":8080,"protocol":"HTTP"}]}`},
		{"route/gw1/r1", "p1", `{"match":{"path":{"type":"regex","value":"^/a<b>&c$"}},"name":"r1"}`},
		{"plugin/gw1/key-auth", "default", `{"pluginName":"key-auth","priority":10,"url":"causeway://ab"}`},
		{"http2rpc/gw1/m1", "default", `{"dubbo":{"service":"a.B"},"name":"m1"}`},
		{"policy/retry/api", "default", `{"name":"api","selector":{"environment":"prod"},"spec":{"maxAttempts":3}}`},
		{"routerule/orders", "default", `[{"precedence":1}]`},
	}
	if len(docs) != len(want) {
		t.Fatalf("%d documents, want %d: %v", len(docs), len(want), docs)
	}
	for i, w := range want {
		d := docs[i]
		if d.String() != w.str || d.Project() != w.project || string(d.Spec) != w.spec {
			t.Errorf("document %d: %s %s %s, want %s %s %s", i, d, d.Project(), d.Spec, w.str, w.project, w.spec)
		}
	}
	if docs[0].Source != "all.yaml#1" || docs[1].Source != "all.yaml#3" {
		t.Errorf("sources %q %q: an empty document between two counts", docs[0].Source, docs[1].Source)
	}
}

func TestCheckSetRefusesDuplicates(t *testing.T) {
	in := head + "kind: Route\nmetadata: {name: r, gateway: g}\nspec: {}\n---\n" +
		head + "kind: Route\nmetadata: {name: r, gateway: h}\nspec: {}\n---\n" +
		head + "kind: Route\nmetadata: {name: r, gateway: g, project: default}\nspec: {}\n"
	docs, err := ParseManifest(strings.NewReader(in), "d.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if err := CheckSet(docs[:2]); err != nil {
		t.Fatalf("routes of two gateways: %v", err)
	}
	if err := CheckSet(docs); err == nil || !strings.Contains(err.Error(), "d.yaml#3: route/g/r is also in d.yaml#1") {
		t.Fatalf("duplicate: %v", err)
	}
}

// FuzzParseManifest: any input either fails with an error naming its
// document or yields documents that pass their own checks again.
func FuzzParseManifest(f *testing.F) {
	f.Add(head + "kind: Gateway\nmetadata: {name: g}\nspec: {listeners: []}\n")
	f.Add(head + "kind: RouteRule\nmetadata: {name: s}\nspec: [{a: 1}]\n---\n")
	f.Add(head + "kind: Policy\nmetadata: {name: p, kind: retry}\nspec: {spec: {x: [1, 2.5, null, true]}}\n")
	f.Add("---\n---\n{")
	f.Add(head + "kind: Route\nmetadata: {name: r, gateway: g}\nspec: {a: &x [*x]}\n")
	f.Fuzz(func(t *testing.T, in string) {
		docs, err := ParseManifest(strings.NewReader(in), "fuzz")
		if err != nil {
			if !strings.HasPrefix(err.Error(), "fuzz#") {
				t.Fatalf("error without its document: %v", err)
			}
			return
		}
		for _, d := range docs {
			if err := d.validateHead(); err != nil {
				t.Fatalf("accepted document fails its checks: %v", err)
			}
			if generic(d.Spec) == nil {
				t.Fatalf("%s: spec %q is not JSON", d, d.Spec)
			}
		}
	})
}
