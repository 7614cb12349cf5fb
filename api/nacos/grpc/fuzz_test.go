package nacosgrpc

import (
	"encoding/json"
	"strings"
	"testing"
	"time"
)

// responseTypes are the answers a client may get to a unary request.
func (e *env) responseTypes(typ string) []string {
	if typ == "ServerCheckRequest" {
		return []string{"ServerCheckResponse"}
	}
	if h := e.srv.handlers[typ]; h != nil {
		return []string{h.respType, "ErrorResponse"}
	}
	return []string{"ErrorResponse"}
}

// checkAnswer holds every unary answer to the rules the SDKs rely on: a
// type the request may have, a JSON body the Go SDK reads into that type,
// success exactly when resultCode is 200, and an ErrorResponse only for
// what Nacos answers one (no handler, unregistered, a body that does not
// parse), never for a handler's failure.
func checkAnswer(t *testing.T, e *env, typ string, resp *Payload) {
	t.Helper()
	if resp == nil {
		t.Fatalf("%s: no answer", typ)
	}
	allowed := e.responseTypes(typ)
	ok := false
	for _, a := range allowed {
		ok = ok || resp.Type == a
	}
	if !ok {
		t.Fatalf("%s answered %s, want one of %v", typ, resp.Type, allowed)
	}
	a := decodeAnswer(t, resp)
	if a.Success == nil || *a.Success != (a.ResultCode == codeSuccess) {
		t.Fatalf("%s: success does not mirror resultCode: %s", resp.Type, resp.Body)
	}
	sdkDecodes(t, resp)
	if resp.Type == "ErrorResponse" {
		switch a.ErrorCode {
		case errNoHandler, errUnregistered, errBadRequest:
		default:
			t.Fatalf("%s answered ErrorResponse %s", typ, resp.Body)
		}
	}
	if n := e.panics.Load(); n != 0 {
		t.Fatalf("%s %s: a handler panicked", typ, resp.Body)
	}
}

// fuzzTypes are the request types the dispatcher knows, and a few it does
// not; the fuzzer picks one by index so it explores bodies rather than
// type names.
var fuzzTypes = []string{"InstanceRequest", "BatchInstanceRequest", "PersistentInstanceRequest",
	"SubscribeServiceRequest", "ServiceQueryRequest", "ServiceListRequest", "HealthCheckRequest",
	"ConfigPublishRequest", "ConfigQueryRequest", "ConfigRemoveRequest", "ConfigBatchListenRequest",
	"ServerCheckRequest", "ConnectionSetupRequest", "NotifySubscriberResponse", ""}

// FuzzRequest feeds arbitrary bodies (and types) to the unary dispatcher
// of a server over in-memory stores, on a set-up naming or config
// connection that closes afterwards: no panic, and every answer is one the
// SDKs understand (checkAnswer). A request that stores something is
// undone when its connection closes, or stays as a persistent instance or
// a config: the fuzzer sees the server in many states.
func FuzzRequest(f *testing.F) {
	for _, m := range sdkMessages() {
		for i, typ := range fuzzTypes {
			if typ == m.typ {
				f.Add(uint8(i), "", m.body)
			}
		}
	}
	f.Add(uint8(0), "", []byte(`{"type":"registerInstance","instance":{"ip":"1.1.1.1","port":1,"metadata":null}}`))
	f.Add(uint8(1), "", []byte(`{"type":"batchRegisterInstance","instances":[null,{}]}`))
	f.Add(uint8(10), "", []byte(`{"listen":true,"configListenContexts":[null]}`))
	f.Add(uint8(7), "", []byte(`{"dataId":"a","group":"g","content":"x","additionMap":{"type":null}}`))
	f.Add(uint8(255), "SomethingElse", []byte(`{}`))
	e := newEnv(f, envOptions{})
	f.Fuzz(func(t *testing.T, pick uint8, other string, body []byte) {
		e.t = t // the iterations of a fuzz worker run one at a time
		typ := other
		if int(pick) < len(fuzzTypes) {
			typ = fuzzTypes[pick]
		}
		c := e.namingConn()
		if strings.HasPrefix(typ, "Config") {
			e.close(c)
			c = e.configConn()
		}
		defer e.close(c)
		start := time.Now()
		defer func() {
			if d := time.Since(start); d > 5*time.Second {
				t.Fatalf("%s %.200q took %v", typ, body, d)
			}
		}()
		checkAnswer(t, e, typ, e.call(c, typ, body))
		// The same body once more on the same connection (a redo).
		checkAnswer(t, e, typ, e.call(c, typ, body))
	})
}

