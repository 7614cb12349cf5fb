package nacosgrpc

import (
	"context"
	"encoding/json"
	"fmt"
	"math"
	"strings"
	"testing"
	"time"

	"github.com/causeway-dev/causeway/registry/naming"
)

// ins is an instance as the Go SDK writes it, with fields overridden.
func ins(over map[string]any) map[string]any {
	m := map[string]any{"instanceId": "", "ip": "10.0.0.1", "port": 8080, "weight": 1, "healthy": true, "enabled": true,
		"ephemeral": true, "clusterName": "", "serviceName": "", "metadata": map[string]string{},
		"instanceHeartBeatInterval": 0, "ipDeleteTimeout": 0, "instanceHeartBeatTimeOut": 0}
	for k, v := range over {
		if v == nil {
			delete(m, k)
		} else {
			m[k] = v
		}
	}
	return m
}

// namingBody is a naming request as the Go SDK writes it, with fields
// overridden.
func namingBody(over map[string]any) map[string]any {
	m := map[string]any{"requestId": "", "module": "naming", "namespace": "public", "serviceName": "orders",
		"groupName": "DEFAULT_GROUP"}
	for k, v := range over {
		if v == nil {
			delete(m, k)
		} else {
			m[k] = v
		}
	}
	return m
}

func configBody(over map[string]any) map[string]any {
	m := map[string]any{"requestId": "", "module": "config", "dataId": "app", "group": "DEFAULT_GROUP", "tenant": ""}
	for k, v := range over {
		if v == nil {
			delete(m, k)
		} else {
			m[k] = v
		}
	}
	return m
}

func register(over map[string]any) map[string]any {
	return namingBody(map[string]any{"type": "registerInstance", "instance": ins(over)})
}

func batch(n int, over map[string]any) map[string]any {
	list := make([]any, n)
	for i := range list {
		list[i] = ins(map[string]any{"ip": fmt.Sprintf("10.%d.%d.%d", i>>16&255, i>>8&255, i&255)})
	}
	if n > 0 && over != nil {
		list[n-1] = ins(over)
	}
	return namingBody(map[string]any{"type": "batchRegisterInstance", "instances": list})
}

