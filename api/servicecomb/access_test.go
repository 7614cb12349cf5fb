package servicecomb

import (
	"net/http"
	"strings"
	"testing"

	"github.com/causeway-dev/causeway/registry/auth"
	"github.com/causeway-dev/causeway/registry/auth/authtest"
)

// Every route but the token and health routes declares what it needs:
// without an Access a route is for global admins only.
func TestEveryRouteDeclaresAccess(t *testing.T) {
	d := Dialect(nil, Options{})
	for _, rt := range d.Routes {
		if !rt.Public && (rt.Access == nil || rt.Access.Type != auth.TypeNaming || rt.Access.Scope == nil) {
			t.Errorf("%s: access %+v, want a naming scope", rt.Pattern, rt.Access)
		}
	}
}

// permFixture is the dialect behind authentication, with microservices
// orders (app shop) and pay (app other) in project dev and orders in
// default, and users holding permissions on dev.
type permFixture struct {
	*fixture
	admin                string
	shopID, payID, defID string
	users                map[string]string // name → token
}

func newPermFixture(t testing.TB) *permFixture {
	t.Helper()
	f := newFixture(t, true)
	tok, err := f.users.Login(t.Context(), "nacos", "secret-pass-1")
	if err != nil {
		t.Fatal(err)
	}
	p := &permFixture{fixture: f, admin: tok.AccessToken, users: map[string]string{}}
	p.shopID = p.create("dev", "shop", "orders")
	p.payID = p.create("dev", "other", "pay")
	p.defID = p.create("default", "shop", "orders")
	for name, grants := range map[string][]authtest.Grant{
		"dev-rw":  {{Resource: "dev:*:naming/*", Action: auth.ReadWrite}},
		"dev-ro":  {{Resource: "dev:*:naming/*", Action: auth.Read}},
		"shop-rw": {{Resource: "dev:shop:naming/*", Action: auth.ReadWrite}},
		"config":  {{Resource: "dev:*:config/*", Action: auth.ReadWrite}},
		"nobody":  nil,
		"pub-ro":  {{Resource: "public:*:naming/*", Action: auth.Read}},
	} {
		p.users[name] = authtest.User(t, f.users, name, grants...)
	}
	return p
}

func (p *permFixture) create(project, app, name string) string {
	p.t.Helper()
	a := p.send("POST", "/v4/"+project+"/registry/microservices",
		`{"service":{"appId":"`+app+`","serviceName":"`+name+`","version":"1.0.0"}}`, "Authorization", "Bearer "+p.admin)
	if a.code != http.StatusOK {
		p.t.Fatalf("create %s/%s/%s: %d %s", project, app, name, a.code, a.raw)
	}
	return a.field(p.t, "serviceId")
}