// FuzzBiStream feeds arbitrary messages to the bi-stream handler: the
// first on a fresh connection (its setup, or not), the second after a
// setup like the Go SDK's (acks of pushes in flight, or stray requests).
// No panic; the only message the server ever sends back is the
// SetupAckRequest of a setup with an ability table; a business request on
// a connection the fuzzer set up (or did not) is answered like any other.
func FuzzBiStream(f *testing.F) {
	for _, m := range sdkMessages() {
		f.Add(m.typ, m.body, m.typ, m.body)
	}
	f.Add("ConnectionSetupRequest", []byte(`{"clientVersion":"Nacos-Java-Client:v2.5.1","labels":{"module":"naming"},"abilityTable":{},"module":"internal","headers":{}}`),
		"NotifySubscriberResponse", []byte(`{"resultCode":200,"requestId":"1"}`))
	f.Add("ConnectionSetupRequest", []byte(`{"labels":null,"abilityTable":null}`), "ClientDetectionResponse", []byte(`{"requestId":"x","resultCode":"200"}`))
	f.Add("ConnectionSetupRequest", []byte(`{"labels":{"module":"config"},"tenant":"dev"}`), "ConfigChangeNotifyResponse", []byte(`{"requestId":1}`))
	e := newEnv(f, envOptions{})
	f.Fuzz(func(t *testing.T, typ1 string, body1 []byte, typ2 string, body2 []byte) {
		e.t = t
		c := e.conn("")
		defer e.close(c)
		e.srv.fromStream(c.Conn, &Payload{Type: typ1, Body: body1})
		for _, p := range drained(c) {
			if p.Type != "SetupAckRequest" || typ1 != "ConnectionSetupRequest" {
				t.Fatalf("after %s %q the server sent %s %s", typ1, body1, p.Type, p.Body)
			}
			var ack struct {
				RequestID    string          `json:"requestId"`
				AbilityTable map[string]bool `json:"abilityTable"`
			}
			if err := json.Unmarshal(p.Body, &ack); err != nil || !ack.AbilityTable["supportPersistentInstanceByGrpc"] {
				t.Fatalf("setup ack %s: %v", p.Body, err)
			}
		}
		set := c.Setup() != nil
		if typ1 == "ConnectionSetupRequest" {
			var probe map[string]any
			if json.Unmarshal(body1, &probe) == nil && !set {
				// A setup that parses as an object may still fail the
				// typed decode (a label that is not a string): then the
				// connection stays unregistered, which the SDK survives by
				// reconnecting.
				var typed setupRequest
				if json.Unmarshal(body1, &typed) == nil {
					t.Fatalf("setup %q did not set the connection up", body1)
				}
			}
		} else if set {
			t.Fatalf("%s set the connection up", typ1)
		}
		if !set {
			e.srv.fromStream(c.Conn, &Payload{Type: "ConnectionSetupRequest",
				Body: []byte(`{"clientVersion":"Nacos-Go-Client:v2.2.7","labels":{"source":"sdk","module":"naming"},"clientAbilities":{}}`)})
		}
		// A push in flight, which the second message may acknowledge.
		acked := make(chan ack, 1)
		c.push(mustEncode("NotifySubscriberRequest", map[string]string{"requestId": "1"}), "1", time.Hour, func(a ack, err error) { acked <- a })
		drained(c)
		e.srv.fromStream(c.Conn, &Payload{Type: typ2, Body: body2})
		for _, p := range drained(c) {
			t.Fatalf("after %s %q the server sent %s %s", typ2, body2, p.Type, p.Body)
		}
		var a ack
		if strings.HasSuffix(typ2, "Response") && json.Unmarshal(body2, &a) == nil && a.RequestID == "1" {
			select {
			case got := <-acked:
				if got.ResultCode != a.ResultCode {
					t.Fatalf("ack %s read as %+v", body2, got)
				}
			default:
				t.Fatalf("the ack %s %s did not reach the push", typ2, body2)
			}
		}
		if e.panics.Load() != 0 {
			t.Fatal("a handler panicked")
		}
	})
}

// drained answers what the server queued on c's bi-stream, once its
// writer has written it all.
func drained(c *testConn) []*Payload {
	for {
		c.mu.Lock()
		busy := c.writing
		c.mu.Unlock()
		if !busy {
			break
		}
		time.Sleep(time.Millisecond)
	}
	var out []*Payload
	for {
		select {
		case p := <-c.out:
			out = append(out, p)
		default:
			return out
		}
	}
}
