package nacosgrpc

import (
	"context"
	"testing"

	regauth "github.com/causeway-dev/causeway/registry/auth"
	"github.com/causeway-dev/causeway/registry/auth/authtest"
)

// user makes a user holding one role (role-<name>) with the given
// permissions and answers its access token.
func (e *env) user(name string, perms map[string]regauth.Action) string {
	e.t.Helper()
	return authtest.User(e.t, e.auth, name, authtest.Grants(perms)...)
}

// grpcCase is one request sent by one user: allowed or refused with
// Nacos's answer.
type grpcCase struct {
	name     string
	conn     *testConn
	typ      string
	body     any
	wantType string
}

func grpcCases(c, cc *testConn, ns, group string) []grpcCase {
	nb := func(over map[string]any) map[string]any {
		m := namingBody(map[string]any{"namespace": ns, "groupName": group})
		for k, v := range over {
			m[k] = v
		}
		return m
	}
	cb := func(over map[string]any) map[string]any {
		m := configBody(map[string]any{"tenant": ns, "group": group})
		for k, v := range over {
			m[k] = v
		}
		return m
	}
	return []grpcCase{
		{"register", c, "InstanceRequest", nb(map[string]any{"type": "registerInstance", "instance": ins(nil)}), "InstanceResponse"},
		{"batch", c, "BatchInstanceRequest", nb(map[string]any{"type": "batchRegisterInstance", "instances": []any{ins(nil)}}), "BatchInstanceResponse"},
		{"persistent", c, "PersistentInstanceRequest", nb(map[string]any{"type": "registerInstance", "instance": ins(map[string]any{"ephemeral": false})}), "InstanceResponse"},
		{"subscribe", c, "SubscribeServiceRequest", nb(map[string]any{"subscribe": true}), "SubscribeServiceResponse"},
		{"query", c, "ServiceQueryRequest", nb(nil), "QueryServiceResponse"},
		{"list", c, "ServiceListRequest", nb(map[string]any{"pageNo": 1, "pageSize": 10, "serviceName": ""}), "ServiceListResponse"},
		{"publish", cc, "ConfigPublishRequest", cb(map[string]any{"content": "x"}), "ConfigPublishResponse"},
		{"get", cc, "ConfigQueryRequest", cb(nil), "ConfigQueryResponse"},
		{"remove", cc, "ConfigRemoveRequest", cb(nil), "ConfigRemoveResponse"},
		{"listen", cc, "ConfigBatchListenRequest", map[string]any{"listen": true, "configListenContexts": []any{
			map[string]string{"group": group, "dataId": "app", "tenant": ns, "md5": ""}}}, "ConfigChangeBatchListenResponse"},
	}
}

var writes = map[string]bool{"register": true, "batch": true, "persistent": true, "publish": true, "remove": true}

// Every request type a non-admin sends is authorized as Nacos's
// @Secured and gRPC resource parsers say: allowed where a permission
// grants it, otherwise its own response type with resultCode 500,
// errorCode 403 and "authorization failed!" (RemoteRequestAuthFilter).
func TestGRPCPermissions(t *testing.T) {
	e := newEnv(t, envOptions{auth: true})
	c, cc := e.namingConn(), e.configConn()
	tokens := map[string]string{
		"rw":    e.user("dev", map[string]regauth.Action{"dev:*:*": regauth.ReadWrite}),
		"ro":    e.user("reader", map[string]regauth.Action{"dev:*:*": regauth.Read}),
		"group": e.user("grouper", map[string]regauth.Action{"dev:G1:*": regauth.ReadWrite}),
		"none":  e.user("nobody", nil),
	}
	for _, tc := range []struct {
		user, ns, group string
		allowed         func(name string) bool
	}{
		{"rw", "dev", "DEFAULT_GROUP", func(string) bool { return true }},
		{"rw", "", "DEFAULT_GROUP", func(string) bool { return false }}, // public
		{"rw", "other", "DEFAULT_GROUP", func(string) bool { return false }},
		{"ro", "dev", "DEFAULT_GROUP", func(n string) bool { return !writes[n] }},
		{"ro", "public", "DEFAULT_GROUP", func(string) bool { return false }},
		{"group", "dev", "G1", func(string) bool { return true }},
		{"group", "dev", "DEFAULT_GROUP", func(string) bool { return false }},
		{"none", "dev", "G1", func(string) bool { return false }},
	} {
		for _, r := range grpcCases(c, cc, tc.ns, tc.group) {
			resp := e.callWith(r.conn, r.typ, r.body, map[string]string{"accessToken": tokens[tc.user]})
			a := decodeAnswer(t, resp)
			refused := a.Type == r.wantType && a.ResultCode == codeFail && a.ErrorCode == errNoRight &&
				a.Message == "authorization failed!"
			if refused == tc.allowed(r.name) || (a.ErrorCode == errNoRight && !refused) {
				t.Errorf("%s in %q/%s, %s: %s %s", tc.user, tc.ns, tc.group, r.name, resp.Type, resp.Body)
			}
			sdkDecodes(t, resp)
		}
	}
}