func TestPermissionsPerRoute(t *testing.T) {
	p := newPermFixture(t)
	ids := strings.NewReplacer("{shop}", p.shopID, "{pay}", p.payID, "{def}", p.defID)
	inst := `{"instance":{"hostName":"h","endpoints":["rest://10.0.0.1:80"]}}`
	svc := `{"service":{"appId":"shop","serviceName":"n%d","version":"1.0.0"}}`
	batch := `{"services":[{"service":{"appId":"shop","serviceName":"orders","version":"0+"}}]}`
	const dev, def = "/v4/dev/registry", "/v4/default/registry"
	cases := []struct {
		user, method, path, body string
		want                     int
	}{
		// A read-write user of dev registers and discovers there, not
		// in default.
		{"dev-rw", "POST", dev + "/microservices", svc, 200},
		{"dev-rw", "POST", def + "/microservices", svc, 403},
		{"dev-rw", "POST", dev + "/microservices/{shop}/instances", inst, 200},
		{"dev-rw", "POST", dev + "/microservices/{pay}/instances", inst, 200},
		{"dev-rw", "POST", def + "/microservices/{def}/instances", inst, 403},
		{"dev-rw", "GET", dev + "/instances?appId=shop&serviceName=orders", "", 200},
		{"dev-rw", "GET", def + "/instances?appId=shop&serviceName=orders", "", 403},
		{"dev-rw", "GET", dev + "/microservices", "", 200},
		{"dev-rw", "GET", def + "/microservices", "", 403},
		{"dev-rw", "PUT", dev + "/microservices/{shop}/properties", `{"properties":{"a":"b"}}`, 200},
		{"dev-rw", "PUT", dev + "/heartbeats", `{"instances":[]}`, 400}, // allowed, then refused as empty
		{"dev-rw", "PUT", def + "/heartbeats", `{"instances":[]}`, 403},
		// A read-only user discovers and reads, changes nothing.
		{"dev-ro", "GET", dev + "/instances?appId=shop&serviceName=orders", "", 200},
		{"dev-ro", "POST", dev + "/instances/action?type=query", batch, 200},
		{"dev-ro", "GET", dev + "/microservices/{shop}", "", 200},
		{"dev-ro", "GET", dev + "/microservices/{shop}/instances", "", 200},
		{"dev-ro", "GET", dev + "/microservices/{shop}/schemas", "", 200},
		{"dev-ro", "GET", dev + "/microservices/{shop}/tags", "", 200},
		{"dev-ro", "GET", dev + "/microservices/{shop}/providers", "", 200},
		{"dev-ro", "GET", dev + "/existence?type=microservice&appId=shop&serviceName=orders&version=1.0.0", "", 200},
		{"dev-ro", "POST", dev + "/microservices", svc, 403},
		{"dev-ro", "POST", dev + "/microservices/{shop}/instances", inst, 403},
		{"dev-ro", "DELETE", dev + "/microservices/{shop}", "", 403},
		{"dev-ro", "POST", dev + "/microservices/{shop}/tags", `{"tags":{"a":"b"}}`, 403},
		{"dev-ro", "PUT", dev + "/heartbeats", `{"instances":[]}`, 403},
		{"dev-ro", "POST", dev + "/instances/action?type=query", batch, 200},
		{"dev-ro", "POST", def + "/instances/action?type=query", batch, 403},
		// A user of one app (group) acts on its microservices only; what
		// names no app (create: the app is in the body; an unknown id;
		// the whole list) needs the whole project.
		{"shop-rw", "POST", dev + "/microservices/{shop}/instances", inst, 200},
		{"shop-rw", "GET", dev + "/microservices/{shop}", "", 200},
		{"shop-rw", "POST", dev + "/microservices/{pay}/instances", inst, 403},
		{"shop-rw", "GET", dev + "/microservices/{pay}", "", 403},
		{"shop-rw", "GET", dev + "/instances?appId=shop&serviceName=orders", "", 200},
		{"shop-rw", "GET", dev + "/instances?appId=other&serviceName=pay", "", 403},
		{"shop-rw", "GET", dev + "/instances?serviceName=orders", "", 403},
		{"shop-rw", "GET", dev + "/existence?type=schema&serviceId={shop}&schemaId=s", "", 400},
		{"shop-rw", "GET", dev + "/existence?type=schema&serviceId={pay}&schemaId=s", "", 403},
		{"shop-rw", "POST", dev + "/microservices", svc, 403},
		{"shop-rw", "GET", dev + "/microservices", "", 403},
		{"shop-rw", "GET", dev + "/microservices/0123456789abcdef", "", 403},
		{"dev-rw", "GET", dev + "/microservices/0123456789abcdef", "", 400},
		// Another type's permission, or none, grants nothing here.
		{"config", "GET", dev + "/instances?appId=shop&serviceName=orders", "", 403},
		{"nobody", "GET", dev + "/instances?appId=shop&serviceName=orders", "", 403},
		// Project default is the namespace public.
		{"pub-ro", "GET", def + "/instances?appId=shop&serviceName=orders", "", 200},
		{"pub-ro", "GET", def + "/microservices/{def}", "", 200},
		{"pub-ro", "GET", dev + "/instances?appId=shop&serviceName=orders", "", 403},
		// A malformed project is a bad request, never matched.
		{"dev-rw", "GET", "/v4/..%2f..%2f/registry/microservices", "", 400},
	}
	n := 0
	for _, c := range cases {
		body := c.body
		if body == svc {
			n++
			body = strings.Replace(svc, "%d", string(rune('a'+n)), 1)
		}
		a := p.send(c.method, ids.Replace(c.path), body, "Authorization", "Bearer "+p.users[c.user])
		switch c.want {
		case 200:
			if a.code != http.StatusOK {
				t.Errorf("%s %s %s: %d %s, want 200", c.user, c.method, c.path, a.code, a.raw)
			}
		case 403:
			if a.code != http.StatusForbidden || a.field(t, "errorCode") != "403205" ||
				a.field(t, "errorMessage") != "No permission(s)" || a.field(t, "detail") != "authorization failed!" {
				t.Errorf("%s %s %s: %d %s, want service-center's 403205", c.user, c.method, c.path, a.code, a.raw)
			}
		default:
			if a.code != c.want || a.field(t, "errorCode") == "403205" {
				t.Errorf("%s %s %s: %d %s, want %d", c.user, c.method, c.path, a.code, a.raw, c.want)
			}
		}
	}
}

// The refusal is 403 whatever carries the token, and a request without
// one is still 401; a global admin may do anything.
func TestRefusalIsNotUnauthorized(t *testing.T) {
	p := newPermFixture(t)
	find := "/v4/default/registry/instances?appId=shop&serviceName=orders"
	a := p.send("GET", find, "", "X-Auth-Token", p.users["dev-rw"])
	a.wantError(t, http.StatusForbidden, "403205")
	a = p.send("GET", find, "")
	a.wantError(t, http.StatusUnauthorized, "401204")
	a = p.send("GET", find, "", "Authorization", "Bearer "+p.admin)
	if a.code != http.StatusOK {
		t.Fatalf("admin find: %d %s", a.code, a.raw)
	}
}
