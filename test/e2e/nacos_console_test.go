package e2e

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// The v1 console namespace API on the real binary, authenticated the way
// console scripts do (username and password as parameters), sharing its
// namespaces with the v2 console API.
func TestNacosConsoleNamespacesV1(t *testing.T) {
	s := start(t, "", "--admin-password", adminPassword)
	path := s.url("/nacos/v1/console/namespaces")
	creds := func(kv ...string) url.Values {
		v := url.Values{"username": {"nacos"}, "password": {adminPassword}}
		for i := 0; i+1 < len(kv); i += 2 {
			v.Set(kv[i], kv[i+1])
		}
		return v
	}
	steps := []struct {
		method string
		params url.Values
		status int
		body   string // a substring of the answer
	}{
		{http.MethodGet, url.Values{}, http.StatusForbidden, "user not found!"},
		{http.MethodPost, creds("customNamespaceId", "team-a", "namespaceName", "Team A", "namespaceDesc", "a"), 200, "true"},
		{http.MethodPost, creds("customNamespaceId", "team-a", "namespaceName", "Again"), 200, "false"},
		{http.MethodPost, creds("customNamespaceId", "bad id", "namespaceName", "X"), 400, "Param 'namespaceId/tenant' is illegal"},
		{http.MethodGet, creds("checkNamespaceIdExist", "true", "customNamespaceId", "team-a"), 200, "true"},
		{http.MethodGet, creds(), 200, `{"namespace":"team-a","namespaceShowName":"Team A","namespaceDesc":"a","quota":200,"configCount":0,"type":2}`},
		{http.MethodPut, creds("namespace", "team-a", "namespaceShowName", "Team A2"), 200, "true"},
		{http.MethodGet, creds("show", "all", "namespaceId", "team-a"), 200, `"namespaceShowName":"Team A2"`},
	}
	for i, st := range steps {
		code, body := call(t, st.method, path, st.params)
		if code != st.status || !strings.Contains(body, st.body) {
			t.Fatalf("step %d %s %v: %d %s", i, st.method, st.params, code, body)
		}
	}
	token := login(t, s, adminPassword)
	code, body := call(t, http.MethodGet, s.url("/nacos/v2/console/namespace/list"), url.Values{"accessToken": {token}})
	if code != 200 || !strings.Contains(body, `"namespace":"team-a","namespaceShowName":"Team A2"`) {
		t.Fatalf("v2 list: %d %s", code, body)
	}
	// DELETE carries its parameters in the query, as the console sends it.
	code, body = call(t, http.MethodDelete, path+"?"+creds("namespaceId", "team-a").Encode(), nil)
	if code != 200 || body != "true" {
		t.Fatalf("delete: %d %s", code, body)
	}
	code, body = call(t, http.MethodGet, path, creds("checkNamespaceIdExist", "true", "customNamespaceId", "team-a"))
	if code != 200 || body != "false" {
		t.Fatalf("after delete: %d %s", code, body)
	}
}