// Every bad request of every type the SDKs send is answered in a shape
// they understand (the request's own response type with errorCode 400, or
// ErrorResponse where Nacos answers one), and stores nothing.
func TestBadRequests(t *testing.T) {
	long := strings.Repeat("a", 600)
	cases := []struct {
		name      string
		typ       string
		body      any
		wantType  string
		wantError int
	}{
		// Protocol level: ErrorResponse.
		{"unknown type", "NoSuchRequest", `{}`, "ErrorResponse", errNoHandler},
		{"empty type", "", `{}`, "ErrorResponse", errNoHandler},
		{"server-side type", "ConnectResetRequest", `{}`, "ErrorResponse", errNoHandler},
		{"malformed JSON", "InstanceRequest", `{"namespace":`, "ErrorResponse", errBadRequest},
		{"not an object", "InstanceRequest", `[1,2]`, "ErrorResponse", errBadRequest},
		{"wrong field type", "InstanceRequest", `{"instance":{"port":"80"}}`, "ErrorResponse", errBadRequest},
		{"port beyond int64", "InstanceRequest", `{"type":"registerInstance","instance":{"ip":"1.1.1.1","port":18446744073709551615}}`, "ErrorResponse", errBadRequest},
		{"batch malformed", "BatchInstanceRequest", `{"instances":{}}`, "ErrorResponse", errBadRequest},
		{"config malformed", "ConfigPublishRequest", `{"content":1}`, "ErrorResponse", errBadRequest},
		{"listen malformed", "ConfigBatchListenRequest", `{"configListenContexts":"x"}`, "ErrorResponse", errBadRequest},

		// Instances.
		{"unknown operation", "InstanceRequest", namingBody(map[string]any{"type": "updateInstance", "instance": ins(nil)}), "InstanceResponse", errInvalidParam},
		{"no operation", "InstanceRequest", namingBody(map[string]any{"instance": ins(nil)}), "InstanceResponse", errInvalidParam},
		{"no instance", "InstanceRequest", namingBody(map[string]any{"type": "registerInstance"}), "InstanceResponse", errInvalidParam},
		{"empty service name", "InstanceRequest", namingBody(map[string]any{"serviceName": "", "type": "registerInstance", "instance": ins(nil)}), "InstanceResponse", errInvalidParam},
		{"no service name", "InstanceRequest", namingBody(map[string]any{"serviceName": nil, "type": "registerInstance", "instance": ins(nil)}), "InstanceResponse", errInvalidParam},
		{"service name with space", "InstanceRequest", namingBody(map[string]any{"serviceName": "a b", "type": "registerInstance", "instance": ins(nil)}), "InstanceResponse", errInvalidParam},
		{"service name with @@ twice", "InstanceRequest", namingBody(map[string]any{"serviceName": "g@@a@@b", "type": "registerInstance", "instance": ins(nil)}), "InstanceResponse", errInvalidParam},
		{"service name too long", "InstanceRequest", namingBody(map[string]any{"serviceName": long, "type": "registerInstance", "instance": ins(nil)}), "InstanceResponse", errInvalidParam},
		{"bad group", "InstanceRequest", namingBody(map[string]any{"groupName": "a/b", "type": "registerInstance", "instance": ins(nil)}), "InstanceResponse", errInvalidParam},
		{"bad namespace", "InstanceRequest", namingBody(map[string]any{"namespace": "a b", "type": "registerInstance", "instance": ins(nil)}), "InstanceResponse", errInvalidParam},
		{"no ip", "InstanceRequest", register(map[string]any{"ip": nil}), "InstanceResponse", errInvalidParam},
		{"bad ip", "InstanceRequest", register(map[string]any{"ip": "10.0.0.1; rm"}), "InstanceResponse", errInvalidParam},
		{"port 0", "InstanceRequest", register(map[string]any{"port": 0}), "InstanceResponse", errInvalidParam},
		{"port 65536", "InstanceRequest", register(map[string]any{"port": 65536}), "InstanceResponse", errInvalidParam},
		{"port negative", "InstanceRequest", register(map[string]any{"port": -1}), "InstanceResponse", errInvalidParam},
		{"weight negative", "InstanceRequest", register(map[string]any{"weight": -1}), "InstanceResponse", errInvalidParam},
		{"weight too big", "InstanceRequest", register(map[string]any{"weight": 10001}), "InstanceResponse", errInvalidParam},
		{"bad cluster", "InstanceRequest", register(map[string]any{"clusterName": "a_b!"}), "InstanceResponse", errInvalidParam},
		{"cluster too long", "InstanceRequest", register(map[string]any{"clusterName": long}), "InstanceResponse", errInvalidParam},
		{"metadata too big", "InstanceRequest", register(map[string]any{"metadata": map[string]string{"k": strings.Repeat("v", 11<<10)}}), "InstanceResponse", errInvalidParam},
		{"beat timeouts", "InstanceRequest", register(map[string]any{"metadata": map[string]string{"preserved.heart.beat.interval": "9000", "preserved.heart.beat.timeout": "1000"}}), "InstanceResponse", errInvalidParam},
		{"persistent bad port", "PersistentInstanceRequest", register(map[string]any{"port": 0}), "InstanceResponse", errInvalidParam},
		{"persistent unknown operation", "PersistentInstanceRequest", namingBody(map[string]any{"type": "x", "instance": ins(nil)}), "InstanceResponse", errInvalidParam},

		// Batches: one bad instance refuses the whole batch.
		{"batch wrong operation", "BatchInstanceRequest", namingBody(map[string]any{"type": "registerInstance", "instances": []any{ins(nil)}}), "BatchInstanceResponse", errInvalidParam},
		{"batch one bad port", "BatchInstanceRequest", batch(3, map[string]any{"ip": "10.9.0.1", "port": 0}), "BatchInstanceResponse", errInvalidParam},
		{"batch one bad ip", "BatchInstanceRequest", batch(3, map[string]any{"ip": "not an ip"}), "BatchInstanceResponse", errInvalidParam},
		{"batch one bad weight", "BatchInstanceRequest", batch(3, map[string]any{"ip": "10.9.0.1", "weight": -5}), "BatchInstanceResponse", errInvalidParam},
		{"batch bad service", "BatchInstanceRequest", func() map[string]any { b := batch(2, nil); b["serviceName"] = "@x"; return b }(), "BatchInstanceResponse", errInvalidParam},
		{"batch too big", "BatchInstanceRequest", batch(maxBatchInstances+1, nil), "BatchInstanceResponse", errInvalidParam},
		{"batch too large to store", "BatchInstanceRequest", func() map[string]any {
			// Within the count, beyond what one transaction of the
			// in-memory store takes (about 2.4 MB).
			b := batch(maxBatchInstances, nil)
			for _, in := range b["instances"].([]any) {
				in.(map[string]any)["metadata"] = map[string]string{"k": strings.Repeat("v", 9<<10)}
			}
			return b
		}(), "BatchInstanceResponse", errInvalidParam},

		// Reads and subscriptions.
		{"subscribe bad name", "SubscribeServiceRequest", namingBody(map[string]any{"serviceName": "", "subscribe": true, "clusters": ""}), "SubscribeServiceResponse", errInvalidParam},
		{"subscribe bad group", "SubscribeServiceRequest", namingBody(map[string]any{"groupName": "a b", "subscribe": true}), "SubscribeServiceResponse", errInvalidParam},
		{"query bad name", "ServiceQueryRequest", namingBody(map[string]any{"serviceName": "a\tb"}), "QueryServiceResponse", errInvalidParam},
		{"list bad namespace", "ServiceListRequest", namingBody(map[string]any{"namespace": "a b", "serviceName": "", "pageNo": 1, "pageSize": 10}), "ServiceListResponse", errInvalidParam},
		{"list bad group", "ServiceListRequest", namingBody(map[string]any{"groupName": "a@@b", "serviceName": "", "pageNo": 1, "pageSize": 10}), "ServiceListResponse", errInvalidParam},

		// Configs.
		{"publish no dataId", "ConfigPublishRequest", configBody(map[string]any{"dataId": "", "content": "x"}), "ConfigPublishResponse", errInvalidParam},
		{"publish bad dataId", "ConfigPublishRequest", configBody(map[string]any{"dataId": "a b", "content": "x"}), "ConfigPublishResponse", errInvalidParam},
		{"publish bad group", "ConfigPublishRequest", configBody(map[string]any{"group": "a/b", "content": "x"}), "ConfigPublishResponse", errInvalidParam},
		{"publish bad tenant", "ConfigPublishRequest", configBody(map[string]any{"tenant": "a b", "content": "x"}), "ConfigPublishResponse", errInvalidParam},
		{"publish no content", "ConfigPublishRequest", configBody(map[string]any{"content": ""}), "ConfigPublishResponse", errInvalidParam},
		{"publish content too big", "ConfigPublishRequest", configBody(map[string]any{"content": strings.Repeat("x", 11<<20)}), "ConfigPublishResponse", errInvalidParam},
		{"publish beta listing nobody", "ConfigPublishRequest", configBody(map[string]any{"content": "x", "additionMap": map[string]string{"betaIps": " , "}}), "ConfigPublishResponse", errInvalidParam},
		{"publish tag", "ConfigPublishRequest", configBody(map[string]any{"content": "x", "additionMap": map[string]string{"tag": "t"}}), "ConfigPublishResponse", errInvalidParam},
		{"query bad dataId", "ConfigQueryRequest", configBody(map[string]any{"dataId": "a b", "tag": ""}), "ConfigQueryResponse", errInvalidParam},
		{"query tag", "ConfigQueryRequest", configBody(map[string]any{"tag": "t"}), "ConfigQueryResponse", errInvalidParam},
		{"remove bad group", "ConfigRemoveRequest", configBody(map[string]any{"group": ""}), "ConfigRemoveResponse", errInvalidParam},
		{"listen bad key", "ConfigBatchListenRequest", map[string]any{"listen": true, "configListenContexts": []any{
			map[string]string{"group": "DEFAULT_GROUP", "dataId": "ok", "tenant": "", "md5": ""},
			map[string]string{"group": "DEFAULT_GROUP", "dataId": "", "tenant": "", "md5": ""}}}, "ConfigChangeBatchListenResponse", errInvalidParam},
		{"listen too many", "ConfigBatchListenRequest", func() map[string]any {
			ctxs := make([]any, maxListenContexts+1)
			for i := range ctxs {
				ctxs[i] = map[string]string{"group": "DEFAULT_GROUP", "dataId": fmt.Sprint("d", i), "tenant": "", "md5": ""}
			}
			return map[string]any{"listen": true, "configListenContexts": ctxs}
		}(), "ConfigChangeBatchListenResponse", errInvalidParam},
	}
	e := newEnv(t, envOptions{})
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c := e.namingConn()
			defer e.close(c)
			cc := e.configConn()
			defer e.close(cc)
			conn := c
			if strings.HasPrefix(tc.typ, "Config") {
				conn = cc
			}
			before := e.stored()
			resp := e.call(conn, tc.typ, tc.body)
			a := decodeAnswer(t, resp)
			if a.Type != tc.wantType || a.ErrorCode != tc.wantError || a.ResultCode == codeSuccess || a.Success == nil || *a.Success {
				t.Fatalf("answered %s %s, want %s with errorCode %d", resp.Type, resp.Body, tc.wantType, tc.wantError)
			}
			sdkDecodes(t, resp)
			if a.Message == "" {
				t.Fatalf("%s: no message says why", resp.Body)
			}
			if after := e.stored(); after != before {
				t.Fatalf("stored %v, was %v", after, before)
			}
			if n := e.srv.listeners.count(cc.Conn); n != 0 {
				t.Fatalf("a refused listen left %d listens", n)
			}
			if subs := e.naming.Subscribed(c.ID); len(subs) != 0 {
				t.Fatalf("a refused subscribe left %v", subs)
			}
		})
	}
	if n := e.panics.Load(); n != 0 {
		t.Fatalf("%d handler panics", n)
	}
}

