package e2e

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"
)

// cseNS sends a request to the CSE Nacos namespace console (seed 004 §6)
// with the headers a client of the managed service sends: the token, the
// engine and the enterprise project ("" leaves a header out).
func cseNS(t *testing.T, s *server, method, token, engine string, q url.Values) (int, string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	target := s.url("/v1/p1/nacos/v1/console/namespaces") + "?" + q.Encode()
	req, err := http.NewRequestWithContext(ctx, method, target, nil)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("X-Enterprise-Project-ID", "0")
	if token != "" {
		req.Header.Set("X-Auth-Token", token)
	}
	if engine != "" {
		req.Header.Set("x-engine-id", engine)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", method, target, err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, strings.TrimSpace(string(b))
}

// nsIDs answers the namespace ids of a list answer, by dialect: CSE and
// Nacos v2/v3 wrap the list in data, each entry's id in "namespace".
func nsIDs(t *testing.T, what, body string) map[string]string {
	t.Helper()
	var out struct {
		Data []struct {
			Namespace string `json:"namespace"`
			Name      string `json:"namespaceShowName"`
		} `json:"data"`
	}
	if err := json.Unmarshal([]byte(body), &out); err != nil {
		t.Fatalf("%s: %v in %s", what, err, body)
	}
	names := map[string]string{}
	for _, n := range out.Data {
		names[n.Namespace] = n.Name
	}
	return names
}

// The §6 console on the real binary with auth on: an admin creates,
// updates and deletes an engine's namespaces through it, and Nacos v2's
// console and v3's admin API list the same ones. The console sees only the
// engine's namespaces: its own first, then those it made; not another
// engine's, nor one Nacos made. A project user lists but does not change;
// no token is 401, an unknown engine 400 SVCSTG.00501116.
func TestCSENamespaceConsole(t *testing.T) {
	s := permServer(t)
	admin := login(t, s, adminPassword)
	dev := scToken(t, s, "dev-rw")
	engine := createEngine(t, s, admin, "console-a").id
	other := createEngine(t, s, admin, "console-b").id
	cse := func(method, token string, kv ...string) (int, string) {
		q := url.Values{}
		for i := 0; i+1 < len(kv); i += 2 {
			q.Set(kv[i], kv[i+1])
		}
		return cseNS(t, s, method, token, engine, q)
	}
	nacosList := func(path string) map[string]string {
		code, body := authedCall(t, admin, http.MethodGet, s.url(path), nil)
		if code != http.StatusOK {
			t.Fatalf("%s: %d %s", path, code, body)
		}
		return nsIDs(t, path, body)
	}
	const v2List, v3List = "/nacos/v2/console/namespace/list", "/nacos/v3/admin/core/namespace/list"

	steps := []struct {
		method, token string
		kv            []string
		status        int
		body          string // a substring of the answer
	}{
		{"GET", "", nil, 401, "SVCSTG.00300401"},
		{"POST", admin, []string{"custom_name_space_id", "team-a", "namespace_name", "Team A", "namespace_desc", "first"}, 200, "true"},
		{"POST", admin, []string{"customNamespaceId", "team-b", "namespaceName", "Team B"}, 200, "true"},
		{"POST", admin, []string{"custom_name_space_id", "team-a", "namespace_name", "Again"}, 409, "SVCSTG.00400107"},
		{"POST", admin, []string{"custom_name_space_id", "bad id", "namespace_name", "X"}, 400, "SVCSTG.00400100"},
		{"POST", dev, []string{"custom_name_space_id", "team-x", "namespace_name", "X"}, 403, "403001"},
		{"GET", dev, nil, 200, `"namespace":"team-a","namespaceShowName":"Team A","namespaceDesc":"first"`},
		{"PUT", admin, []string{"namespace", "team-a", "namespace_showname", "Team A2"}, 200, "true"},
		{"PUT", admin, []string{"namespace", "ghost", "namespace_showname", "G"}, 404, "SVCSTG.00400106"},
		{"PUT", admin, []string{"namespace", engine, "namespace_showname", "G"}, 400, "SVCSTG.00400100"},
		{"GET", admin, []string{"offset", "1", "limit", "1"}, 200, `"data":[{"namespace":"team-a","namespaceShowName":"Team A2","namespaceDesc":"first"`},
	}
	for i, st := range steps {
		code, body := cse(st.method, st.token, st.kv...)
		if code != st.status || !strings.Contains(body, st.body) {
			t.Fatalf("step %d %s %v: %d %s", i, st.method, st.kv, code, body)
		}
	}
	if code, body := cseNS(t, s, "GET", admin, "", nil); code != 400 || !strings.Contains(body, "x-engine-id") {
		t.Fatalf("no engine: %d %s", code, body)
	}
	if code, body := cseNS(t, s, "GET", admin, "no-such-engine", nil); code != 400 || !strings.Contains(body, "SVCSTG.00501116") {
		t.Fatalf("unknown engine: %d %s", code, body)
	}
	_, body := cseNS(t, s, "GET", admin, other, nil)
	if got := nsIDs(t, "the other engine's list", body); len(got) != 1 || got[other] == "" {
		t.Fatalf("the other engine lists %v", got)
	}
	for _, path := range []string{v2List, v3List} {
		if got := nacosList(path); got["team-a"] != "Team A2" || got["team-b"] != "Team B" || len(got) != 5 {
			t.Fatalf("%s after §6 writes: %v", path, got)
		}
	}

	// What Nacos 3's admin API creates is no engine's: §6 neither lists
	// nor deletes it.
	code, body := authedCall(t, admin, http.MethodPost, s.url("/nacos/v3/admin/core/namespace"),
		url.Values{"namespaceId": {"team-c"}, "namespaceName": {"Team C"}})
	if code != 200 || !strings.Contains(body, "true") {
		t.Fatalf("v3 create: %d %s", code, body)
	}
	_, body = cse("GET", admin)
	if got := nsIDs(t, "§6 list", body); got["team-c"] != "" || len(got) != 3 {
		t.Fatalf("§6 list after the v3 create: %v", got)
	}
	for _, id := range []string{"team-a", "team-c", "team-a"} { // a second delete is still 200
		if code, body := cse("DELETE", admin, "namespace_id", id); code != 200 || body != "true" {
			t.Fatalf("delete %s: %d %s", id, code, body)
		}
	}
	for _, path := range []string{v2List, v3List} {
		if got := nacosList(path); len(got) != 5 || got["team-b"] != "Team B" || got["team-c"] != "Team C" || got[""] != "public" {
			t.Fatalf("%s after §6 deletes: %v", path, got)
		}
	}
}
