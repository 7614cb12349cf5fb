package nacosgrpc

import (
	"bytes"
	"maps"
	"testing"
	"unicode/utf8"

	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/protoadapt"
	"google.golang.org/protobuf/types/known/anypb"

	"github.com/nacos-group/nacos-sdk-go/v2/api/grpc"
	"github.com/nacos-group/nacos-sdk-go/v2/common/remote/rpc/rpc_request"
	"github.com/nacos-group/nacos-sdk-go/v2/common/remote/rpc/rpc_response"
	"github.com/nacos-group/nacos-sdk-go/v2/model"
)

// sdkPayload encodes a payload with the Go SDK's generated Payload, as
// its gRPC connection does (convertRequest / convertResponse).
func sdkPayload(t testing.TB, typ, clientIP string, headers map[string]string, body []byte) []byte {
	t.Helper()
	b, err := proto.Marshal(protoadapt.MessageV2Of(&grpc.Payload{Metadata: &grpc.Metadata{Type: typ, ClientIp: clientIP, Headers: headers},
		Body: &anypb.Any{Value: body}}))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// sdkMessages are requests and push acknowledgements as the Go SDK v2.3.2
// builds them (its own request types, its own JSON), with the headers it
// sends: the seeds of the fuzz targets.
func sdkMessages() []struct {
	typ     string
	headers map[string]string
	body    []byte
} {
	ins := model.Instance{Ip: "10.0.0.1", Port: 8080, Weight: 1, Healthy: true, Enable: true, Ephemeral: true,
		ClusterName: "DEFAULT", Metadata: map[string]string{"version": "1.0.0"}}
	naming := map[string]string{"accessToken": "tok", "app": "demo"}
	cfg := map[string]string{"accessToken": "tok", "Client-AppName": "demo", "Client-RequestTS": "1716900000000",
		"Client-RequestToken": "0123456789abcdef0123456789abcdef", "exConfigInfo": "true", "charset": "utf-8"}
	setup := rpc_request.NewConnectionSetupRequest()
	setup.ClientVersion = "Nacos-Go-Client:v2.2.7"
	setup.Labels = map[string]string{"source": "sdk", "module": "naming"}
	setup.ClientAbilities = rpc_request.ClientAbilities{}
	listen := rpc_request.NewConfigBatchListenRequest(1)
	listen.ConfigListenContexts = append(listen.ConfigListenContexts,
		model.ConfigListenContext{Group: "DEFAULT_GROUP", Md5: "", DataId: "app", Tenant: ""})
	publish := rpc_request.NewConfigPublishRequest("DEFAULT_GROUP", "app", "", "a: 1", "")
	for _, k := range []string{"tag", "config_tags", "appName", "betaIps", "type", "src_user", "encryptedDataKey"} {
		publish.AdditionMap[k] = ""
	}
	query := rpc_request.NewConfigQueryRequest("DEFAULT_GROUP", "app", "")
	reqs := []struct {
		r       rpc_request.IRequest
		headers map[string]string
	}{
		{rpc_request.NewServerCheckRequest(), nil},
		{rpc_request.NewHealthCheckRequest(), nil},
		{setup, nil},
		{rpc_request.NewInstanceRequest("public", "orders", "DEFAULT_GROUP", "registerInstance", ins), naming},
		{rpc_request.NewInstanceRequest("public", "orders", "DEFAULT_GROUP", "deregisterInstance", ins), naming},
		{rpc_request.NewBatchInstanceRequest("public", "orders", "DEFAULT_GROUP", "batchRegisterInstance", []model.Instance{ins, ins}), naming},
		{rpc_request.NewSubscribeServiceRequest("public", "orders", "DEFAULT_GROUP", "", true), naming},
		{rpc_request.NewSubscribeServiceRequest("public", "orders", "DEFAULT_GROUP", "a,b", false), naming},
		{rpc_request.NewServiceQueryRequest("public", "orders", "DEFAULT_GROUP", "", false, 0), naming},
		{rpc_request.NewServiceListRequest("public", "", "DEFAULT_GROUP", 1, 10, ""), naming},
		{listen, cfg},
		{publish, cfg},
		{query, cfg},
		{rpc_request.NewConfigRemoveRequest("DEFAULT_GROUP", "app", ""), cfg},
	}
	var out []struct {
		typ     string
		headers map[string]string
		body    []byte
	}
	for _, r := range reqs {
		out = append(out, struct {
			typ     string
			headers map[string]string
			body    []byte
		}{r.r.GetRequestType(), r.headers, []byte(r.r.GetBody(r.r))})
	}
	acks := []rpc_response.IResponse{
		&rpc_response.NotifySubscriberResponse{Response: &rpc_response.Response{ResultCode: 200, RequestId: "1"}},
		&rpc_response.ClientDetectionResponse{Response: &rpc_response.Response{ResultCode: 200, RequestId: "2"}},
		&rpc_response.ConnectResetResponse{Response: &rpc_response.Response{ResultCode: 200, RequestId: "3"}},
	}
	for _, a := range acks {
		out = append(out, struct {
			typ     string
			headers map[string]string
			body    []byte
		}{a.GetResponseType(), nil, []byte(a.GetBody())})
	}
	return out
}

// The SDK's payloads decode to what it put in them.
func TestPayloadDecodesSDKPayloads(t *testing.T) {
	for _, m := range sdkMessages() {
		var p Payload
		if err := p.Unmarshal(sdkPayload(t, m.typ, "10.1.2.3", m.headers, m.body)); err != nil {
			t.Fatalf("%s: %v", m.typ, err)
		}
		if p.Type != m.typ || p.ClientIP != "10.1.2.3" || !bytes.Equal(p.Body, m.body) || !maps.Equal(p.Headers, m.headers) {
			t.Fatalf("%s decoded as %+v", m.typ, p)
		}
	}
}

// What the server encodes, the SDK's generated code decodes alike.
func TestPayloadEncodesForTheSDK(t *testing.T) {
	p := &Payload{Type: "NotifySubscriberRequest", ClientIP: "10.0.0.1", Headers: map[string]string{"b": "2", "a": "1", "": ""},
		Body: []byte(`{"serviceInfo":{"hosts":[]},"requestId":"7"}`)}
	var got grpc.Payload
	if err := proto.Unmarshal(p.Marshal(), protoadapt.MessageV2Of(&got)); err != nil {
		t.Fatal(err)
	}
	if got.GetMetadata().GetType() != p.Type || got.GetMetadata().GetClientIp() != p.ClientIP ||
		!maps.Equal(got.GetMetadata().GetHeaders(), p.Headers) || !bytes.Equal(got.GetBody().GetValue(), p.Body) {
		t.Fatalf("the SDK decoded %v", &got)
	}
}

// Truncated and malformed messages are errors, not panics; fields the
// server does not know (other numbers, other wire types) are skipped.
func TestPayloadBadInput(t *testing.T) {
	good := sdkPayload(t, "HealthCheckRequest", "1.2.3.4", map[string]string{"k": "v"}, []byte(`{}`))
	for i := range good {
		var p Payload
		_ = p.Unmarshal(good[:i]) // must not panic
	}
	for name, b := range map[string][]byte{
		"bad tag":          {0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01},
		"length too long":  {0x12, 0x7f, 0x01},
		"bad inner":        {0x12, 0x02, 0x1a, 0x05},
		"bad header entry": {0x12, 0x04, 0x3a, 0x02, 0x0a, 0x09},
	} {
		var p Payload
		if err := p.Unmarshal(b); err == nil {
			t.Errorf("%s: decoded as %+v", name, p)
		}
	}
	// A varint field 1 and a fixed64 field 9 before the metadata: skipped.
	b := append([]byte{0x08, 0x96, 0x01, 0x49, 1, 2, 3, 4, 5, 6, 7, 8}, good...)
	var p Payload
	if err := p.Unmarshal(b); err != nil || p.Type != "HealthCheckRequest" {
		t.Fatalf("unknown fields: %+v %v", p, err)
	}
	// More headers than maxHeaders: refused.
	many := map[string]string{}
	for i := range maxHeaders + 1 {
		many[string(rune('a'+i%26))+uitoa(uint64(i))] = "v"
	}
	if err := p.Unmarshal(sdkPayload(t, "X", "", many, nil)); err == nil {
		t.Fatal("a payload of too many headers decoded")
	}
}

// FuzzPayloadUnmarshal decodes arbitrary bytes as a Payload. It must not
// panic; whatever it decodes must encode and decode to the same payload;
// and whatever the SDK's generated code (google.golang.org/protobuf)
// decodes, it must decode too, to the same values.
func FuzzPayloadUnmarshal(f *testing.F) {
	for _, m := range sdkMessages() {
		f.Add(sdkPayload(f, m.typ, "10.1.2.3", m.headers, m.body))
	}
	f.Add([]byte{})
	f.Add([]byte{0x12, 0x00, 0x1a, 0x00})
	f.Fuzz(func(t *testing.T, b []byte) {
		var p Payload
		err := p.Unmarshal(b)
		if err == nil {
			var again Payload
			if err := again.Unmarshal(p.Marshal()); err != nil {
				t.Fatalf("re-decoding %+v: %v", p, err)
			}
			if again.Type != p.Type || again.ClientIP != p.ClientIP || !bytes.Equal(again.Body, p.Body) ||
				len(again.Headers) != len(p.Headers) || (len(p.Headers) > 0 && !maps.Equal(again.Headers, p.Headers)) {
				t.Fatalf("round trip: %+v became %+v", p, again)
			}
		}
		var ref grpc.Payload
		if proto.Unmarshal(b, protoadapt.MessageV2Of(&ref)) != nil || len(ref.GetMetadata().GetHeaders()) > maxHeaders {
			return
		}
		if err != nil {
			t.Fatalf("the SDK decodes %x as %v; the server: %v", b, &ref, err)
		}
		md := ref.GetMetadata()
		if p.Type != md.GetType() || p.ClientIP != md.GetClientIp() || !bytes.Equal(p.Body, ref.GetBody().GetValue()) ||
			len(p.Headers) != len(md.GetHeaders()) || (len(p.Headers) > 0 && !maps.Equal(p.Headers, md.GetHeaders())) {
			t.Fatalf("%x: the SDK decodes %v, the server %+v", b, &ref, p)
		}
		if !utf8.ValidString(p.Type) {
			t.Fatalf("the SDK took an invalid UTF-8 type %q", p.Type)
		}
	})
}