// The good requests the bad ones are variations of do succeed (so the
// table above refuses what is wrong, not everything).
func TestGoodRequests(t *testing.T) {
	e := newEnv(t, envOptions{})
	c, cc := e.namingConn(), e.configConn()
	for _, tc := range []struct {
		conn     *testConn
		typ      string
		body     any
		wantType string
	}{
		{c, "InstanceRequest", register(nil), "InstanceResponse"},
		{c, "BatchInstanceRequest", func() map[string]any { b := batch(3, nil); b["serviceName"] = "many"; return b }(), "BatchInstanceResponse"},
		{c, "BatchInstanceRequest", func() map[string]any { b := batch(maxBatchInstances, nil); b["serviceName"] = "most"; return b }(), "BatchInstanceResponse"},
		{c, "PersistentInstanceRequest", func() map[string]any {
			b := register(map[string]any{"ephemeral": false})
			b["serviceName"] = "durable"
			return b
		}(), "InstanceResponse"},
		{c, "SubscribeServiceRequest", namingBody(map[string]any{"subscribe": true, "clusters": ""}), "SubscribeServiceResponse"},
		{c, "ServiceQueryRequest", namingBody(map[string]any{"cluster": "", "healthyOnly": false}), "QueryServiceResponse"},
		{c, "ServiceListRequest", namingBody(map[string]any{"serviceName": "", "pageNo": 1, "pageSize": 10}), "ServiceListResponse"},
		{c, "HealthCheckRequest", `{"requestId":"","module":"internal"}`, "HealthCheckResponse"},
		{cc, "ConfigPublishRequest", configBody(map[string]any{"content": "x", "casMd5": "", "additionMap": map[string]string{"tag": "", "betaIps": "", "type": "yaml"}}), "ConfigPublishResponse"},
		{cc, "ConfigQueryRequest", configBody(map[string]any{"tag": ""}), "ConfigQueryResponse"},
		{cc, "ConfigBatchListenRequest", map[string]any{"listen": true, "configListenContexts": []any{
			map[string]string{"group": "DEFAULT_GROUP", "dataId": "app", "tenant": "", "md5": ""}}}, "ConfigChangeBatchListenResponse"},
		{cc, "ConfigRemoveRequest", configBody(nil), "ConfigRemoveResponse"},
	} {
		resp := e.call(tc.conn, tc.typ, tc.body)
		a := decodeAnswer(t, resp)
		if a.Type != tc.wantType || a.ResultCode != codeSuccess || a.Success == nil || !*a.Success {
			t.Fatalf("%s: answered %s %.300s", tc.typ, resp.Type, resp.Body)
		}
		sdkDecodes(t, resp)
	}
	if got := e.stored(); got[1] != 1+3+maxBatchInstances+1 {
		t.Fatalf("stored %v", got)
	}
}

