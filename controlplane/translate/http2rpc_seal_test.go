package translate

import (
	"os"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"

	"github.com/causeway-dev/causeway/registry/http2rpc"
)

// With the server's seal, every bridge route of the http2rpc golden
// gateway signs its own target and timeout, and nothing else changes.
func TestHTTP2RPCRoutesAreSealed(t *testing.T) {
	raw, err := os.ReadFile("testdata/gateway-http2rpc.in.yaml")
	if err != nil {
		t.Fatal(err)
	}
	var g goldenIn
	if err := yaml.Unmarshal(raw, &g); err != nil {
		t.Fatal(err)
	}
	seal := http2rpc.Seal("a test seal of thirty-two bytes!")
	node, err := ParseNode(g.node(t), NodeDefaults{HTTP2RPCSeal: seal})
	if err != nil {
		t.Fatal(err)
	}
	res, err := ForNode(g.snapshot().WithGateways(g.gateways(t)...).WithGovernance(g.governance(t)), node)
	if err != nil {
		t.Fatal(err)
	}
	sealed := 0
	for _, rc := range res.Routes {
		for _, vh := range rc.VirtualHosts {
			for _, r := range vh.Routes {
				if !strings.HasPrefix(r.Name, "http2rpc|") {
					continue
				}
				values := map[string]string{}
				for _, h := range r.RequestHeadersToAdd {
					values[h.Header.Key] = h.Header.Value
				}
				limit, ok := seal.Check(values[http2rpc.Header], values[http2rpc.SealHeader])
				if !ok || limit != r.GetRoute().GetTimeout().AsDuration() {
					t.Errorf("route %s: seal %q checks %v with limit %v, want the route's timeout %v",
						r.Name, values[http2rpc.SealHeader], ok, limit, r.GetRoute().GetTimeout().AsDuration())
				}
				sealed++
			}
		}
	}
	if sealed == 0 {
		t.Fatal("no http2rpc route in the golden gateway")
	}
}
