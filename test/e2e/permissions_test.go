package e2e

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/go-chassis/cari/discovery"
	"github.com/go-chassis/cari/rbac"
	"github.com/go-chassis/foundation/httpclient"
	kieclient "github.com/go-chassis/kie-client"
	sc "github.com/go-chassis/sc-client"

	"github.com/causeway-dev/causeway/registry/auth/authtest"
)

// permServer is a server with auth on and, created through the user API,
// dev-rw (read and write on everything of namespace dev) and dev-ro (read
// only there).
func permServer(t *testing.T) *server {
	t.Helper()
	s := start(t, "", "--admin-password", adminPassword)
	token := login(t, s, adminPassword)
	grant(t, s, token, "dev-rw", authtest.Password, "rw", "dev:*:*")
	grant(t, s, token, "dev-ro", authtest.Password, "r", "dev:*:*")
	return s
}

// scClientAs answers the real sc-client logged in as user (through the
// public POST /v4/token) on project.
func scClientAs(t *testing.T, s *server, user, project string) *sc.Client {
	t.Helper()
	t.Setenv(sc.EnvProjectID, project)
	c, err := sc.NewClient(sc.Options{Endpoints: []string{s.addr}, Timeout: 10 * time.Second,
		EnableAuth: true, AuthUser: &rbac.AuthUser{Username: user, Password: authtest.Password}})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = c.Close() })
	return c
}

func wantRefused(t *testing.T, what string, err error, code string) {
	t.Helper()
	if err == nil || !strings.Contains(err.Error(), code) {
		t.Fatalf("%s: %v, want a refusal with %s", what, err, code)
	}
}

// With the real sc-client: a user with permission on project dev
// registers a microservice and an instance there and is refused in
// default; a read-only user discovers but does not register.
func TestPermissionsServiceCombClient(t *testing.T) {
	s := permServer(t)
	rw := scClientAs(t, s, "dev-rw", "dev")
	id := registerSC(t, rw, &discovery.MicroService{AppId: "shop", ServiceName: "orders", Version: "1.0.0"})
	inst := registerSCInstance(t, rw, &discovery.MicroServiceInstance{ServiceId: id, HostName: "h1",
		Endpoints: []string{"rest://10.0.0.1:8080"}})

	rwDefault := scClientAs(t, s, "dev-rw", "default")
	_, err := rwDefault.RegisterService(&discovery.MicroService{AppId: "shop", ServiceName: "orders", Version: "1.0.0"})
	wantRefused(t, "dev-rw registers in default", err, "403205")

	ro := scClientAs(t, s, "dev-ro", "dev")
	list, err := ro.FindMicroServiceInstances(id, "shop", "orders", "0+", sc.WithoutRevision())
	if err != nil || len(list) != 1 || list[0].InstanceId != inst {
		t.Fatalf("dev-ro discovers: %v %v", list, err)
	}
	_, err = ro.RegisterService(&discovery.MicroService{AppId: "shop", ServiceName: "pay", Version: "1.0.0"})
	wantRefused(t, "dev-ro registers", err, "403205")
	_, err = ro.RegisterMicroServiceInstance(&discovery.MicroServiceInstance{ServiceId: id, HostName: "h2",
		Endpoints: []string{"rest://10.0.0.2:8080"}})
	wantRefused(t, "dev-ro registers an instance", err, "403205")
	if _, err := ro.Heartbeat(id, inst); err == nil {
		t.Fatal("dev-ro heartbeat was allowed")
	}

	// Without a token the answer is still service-center's 401.
	code, body := call(t, http.MethodGet, s.url("/v4/dev/registry/microservices"), nil)
	if code != http.StatusUnauthorized || !strings.Contains(body, `"401204"`) {
		t.Fatalf("no token: %d %s", code, body)
	}
}

// scToken logs user in through ServiceComb's token route.
func scToken(t *testing.T, s *server, user string) string {
	t.Helper()
	code, body := send(t, http.MethodPost, s.url("/v4/token"), "", `{"name":"`+user+`","password":"`+authtest.Password+`"}`)
	var tok struct {
		Token string `json:"token"`
	}
	if code != http.StatusOK || json.Unmarshal([]byte(body), &tok) != nil || tok.Token == "" {
		t.Fatalf("token for %s: %d %s", user, code, body)
	}
	return tok.Token
}

// send sends a JSON body with a CSE X-Auth-Token ("" for none).
func send(t *testing.T, method, rawURL, token, body string) (int, string) {
	t.Helper()
	req, err := http.NewRequest(method, rawURL, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/json")
	if token != "" {
		req.Header.Set("X-Auth-Token", token)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

// kie with the real kie-client, and CSE governance over HTTP: the same
// split between dev-rw, dev-ro and another project.
func TestPermissionsKieAndGovernance(t *testing.T) {
	s := permServer(t)
	rwTok, roTok := scToken(t, s, "dev-rw"), scToken(t, s, "dev-ro")
	kieAs := func(token string) *kieclient.Client {
		c, err := kieclient.NewClient(kieclient.Config{Endpoint: s.url(""), HTTPOptions: &httpclient.Options{
			SignRequest: func(r *http.Request) error { r.Header.Set("Authorization", "Bearer "+token); return nil }}})
		if err != nil {
			t.Fatal(err)
		}
		return c
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	labels := map[string]string{"app": "shop"}
	rw, ro := kieAs(rwTok), kieAs(roTok)
	if _, err := rw.Create(ctx, kieclient.KVRequest{Key: "timeout", Value: "3s", Labels: labels}, kieclient.WithProject("dev")); err != nil {
		t.Fatalf("dev-rw creates in dev: %v", err)
	}
	_, err := rw.Create(ctx, kieclient.KVRequest{Key: "timeout", Value: "3s", Labels: labels}, kieclient.WithProject("default"))
	wantRefused(t, "dev-rw creates in default", err, "No permission(s)") // the client prints errorMessage(detail)
	if list, _, err := ro.List(ctx, kieclient.WithGetProject("dev"), kieclient.WithLabels(labels)); err != nil || list.Total != 1 {
		t.Fatalf("dev-ro lists dev: %+v %v", list, err)
	}
	_, err = ro.Create(ctx, kieclient.KVRequest{Key: "retries", Value: "2", Labels: labels}, kieclient.WithProject("dev"))
	wantRefused(t, "dev-ro creates in dev", err, "No permission(s)")

	policy := `{"name":"pay","selector":{"environment":"","app":"shop"},"spec":{"maxAttempts":2}}`
	gov := func(project string) string { return s.url("/v3/" + project + "/govern/governance/retry") }
	if code, body := send(t, http.MethodPost, gov("dev"), rwTok, policy); code != http.StatusOK {
		t.Fatalf("dev-rw creates a policy in dev: %d %s", code, body)
	}
	refusals := []struct{ who, method, url, token string }{
		{"dev-rw in default", http.MethodPost, gov("default"), rwTok},
		{"dev-ro in dev", http.MethodPost, gov("dev"), roTok},
	}
	for _, r := range refusals {
		code, body := send(t, r.method, r.url, r.token, policy)
		if code != http.StatusForbidden || !strings.Contains(body, `"error_code":"403001"`) {
			t.Fatalf("%s: %d %s, want CSE's 403001", r.who, code, body)
		}
	}
	if code, body := send(t, http.MethodGet, gov("dev")+"?app=shop", roTok, ""); code != http.StatusOK || !strings.Contains(body, `"pay"`) {
		t.Fatalf("dev-ro lists dev's policies: %d %s", code, body)
	}
}
