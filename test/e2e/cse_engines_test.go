package e2e

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"testing"
	"time"

	"github.com/nacos-group/nacos-sdk-go/clients"
	"github.com/nacos-group/nacos-sdk-go/clients/naming_client"
	"github.com/nacos-group/nacos-sdk-go/common/constant"
	"github.com/nacos-group/nacos-sdk-go/vo"
)

const enginePw = "Engine-pw-123"

// cseCall sends a CSE request with the admin's X-Auth-Token.
func cseCall(t *testing.T, s *server, token, method, path, body string) (int, map[string]any) {
	t.Helper()
	req, err := http.NewRequest(method, s.url(path), bytes.NewBufferString(body))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("X-Auth-Token", token)
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	var out map[string]any
	_ = json.Unmarshal(raw, &out)
	return resp.StatusCode, out
}

// engineAccess is what a client learns from an engine's detail: its
// namespace and ServiceComb project, its user, its Nacos host and port and
// its service-center address (host:port, as sc-client takes it).
type engineAccess struct {
	id, namespace, project, username string
	host                             string
	port                             uint64
	scAddr                           string
}

// createEngine creates an RBAC engine over HTTP, follows its job to
// success and reads its access from its detail.
func createEngine(t *testing.T, s *server, token, name string) engineAccess {
	t.Helper()
	body := `{"name":"` + name + `","payment":"1","flavor":"cse.s1.small2","azList":["az1"],"authType":"RBAC",` +
		`"vpc":"v","networkId":"n","subnetCidr":"10.0.0.0/24","auth_cred":{"pwd":"` + enginePw + `"}}`
	code, out := cseCall(t, s, token, "POST", "/v2/p1/enginemgr/engines", body)
	if code != 200 {
		t.Fatalf("create %s: %d %v", name, code, out)
	}
	id := out["id"].(string)
	followJob(t, s, token, id, out["jobId"])
	_, d := cseCall(t, s, token, "GET", "/v2/p1/enginemgr/engines/"+id, "")
	in := d["reference"].(map[string]any)["inputs"].(map[string]any)
	eps := d["externalEntrypoint"].(map[string]any)["serviceEndpoint"].(map[string]any)
	host, portStr, _ := net.SplitHostPort(entrypointHost(t, eps, "nacos"))
	port, _ := strconv.ParseUint(portStr, 10, 64)
	return engineAccess{id: id, namespace: in["namespace"].(string), project: in["project"].(string),
		username: in["username"].(string), host: host, port: port, scAddr: entrypointHost(t, eps, "serviceCenter")}
}

// entrypointHost answers the host:port of the detail's entrypoint name.
func entrypointHost(t *testing.T, eps map[string]any, name string) string {
	t.Helper()
	ep, ok := eps[name].(map[string]any)
	if !ok {
		t.Fatalf("no %s entrypoint in %v", name, eps)
	}
	u, err := url.Parse(ep["masterEntrypoint"].(string))
	if err != nil || u.Host == "" {
		t.Fatalf("%s entrypoint %v: %v", name, ep, err)
	}
	return u.Host
}

func followJob(t *testing.T, s *server, token, engineID string, jobID any) {
	t.Helper()
	eventually(t, 10*time.Second, "engine job to finish", func() bool {
		_, j := cseCall(t, s, token, "GET", fmt.Sprintf("/v2/p1/enginemgr/engines/%s/jobs/%v", engineID, jobID), "")
		if j["status"] == "Error" {
			t.Fatalf("job failed: %v", j)
		}
		return j["status"] == "Finished"
	})
}