// Before its setup a connection's requests wait SetupWait, then are
// answered UN_REGISTER (the SDKs reconnect); a server check is answered
// at once; with auth on a request without a valid token gets its own
// response type with errorCode 403 and changes nothing.
func TestUnregisteredAndUnauthorized(t *testing.T) {
	e := newEnv(t, envOptions{auth: true})
	raw := e.conn("")
	if resp := e.call(raw, "ServerCheckRequest", `{"requestId":"","module":"internal"}`); resp.Type != "ServerCheckResponse" {
		t.Fatalf("server check: %s %s", resp.Type, resp.Body)
	}
	start := time.Now()
	resp := e.call(raw, "InstanceRequest", register(nil))
	if a := decodeAnswer(t, resp); a.Type != "ErrorResponse" || a.ErrorCode != errUnregistered {
		t.Fatalf("before setup: %s %s", resp.Type, resp.Body)
	}
	if waited := time.Since(start); waited < 40*time.Millisecond {
		t.Fatalf("answered unregistered after %v, before SetupWait", waited)
	}
	sdkDecodes(t, resp)

	c, cc := e.namingConn(), e.configConn()
	for _, headers := range []map[string]string{nil, {"accessToken": "forged"}, {"accessToken": ""}, {"Authorization": "Bearer forged"}} {
		for _, r := range []struct {
			conn     *testConn
			typ      string
			body     any
			wantType string
		}{
			{c, "InstanceRequest", register(nil), "InstanceResponse"},
			{c, "BatchInstanceRequest", batch(2, nil), "BatchInstanceResponse"},
			{c, "PersistentInstanceRequest", register(map[string]any{"ephemeral": false}), "InstanceResponse"},
			{c, "SubscribeServiceRequest", namingBody(map[string]any{"subscribe": true}), "SubscribeServiceResponse"},
			{c, "ServiceQueryRequest", namingBody(nil), "QueryServiceResponse"},
			{c, "ServiceListRequest", namingBody(map[string]any{"pageNo": 1, "pageSize": 10}), "ServiceListResponse"},
			{cc, "ConfigPublishRequest", configBody(map[string]any{"content": "x"}), "ConfigPublishResponse"},
			{cc, "ConfigQueryRequest", configBody(nil), "ConfigQueryResponse"},
			{cc, "ConfigRemoveRequest", configBody(nil), "ConfigRemoveResponse"},
			{cc, "ConfigBatchListenRequest", map[string]any{"listen": true, "configListenContexts": []any{
				map[string]string{"group": "DEFAULT_GROUP", "dataId": "app", "tenant": "", "md5": ""}}}, "ConfigChangeBatchListenResponse"},
		} {
			resp := e.callWith(r.conn, r.typ, r.body, headers)
			if a := decodeAnswer(t, resp); a.Type != r.wantType || a.ErrorCode != errNoRight || a.ResultCode != codeFail {
				t.Fatalf("%s with %v: %s %s", r.typ, headers, resp.Type, resp.Body)
			}
			sdkDecodes(t, resp)
		}
	}
	if got := e.stored(); got != [3]int{} {
		t.Fatalf("unauthorized requests stored %v", got)
	}
	if n := e.srv.listeners.count(cc.Conn); n != 0 {
		t.Fatalf("an unauthorized listen was recorded")
	}
	if resp := e.callWith(c, "HealthCheckRequest", `{}`, nil); resp.Type != "HealthCheckResponse" {
		t.Fatalf("health check without a token: %s %s", resp.Type, resp.Body)
	}
	if resp := e.call(c, "InstanceRequest", register(nil)); decodeAnswer(t, resp).ResultCode != codeSuccess {
		t.Fatalf("with the token: %s %s", resp.Type, resp.Body)
	}
}

