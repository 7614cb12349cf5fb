package nacosgrpc

import (
	"bytes"
	"encoding/json"
	"testing"
)

// A push made of shared pieces encodes exactly as the same payload with a
// whole body, on the server's codec and the clients' one, and decodes
// back to its JSON.
func TestPayloadInPieces(t *testing.T) {
	info := json.RawMessage(`{"name":"orders","hosts":[{"ip":"10.0.0.1","port":8080}]}`)
	pieces := notifyPayload(info, "42")
	pieces.Headers = map[string]string{"b": "2", "a": "1"}
	pieces.ClientIP = "10.0.0.9"
	want := `{"serviceInfo":` + string(info) + `,"module":"naming","requestId":"42","headers":{}}`
	whole := &Payload{Type: pieces.Type, Headers: pieces.Headers, ClientIP: pieces.ClientIP, Body: []byte(want)}

	enc, err := serverCodec{}.Marshal(pieces)
	if err != nil {
		t.Fatal(err)
	}
	if len(enc) < 3 {
		t.Errorf("the pieces were copied into %d buffers", len(enc))
	}
	for _, b := range [][]byte{enc.Materialize(), pieces.Marshal()} {
		if !bytes.Equal(b, whole.Marshal()) {
			t.Fatalf("pieces encode as\n%x\nwhole as\n%x", b, whole.Marshal())
		}
		var back Payload
		if err := back.Unmarshal(b); err != nil {
			t.Fatal(err)
		}
		if back.Type != "NotifySubscriberRequest" || string(back.Body) != want || back.ClientIP != "10.0.0.9" ||
			back.Headers["a"] != "1" || back.Headers["b"] != "2" {
			t.Fatalf("decoded %+v", back)
		}
		if !json.Valid(back.Body) {
			t.Fatalf("not JSON: %s", back.Body)
		}
	}
	var round Payload
	if err := (serverCodec{}).Unmarshal(enc, &round); err != nil || string(round.Body) != want {
		t.Fatalf("server codec decodes %q, %v", round.Body, err)
	}
}

// A service info answer encodes its shared rendering as json.Marshal
// would, without re-encoding it.
func TestServiceInfoResponsePayload(t *testing.T) {
	info := json.RawMessage(`{"name":"orders","hosts":[]}`)
	for _, r := range []*serviceInfoResponse{
		{Response: Response{ResultCode: 200, Message: "success", Success: true}, ServiceInfo: info},
		{Response: failed(errInvalidParam, "bad")},
	} {
		want, err := json.Marshal(r)
		if err != nil {
			t.Fatal(err)
		}
		p := mustEncode("SubscribeServiceResponse", r)
		var back Payload
		if err := back.Unmarshal(p.Marshal()); err != nil {
			t.Fatal(err)
		}
		if string(back.Body) != string(want) || back.Type != "SubscribeServiceResponse" {
			t.Errorf("%s %s, want %s", back.Type, back.Body, want)
		}
	}
}
