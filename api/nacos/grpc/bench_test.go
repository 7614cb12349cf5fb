package nacosgrpc

import (
	"encoding/json"
	"fmt"
	"sync/atomic"
	"testing"

	"github.com/causeway-dev/causeway/api/nacos/nacoswire"
	"github.com/causeway-dev/causeway/registry/naming"
)

// renderedService is a 100-instance service as subscribers get it.
func renderedService(b *testing.B) json.RawMessage {
	k := naming.ServiceKey{Namespace: "public", Group: "DEFAULT_GROUP", Name: "orders"}
	info := serviceInfo{Name: k.Name, GroupName: k.Group, CacheMillis: cacheMillis, Valid: true, LastRefTime: 1}
	for i := range 100 {
		in := naming.Instance{Service: k, IP: fmt.Sprintf("10.0.0.%d", i), Port: 8080, Cluster: "DEFAULT", Weight: 1,
			Healthy: true, Enabled: true, Ephemeral: true, Metadata: map[string]string{}}
		info.Hosts = append(info.Hosts, hostJSON{InstanceID: in.ID(), Host: nacoswire.NewHost(&in)})
	}
	raw, err := json.Marshal(info)
	if err != nil {
		b.Fatal(err)
	}
	return raw
}

// BenchmarkPushEncode is what each subscriber of a changed service costs
// the server before gRPC frames it: the NotifySubscriberRequest around the
// service's shared rendering, and its Payload encoding.
func BenchmarkPushEncode(b *testing.B) {
	raw := renderedService(b)
	b.SetBytes(int64(len(raw)))
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		out, err := serverCodec{}.Marshal(notifyPayload(raw, uitoa(uint64(i))))
		if err != nil || out.Len() < len(raw) {
			b.Fatal(err)
		}
	}
}

// BenchmarkSubscribeAnswer: the answer to a subscription of a
// 100-instance service, encoded for the transport.
func BenchmarkSubscribeAnswer(b *testing.B) {
	raw := renderedService(b)
	b.SetBytes(int64(len(raw)))
	b.ReportAllocs()
	for b.Loop() {
		r := ok()
		r.Message = "success"
		out, err := serverCodec{}.Marshal(mustEncode("SubscribeServiceResponse", &serviceInfoResponse{Response: r, ServiceInfo: raw}))
		if err != nil || out.Len() < len(raw) {
			b.Fatal(err)
		}
	}
}

// BenchmarkInstanceRequest: an InstanceRequest from its wire form to its
// answer's, 64 connections each replacing its instance in one of 100
// services with a new address every time (a put and a delete), as the
// bench harness's registration run does, over the in-memory store.
func BenchmarkInstanceRequest(b *testing.B) {
	e := newEnv(b, envOptions{})
	conns := make(chan *testConn, 64)
	for range 64 {
		conns <- e.namingConn()
	}
	bodies := make([][]byte, 4096)
	for i := range bodies {
		body := register(map[string]any{"ip": fmt.Sprintf("10.1.%d.%d", i>>8, i&255)})
		body["serviceName"] = fmt.Sprintf("reg-%d", i%100)
		raw, err := json.Marshal(body)
		if err != nil {
			b.Fatal(err)
		}
		bodies[i] = (&Payload{Type: "InstanceRequest", ClientIP: "10.9.9.9", Headers: map[string]string{"app": "bench"}, Body: raw}).Marshal()
	}
	var seq atomic.Int64
	b.ReportAllocs()
	b.SetParallelism(32)
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			c := <-conns
			var p Payload
			if err := p.Unmarshal(bodies[seq.Add(1)%int64(len(bodies))]); err != nil {
				b.Error(err)
			}
			if resp := e.srv.request(c.ctx, &p); resp.Type != "InstanceResponse" {
				b.Errorf("answered %s", resp.Type)
			}
			conns <- c
		}
	})
}
