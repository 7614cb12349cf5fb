package main

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// The namespace APIs count the configs of the wired config centre: the
// empty tenant and "public" are the same namespace.
func TestNamespacesCountWiredConfigs(t *testing.T) {
	a, _ := newTestApp(t)
	if code, body := send(a.handler, http.MethodPost, "/nacos/v2/console/namespace",
		url.Values{"namespaceId": {"dev"}, "namespaceName": {"Dev"}}, true); code != 200 {
		t.Fatalf("create namespace: %d %s", code, body)
	}
	for _, c := range []url.Values{
		{"dataId": {"a"}, "group": {"G"}, "content": {"1"}},
		{"dataId": {"b"}, "group": {"G"}, "content": {"2"}, "tenant": {"public"}},
		{"dataId": {"a"}, "group": {"G"}, "content": {"3"}, "tenant": {"dev"}},
	} {
		if code, body := send(a.handler, http.MethodPost, "/nacos/v1/cs/configs", c, true); code != 200 {
			t.Fatalf("publish %v: %d %s", c, code, body)
		}
	}
	code, body := send(a.handler, http.MethodGet, "/nacos/v2/console/namespace/list", nil, false)
	for _, want := range []string{`"namespace":"","namespaceShowName":"public","namespaceDesc":"Default Namespace","quota":200,"configCount":2,`,
		`"namespace":"dev","namespaceShowName":"Dev","namespaceDesc":null,"quota":200,"configCount":1,`} {
		if code != 200 || !strings.Contains(body, want) {
			t.Fatalf("namespace list lacks %s: %d %s", want, code, body)
		}
	}
}
