package e2e

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/go-chassis/cari/discovery"
	"github.com/go-chassis/cari/rbac"
	sc "github.com/go-chassis/sc-client"
)

// engineSCClient answers the real sc-client configured from an engine's
// detail: its service-center address, logged in (POST /v4/token) as the
// engine's user, on project. sc-client keeps its API paths in package
// variables set by NewClient from CSE_PROJECT_ID, so the last client made
// decides every client's project: make one just before using it and do not
// interleave clients of different projects.
func engineSCClient(t *testing.T, a engineAccess, project string) *sc.Client {
	t.Helper()
	t.Setenv(sc.EnvProjectID, project)
	c, err := sc.NewClient(sc.Options{Endpoints: []string{a.scAddr}, Timeout: 10 * time.Second,
		EnableAuth: true, AuthUser: &rbac.AuthUser{Username: a.username, Password: enginePw}})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = c.Close() })
	return c
}

// scInstanceAt registers an instance of service at ip through c.
func scInstanceAt(c *sc.Client, serviceID, ip string) (string, error) {
	return c.RegisterMicroServiceInstance(&discovery.MicroServiceInstance{ServiceId: serviceID, HostName: ip,
		Endpoints: []string{"rest://" + ip + ":8080"}, Status: sc.MSInstanceUP})
}

// engineSCEndpoints answers the endpoints of the instances of serviceID, sorted.
func engineSCEndpoints(t *testing.T, c *sc.Client, serviceID string) []string {
	t.Helper()
	list, err := c.GetMicroServiceInstances(serviceID, serviceID)
	if err != nil {
		t.Fatalf("instances of %s: %v", serviceID, err)
	}
	var eps []string
	for _, in := range list {
		eps = append(eps, in.Endpoints...)
	}
	slices.Sort(eps)
	return eps
}

// Two engines over HTTP, with the real ServiceComb client configured from
// each one's detail (service-center address, project, credential): each
// registers into its own engine; B's client cannot see A's microservice,
// nor reach A's project; A's instance quota refuses the client with
// service-center's 400100 and writes nothing, until a resize.
func TestCSEEnginesServiceCombClient(t *testing.T) {
	s := start(t, "", "--admin-password", adminPassword)
	logServerOnFailure(t, s)
	token := login(t, s, adminPassword)
	a, b := createEngine(t, s, token, "sc-a"), createEngine(t, s, token, "sc-b")
	if a.project == b.project || a.scAddr == "" {
		t.Fatalf("engines' projects %q, %q at %q: want two projects and an address", a.project, b.project, a.scAddr)
	}

	ca := engineSCClient(t, a, a.project)
	ordersID := registerSC(t, ca, &discovery.MicroService{AppId: "shop", ServiceName: "orders", Version: "1.0.0"})
	registerSCInstance(t, ca, &discovery.MicroServiceInstance{ServiceId: ordersID, HostName: "orders-1",
		Endpoints: []string{"rest://10.0.0.1:8080"}, Status: sc.MSInstanceUP})

	cb := engineSCClient(t, b, b.project)
	payID := registerSC(t, cb, &discovery.MicroService{AppId: "shop", ServiceName: "payments", Version: "1.0.0"})
	registerSCInstance(t, cb, &discovery.MicroServiceInstance{ServiceId: payID, HostName: "payments-1",
		Endpoints: []string{"rest://10.0.0.2:8080"}, Status: sc.MSInstanceUP})
	bCannotSeeA(t, cb, ordersID)
	// B's credential on A's project is refused: service-center's 403205.
	_, err := engineSCClient(t, b, a.project).GetAllMicroServices()
	wantRefused(t, "B's user lists A's project", err, "403205")

	// Fill A to its instance quota (100) through the client, then one more.
	ca = engineSCClient(t, a, a.project)
	for i := 2; i <= 100; i++ {
		if _, err := scInstanceAt(ca, ordersID, fmt.Sprintf("10.1.%d.%d", i/256, i%256)); err != nil {
			t.Fatalf("fill instance %d: %v", i, err)
		}
	}
	if id, err := scInstanceAt(ca, ordersID, "10.0.0.3"); err == nil || !strings.Contains(err.Error(), "400100") {
		t.Fatalf("register past A's quota: %q %v, want service-center's quota error 400100", id, err)
	}
	eps := engineSCEndpoints(t, ca, ordersID)
	if len(eps) != 100 || slices.Contains(eps, "rest://10.0.0.3:8080") {
		t.Fatalf("A after the refusal: %d instances (refused one present: %v), want 100 without it",
			len(eps), slices.Contains(eps, "rest://10.0.0.3:8080"))
	}

	code, out := cseCall(t, s, token, "PUT", "/v2/p1/enginemgr/engines/"+a.id+"/resize", `{"flavor":"cse.s1.medium2"}`)
	if code != 200 {
		t.Fatalf("resize: %d %v", code, out)
	}
	followJob(t, s, token, a.id, out["job_id"])
	if _, err := scInstanceAt(ca, ordersID, "10.0.0.3"); err != nil {
		t.Fatalf("register after resize: %v", err)
	}
	if eps := engineSCEndpoints(t, ca, ordersID); len(eps) != 101 || !slices.Contains(eps, "rest://10.0.0.3:8080") {
		t.Fatalf("A after resize: %d instances, want 101 with rest://10.0.0.3:8080", len(eps))
	}
}

// bCannotSeeA: B's client, on B's project, neither finds, reads nor lists
// A's microservice orders.
func bCannotSeeA(t *testing.T, cb *sc.Client, ordersID string) {
	t.Helper()
	if id, err := cb.GetMicroServiceID("shop", "orders", "1.0.0", ""); err != nil || id != "" {
		t.Fatalf("B's existence of A's orders: %q %v, want none", id, err)
	}
	if ms, err := cb.GetMicroService(ordersID); err == nil {
		t.Fatalf("B reads A's orders by id: %+v", ms)
	}
	list, err := cb.FindMicroServiceInstances("", "shop", "orders", "0+", sc.WithoutRevision())
	if !errors.Is(err, sc.ErrMicroServiceNotExists) {
		t.Fatalf("B finds A's orders: %v %v, want ErrMicroServiceNotExists", instanceIDs(list), err)
	}
	all, err := cb.GetAllMicroServices()
	if err != nil {
		t.Fatalf("B lists its services: %v", err)
	}
	for _, ms := range all {
		if ms.ServiceName == "orders" || ms.ServiceId == ordersID {
			t.Fatalf("B lists A's orders: %+v", ms)
		}
	}
}