// A grouped service name ("G2@@orders") is checked against the group it
// names, the one the request acts on, not the groupName beside it.
func TestGRPCGroupedServiceNameChecksItsGroup(t *testing.T) {
	e := newEnv(t, envOptions{auth: true})
	c := e.namingConn()
	tok := e.user("grouper", map[string]regauth.Action{"dev:G1:*": regauth.ReadWrite})
	body := namingBody(map[string]any{"namespace": "dev", "groupName": "G1", "serviceName": "G2@@orders",
		"type": "registerInstance", "instance": ins(nil)})
	a := decodeAnswer(t, e.callWith(c, "InstanceRequest", body, map[string]string{"accessToken": tok}))
	if a.ErrorCode != errNoRight {
		t.Fatalf("G1 permission registered into G2: %+v", a)
	}
	if got := e.stored(); got != [3]int{} {
		t.Fatalf("a refused request stored %v", got)
	}
}

// A batch listen must be allowed to read every config it lists: one in
// another namespace refuses the whole batch and records no listener.
func TestGRPCBatchListenChecksEachConfig(t *testing.T) {
	e := newEnv(t, envOptions{auth: true})
	cc := e.configConn()
	tok := e.user("dev", map[string]regauth.Action{"dev:*:*": regauth.ReadWrite})
	listen := func(tenants ...string) answer {
		var ctxs []any
		for _, tn := range tenants {
			ctxs = append(ctxs, map[string]string{"group": "DEFAULT_GROUP", "dataId": "app", "tenant": tn, "md5": ""})
		}
		return decodeAnswer(t, e.callWith(cc, "ConfigBatchListenRequest",
			map[string]any{"listen": true, "configListenContexts": ctxs}, map[string]string{"accessToken": tok}))
	}
	if a := listen("dev", "public"); a.ErrorCode != errNoRight {
		t.Fatalf("a batch reaching public was allowed: %+v", a)
	}
	if n := e.srv.listeners.count(cc.Conn); n != 0 {
		t.Fatalf("a refused listen recorded %d listeners", n)
	}
	if a := listen("dev", "dev"); a.ResultCode != codeSuccess {
		t.Fatalf("a batch in dev: %+v", a)
	}
}

// A permission revoked takes effect on the very next request of the same
// connection and token.
func TestGRPCRevokedPermissionAtOnce(t *testing.T) {
	e := newEnv(t, envOptions{auth: true})
	cc := e.configConn()
	tok := e.user("dev", map[string]regauth.Action{"dev:*:*": regauth.ReadWrite})
	publish := func() answer {
		return decodeAnswer(t, e.callWith(cc, "ConfigPublishRequest",
			configBody(map[string]any{"tenant": "dev", "content": "x"}), map[string]string{"accessToken": tok}))
	}
	if a := publish(); a.ResultCode != codeSuccess {
		t.Fatalf("before revocation: %+v", a)
	}
	if err := e.auth.DeletePermission(context.Background(), "role-dev", "dev:*:*", regauth.ReadWrite); err != nil {
		t.Fatal(err)
	}
	if a := publish(); a.ErrorCode != errNoRight {
		t.Fatalf("after revocation: %+v", a)
	}
	if err := e.auth.DeleteRole(context.Background(), "role-dev", "dev"); err != nil {
		t.Fatal(err)
	}
	if a := publish(); a.ErrorCode != errNoRight {
		t.Fatalf("after the role is gone: %+v", a)
	}
}

// BenchmarkGRPCConfigQuery measures a ConfigQueryRequest through the
// dispatcher as the global admin and as a user whose role grants it: the
// difference is what authorization costs a non-admin's request.
func BenchmarkGRPCConfigQuery(b *testing.B) {
	e := newEnv(b, envOptions{auth: true})
	cc := e.configConn()
	user := e.user("dev", map[string]regauth.Action{"dev:*:*": regauth.ReadWrite, "test:G1:*": regauth.Read})
	body := configBody(map[string]any{"tenant": "dev", "content": "x"})
	if a := decodeAnswer(b, e.call(cc, "ConfigPublishRequest", body)); a.ResultCode != codeSuccess {
		b.Fatalf("publish: %+v", a)
	}
	for _, c := range []struct{ name, token string }{{"admin", e.token}, {"user", user}} {
		headers := map[string]string{"accessToken": c.token}
		b.Run(c.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if a := decodeAnswer(b, e.callWith(cc, "ConfigQueryRequest", body, headers)); a.ResultCode != codeSuccess {
					b.Fatalf("%+v", a)
				}
			}
		})
	}
}