// engineClient is nacos-sdk-go v1 configured from an engine's detail,
// reading namespace ns.
func engineClient(t *testing.T, a engineAccess, ns string) naming_client.INamingClient {
	t.Helper()
	dir := t.TempDir()
	c, err := clients.CreateNamingClient(map[string]interface{}{
		"serverConfigs": []constant.ServerConfig{{IpAddr: a.host, Port: a.port, ContextPath: "/nacos"}},
		"clientConfig": constant.ClientConfig{TimeoutMs: 5000, NotLoadCacheAtStart: true, NamespaceId: ns,
			CacheDir: dir + "/cache", LogDir: dir + "/log", LogLevel: "warn",
			Username: a.username, Password: enginePw, BeatInterval: 1000},
	})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func registerIn(c naming_client.INamingClient, ip string) error {
	_, err := c.RegisterInstance(vo.RegisterInstanceParam{Ip: ip, Port: 80, ServiceName: "orders",
		Weight: 1, Enable: true, Healthy: true, Ephemeral: true})
	return err
}

// Two engines over HTTP: the SDK configured from each one's detail
// registers into that engine only, cannot read the other, stops at the
// instance quota until a resize; a deleted engine's credential is gone.
func TestCSEEnginesAsTenants(t *testing.T) {
	s := start(t, "", "--admin-password", adminPassword)
	logServerOnFailure(t, s)
	token := login(t, s, adminPassword)
	a, b := createEngine(t, s, token, "team-a"), createEngine(t, s, token, "team-b")
	ca, cb := engineClient(t, a, a.namespace), engineClient(t, b, b.namespace)
	if err := registerIn(ca, "10.0.0.1"); err != nil {
		t.Fatalf("register into A: %v", err)
	}
	if err := registerIn(cb, "10.0.0.2"); err != nil {
		t.Fatalf("register into B: %v", err)
	}
	hosts, err := ca.SelectAllInstances(vo.SelectAllInstancesParam{ServiceName: "orders"})
	if err != nil || len(hosts) != 1 || hosts[0].Ip != "10.0.0.1" {
		t.Fatalf("A sees %v, %v", hosts, err)
	}
	// A's credential cannot read B's namespace, nor the default one.
	for _, ns := range []string{b.namespace, ""} {
		if hs, err := engineClient(t, a, ns).SelectAllInstances(vo.SelectAllInstancesParam{ServiceName: "orders"}); err == nil && len(hs) > 0 {
			t.Fatalf("A's user reads namespace %q: %v", ns, hs)
		}
	}
	// Fill A to its quota (100) with persistent instances, as A's user.
	atok := loginAs(t, s, a.username, enginePw)
	for i := 2; i <= 100; i++ {
		code, body := authedCall(t, atok, http.MethodPost, s.url("/nacos/v1/ns/instance"), url.Values{
			"serviceName": {"fill"}, "ip": {fmt.Sprintf("10.1.%d.%d", i/256, i%256)}, "port": {"80"},
			"ephemeral": {"false"}, "namespaceId": {a.namespace}})
		if code != 200 {
			t.Fatalf("fill %d: %d %s", i, code, body)
		}
	}
	if err := registerIn(ca, "10.0.0.3"); err == nil {
		t.Fatal("A registered past its instance quota")
	}
	if err := registerIn(cb, "10.0.0.4"); err != nil {
		t.Fatalf("B is limited by A's quota: %v", err)
	}
	code, out := cseCall(t, s, token, "PUT", "/v2/p1/enginemgr/engines/"+a.id+"/resize", `{"flavor":"cse.s1.medium2"}`)
	if code != 200 {
		t.Fatalf("resize: %d %v", code, out)
	}
	followJob(t, s, token, a.id, out["job_id"])
	if err := registerIn(ca, "10.0.0.3"); err != nil {
		t.Fatalf("register after resize: %v", err)
	}
	code, out = cseCall(t, s, token, "DELETE", "/v2/p1/enginemgr/engines/"+b.id, "")
	if code != 200 {
		t.Fatalf("delete: %d %v", code, out)
	}
	followJob(t, s, token, b.id, out["jobId"])
	if code, _ := call(t, http.MethodPost, s.url("/nacos/v1/auth/login"),
		url.Values{"username": {b.username}, "password": {enginePw}}); code == 200 {
		t.Fatal("a deleted engine's user still logs in")
	}
	if code, _ := cseCall(t, s, token, "GET", "/v2/p1/enginemgr/engines/"+b.id, ""); code != 400 {
		t.Fatalf("deleted engine answers %d", code)
	}
}
