package e2e

import (
	"context"
	"encoding/json"
	"io"
	"mime/multipart"
	"net"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"
)

// A beta (gray) release with the real Nacos Java SDK 2.5.1: two JVMs report
// different client IPs (com.alibaba.nacos.client.local.ip, which the SDK
// sends in its gRPC metadata and Nacos matches betaIps against). The listed
// one is told of the beta and reads it, the other keeps the formal config;
// an HTTP v1 read from a listed loopback address gets the beta and one from
// another loopback address the formal config; the admin API's listener
// queries name both clients; stopping the beta brings the listed client
// back to the formal config through its listener.
func TestNacosJavaSDKBetaRelease(t *testing.T) {
	s := start(t, "", "--admin-password", adminPassword)
	logServerOnFailure(t, s)
	token := login(t, s, adminPassword)
	const d, g = "gray.java.test", "DEFAULT_GROUP"
	if code, body := call(t, http.MethodPost, s.url("/nacos/v1/cs/configs"), url.Values{"dataId": {d}, "group": {g},
		"content": {"formal"}, "accessToken": {token}}); code != http.StatusOK {
		t.Fatalf("publish formal: %d %s", code, body)
	}

	beta := launchJava(t, s, "java-beta", "-Dcom.alibaba.nacos.client.local.ip=10.77.0.1")
	formal := launchJava(t, s, "java-formal", "-Dcom.alibaba.nacos.client.local.ip=10.77.0.2")
	for _, j := range []*javaSDK{beta, formal} {
		j.waitReady()
		j.must(t, "config", map[string]any{"client": "cfg", "username": "nacos", "password": adminPassword})
		if got := j.must(t, "get", map[string]any{"client": "cfg", "dataId": d}); string(got) != `"formal"` {
			t.Fatalf("%s before the beta: %s", j.name, got)
		}
		j.must(t, "listen", map[string]any{"client": "cfg", "dataId": d})
	}

	// The beta, published as Nacos 1.x/2.x consoles do: the betaIps header on the v1 publish.
	req, _ := http.NewRequest(http.MethodPost, s.url("/nacos/v1/cs/configs"), strings.NewReader(url.Values{
		"dataId": {d}, "group": {g}, "content": {"beta"}, "accessToken": {token}}.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("betaIps", "10.77.0.1,127.0.0.1")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	_ = resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("beta publish: %d", resp.StatusCode)
	}

	beta.waitConfig(t, "cfg", d, "the beta pushed to the listed client", func(c *string) bool { return c != nil && *c == "beta" })
	if got := beta.must(t, "get", map[string]any{"client": "cfg", "dataId": d}); string(got) != `"beta"` {
		t.Fatalf("listed client reads %s", got)
	}
	if got := formal.must(t, "get", map[string]any{"client": "cfg", "dataId": d}); string(got) != `"formal"` {
		t.Fatalf("unlisted client reads %s", got)
	}
	// Over HTTP, by the connection's address.
	if got := v1ReadFrom(t, s, "127.0.0.1", d, token); got != "beta" {
		t.Fatalf("v1 read from 127.0.0.1: %q", got)
	}
	if got := v1ReadFrom(t, s, "127.0.0.2", d, token); got != "formal" {
		t.Fatalf("v1 read from 127.0.0.2: %q", got)
	}

	// The listener queries of the admin API see both SDK clients.
	var subs struct {
		Data struct {
			QueryType       string            `json:"queryType"`
			ListenersStatus map[string]string `json:"listenersStatus"`
		} `json:"data"`
	}
	eventually(t, 10*time.Second, "both clients listed as subscribers", func() bool {
		_, body := call(t, http.MethodGet, s.url("/nacos/v3/admin/cs/config/listener"), url.Values{"dataId": {d},
			"groupName": {g}, "accessToken": {token}})
		_ = json.Unmarshal([]byte(body), &subs)
		return subs.Data.QueryType == "config" && subs.Data.ListenersStatus["10.77.0.1"] != "" &&
			subs.Data.ListenersStatus["10.77.0.2"] != ""
	})
	_, body := call(t, http.MethodGet, s.url("/nacos/v3/admin/cs/listener"), url.Values{"ip": {"10.77.0.1"},
		"accessToken": {token}})
	if err := json.Unmarshal([]byte(body), &subs); err != nil || subs.Data.QueryType != "ip" ||
		subs.Data.ListenersStatus[d+"+"+g] == "" {
		t.Fatalf("configs of 10.77.0.1: %s", body)
	}

	// Stopping the beta: the listed client is told and reads the formal config again.
	if code, body := call(t, http.MethodDelete, s.url("/nacos/v3/admin/cs/config/beta"), url.Values{"dataId": {d},
		"groupName": {g}, "accessToken": {token}}); code != http.StatusOK || !strings.Contains(body, `"data":true`) {
		t.Fatalf("stop beta: %d %s", code, body)
	}
	beta.waitConfig(t, "cfg", d, "the formal config pushed back", func(c *string) bool { return c != nil && *c == "formal" })
	if got := v1ReadFrom(t, s, "127.0.0.1", d, token); got != "formal" {
		t.Fatalf("v1 read after stop: %q", got)
	}
	if code, _ := call(t, http.MethodGet, s.url("/nacos/v3/admin/cs/config/beta"), url.Values{"dataId": {d},
		"groupName": {g}, "accessToken": {token}}); code != http.StatusNotFound {
		t.Fatalf("query after stop: %d", code)
	}
}

// v1ReadFrom reads a config's content over v1 from a local source address.
func v1ReadFrom(t *testing.T, s *server, srcIP, dataID, token string) string {
	t.Helper()
	dialer := &net.Dialer{LocalAddr: &net.TCPAddr{IP: net.ParseIP(srcIP)}, Timeout: 5 * time.Second}
	client := &http.Client{Timeout: 10 * time.Second, Transport: &http.Transport{
		DialContext: func(ctx context.Context, network, addr string) (net.Conn, error) {
			return dialer.DialContext(ctx, network, addr)
		}}}
	resp, err := client.Get(s.url("/nacos/v1/cs/configs") + "?" + url.Values{"dataId": {dataID},
		"group": {"DEFAULT_GROUP"}, "accessToken": {token}}.Encode())
	if err != nil {
		t.Fatalf("read from %s: %v", srcIP, err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("read from %s: %d %s", srcIP, resp.StatusCode, b)
	}
	return string(b)
}

// Export and import through the real binary: what one namespace exports
// imports into another (policy OVERWRITE), is readable over v1 there, and
// an ABORT import over existing configs writes nothing.
func TestNacosV3ConfigImportExport(t *testing.T) {
	s := start(t, "", "--admin-password", adminPassword)
	logServerOnFailure(t, s)
	token := login(t, s, adminPassword)
	for _, d := range []string{"ie.one", "ie.two"} {
		if code, body := call(t, http.MethodPost, s.url("/nacos/v1/cs/configs"), url.Values{"dataId": {d}, "group": {"IE"},
			"content": {"content of " + d}, "type": {"text"}, "accessToken": {token}}); code != http.StatusOK {
			t.Fatalf("publish %s: %d %s", d, code, body)
		}
	}
	if code, body := call(t, http.MethodPost, s.url("/nacos/v1/console/namespaces"), url.Values{"customNamespaceId": {"ie-ns"},
		"namespaceName": {"ie"}, "accessToken": {token}}); code != http.StatusOK {
		t.Fatalf("namespace: %d %s", code, body)
	}
	resp, err := http.Get(s.url("/nacos/v3/admin/cs/config/export") + "?" + url.Values{"groupName": {"IE"},
		"accessToken": {token}}.Encode())
	if err != nil {
		t.Fatal(err)
	}
	zipData, _ := io.ReadAll(resp.Body)
	_ = resp.Body.Close()
	if resp.StatusCode != http.StatusOK || resp.Header.Get("Content-Type") != "application/zip" ||
		!strings.Contains(resp.Header.Get("Content-Disposition"), "attachment;filename=") {
		t.Fatalf("export: %d %v", resp.StatusCode, resp.Header)
	}
	importZip := func(query url.Values) string {
		t.Helper()
		var body strings.Builder
		mw := multipart.NewWriter(&body)
		w, _ := mw.CreateFormFile("file", "export.zip")
		_, _ = w.Write(zipData)
		_ = mw.Close()
		query.Set("accessToken", token)
		resp, err := http.Post(s.url("/nacos/v3/admin/cs/config/import")+"?"+query.Encode(), mw.FormDataContentType(),
			strings.NewReader(body.String()))
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		if resp.StatusCode != http.StatusOK {
			t.Fatalf("import %v: %d %s", query, resp.StatusCode, b)
		}
		return string(b)
	}
	if got := importZip(url.Values{"namespaceId": {"ie-ns"}, "policy": {"OVERWRITE"}}); !strings.Contains(got, `"succCount":2`) {
		t.Fatalf("import: %s", got)
	}
	if code, body := call(t, http.MethodGet, s.url("/nacos/v1/cs/configs"), url.Values{"dataId": {"ie.two"}, "group": {"IE"},
		"tenant": {"ie-ns"}, "accessToken": {token}}); code != http.StatusOK || body != "content of ie.two" {
		t.Fatalf("imported config over v1: %d %q", code, body)
	}
	if got := importZip(url.Values{"namespaceId": {"ie-ns"}}); !strings.Contains(got, `"succCount":0`) || !strings.Contains(got, `"failData"`) {
		t.Fatalf("abort import: %s", got)
	}
	if got := importZip(url.Values{"namespaceId": {"no-such-ns"}}); !strings.Contains(got, `"code":22001`) {
		t.Fatalf("import into a missing namespace: %s", got)
	}
}