// ServiceListRequest pages as Nacos's handler does (pageServiceName with
// Java ints): page 0 is the first, a page size of 0 an empty page, any
// size is served, a negative one is refused; count is every service.
func TestServiceListPagesAsNacos(t *testing.T) {
	e := newEnv(t, envOptions{})
	for _, name := range []string{"a", "b", "c"} {
		if err := e.naming.Register(context.Background(), naming.Instance{Service: naming.ServiceKey{Namespace: "public",
			Group: "DEFAULT_GROUP", Name: name}, IP: "10.0.0.1", Port: 80, Cluster: "DEFAULT", Weight: 1, Enabled: true,
			Healthy: true, Ephemeral: true}); err != nil {
			t.Fatal(err)
		}
	}
	c := e.namingConn()
	for _, tc := range []struct {
		pageNo, pageSize int64
		want             string
		code             int
	}{
		{1, 2, "a,b", 0},
		{2, 2, "c", 0},
		{0, 2, "a,b", 0},
		{-3, 2, "a,b", 0},
		{1, 0, "", 0},
		{3, 2, "", 0},
		{1, math.MaxInt32, "a,b,c", 0},
		{1, -1, "", errInvalidParam},
		{1, math.MaxInt32 + 1, "", errInvalidParam},
	} {
		resp := e.call(c, "ServiceListRequest", namingBody(map[string]any{"serviceName": "", "pageNo": tc.pageNo, "pageSize": tc.pageSize}))
		var got struct {
			ResultCode   int      `json:"resultCode"`
			ErrorCode    int      `json:"errorCode"`
			Count        int      `json:"count"`
			ServiceNames []string `json:"serviceNames"`
		}
		if err := json.Unmarshal(resp.Body, &got); err != nil {
			t.Fatal(err)
		}
		if tc.code != 0 {
			if got.ErrorCode != tc.code {
				t.Errorf("page %d size %d: answered %s, want error %d", tc.pageNo, tc.pageSize, resp.Body, tc.code)
			}
			continue
		}
		if got.ResultCode != codeSuccess || got.Count != 3 || strings.Join(got.ServiceNames, ",") != tc.want {
			t.Errorf("page %d size %d: answered %s, want %q of 3", tc.pageNo, tc.pageSize, resp.Body, tc.want)
		}
	}
}

