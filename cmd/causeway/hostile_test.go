package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/causeway-dev/causeway/registry/store"
	"github.com/causeway-dev/causeway/registry/store/badger"
)

// hostileValues are what a careless or hostile client sends.
var hostileValues = []string{
	"", " ", "-1", "0", "65536", "99999999999999999999", "NaN", "Infinity", "-0.0", "1e309",
	"true", "maybe", "null", "{}", "[]", `{"a":`, `{"a":{"b":1}}`, `[{"ip":1}]`, "a@@b", "@@",
	"DEFAULT_GROUP@@", "@@x", "%zz", "../../etc", "名字", "a b", "\x00", strings.Repeat("x", 70000),
	`{"ip":"1.1.1.1","port":"x"}`, `{"ip":"1.1.1.1","port":80,"weight":"NaN"}`, "k=v,k2", "1.1.1.1:80",
}

// hostileParams are the parameter names the Nacos naming APIs read.
var hostileParams = []string{
	"serviceName", "groupName", "namespaceId", "ip", "port", "clusterName", "clusters", "cluster",
	"weight", "enabled", "healthy", "ephemeral", "metadata", "beat", "protectThreshold", "selector",
	"pageNo", "pageSize", "healthyOnly", "udpPort", "clientIP", "instances", "consistencyType",
	"entry", "value", "debug", "clientId", "username", "password", "accessToken",
	"namespaceName", "namespaceDesc", "dataId", "group", "tenant", "content", "type", "configTags", "desc", "nid", "id",
}

func newTestApp(t *testing.T) (*app, store.Store) {
	t.Helper()
	st, err := badger.Open(badger.Options{InMemory: true})
	if err != nil {
		t.Fatal(err)
	}
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	cfg := defaults()
	cfg.Auth = false
	cfg.AdminPassword = "hostile-test-1"
	a, err := wire(context.Background(), cfg, st, log, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		a.close()
		_ = st.Close()
	})
	return a, st
}

// Every Nacos route answers every hostile value of every parameter, in the
// query and in a form body, with something other than a 5xx.
func TestNoRouteAnswers5xxToHostileInput(t *testing.T) {
	a, _ := newTestApp(t)
	routes := [][2]string{}
	for _, m := range []string{http.MethodGet, http.MethodPost, http.MethodPut, http.MethodDelete} {
		for _, p := range []string{
			"/nacos/v1/ns/instance", "/nacos/v1/ns/instance/list", "/nacos/v1/ns/instance/beat",
			"/nacos/v1/ns/instance/metadata/batch", "/nacos/v1/ns/service", "/nacos/v1/ns/service/list",
			"/nacos/v1/ns/operator/switches", "/nacos/v1/ns/health/instance", "/nacos/v2/ns/instance",
			"/nacos/v2/ns/instance/list", "/nacos/v2/ns/instance/beat", "/nacos/v2/ns/instance/metadata/batch",
			"/nacos/v2/ns/service", "/nacos/v2/ns/service/list", "/nacos/v2/ns/health/instance",
			"/nacos/v2/ns/client", "/nacos/v2/ns/client/publish/list", "/nacos/v2/ns/client/subscribe/list",
			"/nacos/v2/ns/client/service/publisher/list", "/nacos/v2/ns/client/service/subscriber/list",
			"/nacos/v1/auth/login", "/nacos/v3/auth/user/login",
			"/nacos/v2/console/namespace", "/nacos/v2/console/namespace/list",
			"/nacos/v1/cs/configs", "/nacos/v2/cs/config", "/nacos/v2/cs/history/list", "/nacos/v2/cs/history",
			"/nacos/v2/cs/history/previous",
		} {
			routes = append(routes, [2]string{m, p})
		}
	}
	base := url.Values{"serviceName": {"svc"}, "ip": {"10.0.0.1"}, "port": {"80"}, "healthy": {"true"},
		"pageNo": {"1"}, "pageSize": {"10"}, "metadata": {`{"k":"v"}`}, "entry": {"pushEnabled"}, "value": {"true"}}
	n := 0
	for _, rt := range routes {
		for _, name := range hostileParams {
			for _, v := range hostileValues {
				q := url.Values{}
				for k, vs := range base {
					q[k] = vs
				}
				q.Set(name, v)
				for _, inBody := range []bool{false, true} {
					n++
					if code, body := send(a.handler, rt[0], rt[1], q, inBody); code >= 500 {
						t.Fatalf("%s %s with %s=%.40q (body %v): %d %s", rt[0], rt[1], name, v, inBody, code, body)
					}
				}
			}
		}
	}
	t.Logf("%d hostile requests, none answered 5xx", n)
}

func send(h http.Handler, method, path string, q url.Values, inBody bool) (int, string) {
	var req *http.Request
	if inBody {
		req = httptest.NewRequest(method, path, strings.NewReader(q.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	} else {
		req = httptest.NewRequest(method, path+"?"+q.Encode(), nil)
	}
	req.RemoteAddr = "127.0.0.1:40000"
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	body := rec.Body.String()
	if len(body) > 300 {
		body = body[:300]
	}
	return rec.Code, fmt.Sprint(body)
}
