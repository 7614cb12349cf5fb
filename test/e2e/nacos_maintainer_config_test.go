package e2e

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"
)

// What the Maintainer SDK's config calls wrote is what the v1 and v2 config
// APIs answer; ids the v3 admin API hands out stay the same across a
// restart; a clone reaches a namespace made through the v2 namespace API.
func TestMaintainerConfigAcrossDialects(t *testing.T) {
	dir := t.TempDir()
	s := start(t, dir, "--admin-password", adminPassword)
	logServerOnFailure(t, s)
	checks := runMaintainer(t, s, "config")
	if len(checks) < 50 {
		t.Fatalf("the config scenario made %d checks", len(checks))
	}
	tok := login(t, s, adminPassword)
	q := func(kv ...string) url.Values {
		v := url.Values{"accessToken": {tok}}
		for i := 0; i+1 < len(kv); i += 2 {
			v.Set(kv[i], kv[i+1])
		}
		return v
	}

	// v2 sees the SDK's last publish and metadata.
	code, body := call(t, http.MethodGet, s.url("/nacos/v2/cs/config"),
		q("dataId", "maintain.client.test", "group", "DEFAULT_GROUP"))
	if code != http.StatusOK || !strings.Contains(body, `"data":"k=v6"`) {
		t.Fatalf("v2 get: %d %s", code, body)
	}
	// v1 search shows the metadata update's tags and the batch delete.
	code, body = call(t, http.MethodGet, s.url("/nacos/v1/cs/configs"),
		q("search", "accurate", "dataId", "", "group", "", "pageNo", "1", "pageSize", "100"))
	if code != http.StatusOK || !strings.Contains(body, "maintain.client.test") || strings.Contains(body, "maintain.client.clone") ||
		strings.Contains(body, "del.one") {
		t.Fatalf("v1 search: %d %s", code, body)
	}
	// v1 history counts the six publishes and the metadata update.
	code, body = call(t, http.MethodGet, s.url("/nacos/v1/cs/history"),
		q("search", "accurate", "dataId", "maintain.client.test", "group", "DEFAULT_GROUP"))
	if code != http.StatusOK || !strings.Contains(body, `"totalCount":7`) {
		t.Fatalf("v1 history: %d %s", code, body)
	}

	id := v3ConfigID(t, s, tok, "maintain.client.test")

	// A clone into a namespace the v2 API made is visible through v2 there.
	if code, body := call(t, http.MethodPost, s.url("/nacos/v2/console/namespace"),
		q("namespaceId", "clone-test", "namespaceName", "clone-test")); code != http.StatusOK {
		t.Fatalf("create namespace: %d %s", code, body)
	}
	code, body = postJSON(t, s.url("/nacos/v3/admin/cs/config/clone?"+q("namespaceId", "clone-test", "policy", "SKIP").Encode()),
		fmt.Sprintf(`[{"configId":%d,"targetGroupName":"CLONED"}]`, id))
	if code != http.StatusOK || !strings.Contains(body, `"succCount":1`) {
		t.Fatalf("clone: %d %s", code, body)
	}
	code, body = call(t, http.MethodGet, s.url("/nacos/v2/cs/config"),
		q("dataId", "maintain.client.test", "group", "CLONED", "namespaceId", "clone-test"))
	if code != http.StatusOK || !strings.Contains(body, `"data":"k=v6"`) {
		t.Fatalf("v2 get of the clone: %d %s", code, body)
	}

	// Ids survive a restart.
	s.stop()
	s = start(t, dir, "--admin-password", adminPassword)
	tok = login(t, s, adminPassword)
	if got := v3ConfigID(t, s, tok, "maintain.client.test"); got != id {
		t.Fatalf("id %d became %d across a restart", id, got)
	}
}

func v3ConfigID(t *testing.T, s *server, tok, dataID string) int64 {
	t.Helper()
	code, body := call(t, http.MethodGet, s.url("/nacos/v3/admin/cs/config"),
		url.Values{"accessToken": {tok}, "dataId": {dataID}, "groupName": {"DEFAULT_GROUP"}})
	var res struct {
		Code int `json:"code"`
		Data struct {
			ID int64 `json:"id,string"`
		} `json:"data"`
	}
	if code != http.StatusOK || json.Unmarshal([]byte(body), &res) != nil || res.Data.ID <= 0 {
		t.Fatalf("v3 get %s: %d %s", dataID, code, body)
	}
	return res.Data.ID
}

func postJSON(t *testing.T, rawURL, body string) (int, string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, rawURL, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}