// A persistent instance sent over gRPC is found by address, as one sent
// over HTTP: registered in c1, deregistered naming no cluster, it goes;
// registered again in c2, it moves rather than doubling.
func TestPersistentInstanceFoundByAddress(t *testing.T) {
	e := newEnv(t, envOptions{})
	c := e.namingConn()
	send := func(typ, cluster string) {
		t.Helper()
		b := register(map[string]any{"ephemeral": false, "clusterName": cluster})
		b["type"] = typ
		if a := decodeAnswer(t, e.call(c, "PersistentInstanceRequest", b)); a.ResultCode != codeSuccess {
			t.Fatalf("%s in %q: %+v", typ, cluster, a)
		}
	}
	list := func() string {
		l, err := e.naming.ListInstances(naming.ServiceKey{Namespace: "public", Group: "DEFAULT_GROUP", Name: "orders"}, naming.Query{})
		if err != nil {
			return ""
		}
		var out []string
		for _, in := range l.Instances {
			out = append(out, in.Address()+"@"+in.Cluster)
		}
		return strings.Join(out, ",")
	}
	send("registerInstance", "c1")
	send("registerInstance", "c2")
	if got := list(); got != "10.0.0.1:8080@c2" {
		t.Fatalf("after registering in c1 then c2: %q", got)
	}
	send("deregisterInstance", "")
	if got := list(); got != "" {
		t.Fatalf("after deregistering without a cluster: %q", got)
	}
}
