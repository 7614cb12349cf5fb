package v1

import (
	"encoding/json"
	"testing"

	"github.com/causeway-dev/causeway/registry/naming"
)

// TestHostJSONBytes pins a host's exact bytes: instanceId first, then the
// shared api Instance fields, then valid and marked. The list checksum is
// computed over these bytes, so it is pinned too.
func TestHostJSONBytes(t *testing.T) {
	k := naming.ServiceKey{Namespace: "public", Group: "G", Name: "s"}
	in := &naming.Instance{Service: k, IP: "10.0.0.1", Port: 80, Cluster: "c1", Weight: 2.5, Enabled: true,
		Healthy: true, Ephemeral: true, Metadata: map[string]string{
			naming.MetaBeatInterval: "2000", "preserved.instance.id.generator": "snowflake", "v": "1"}}
	bare := &naming.Instance{Service: k, IP: "10.0.0.2", Port: 81, Cluster: "DEFAULT", Weight: 1}
	want := `{"instanceId":"10.0.0.1#80#c1#G@@s","ip":"10.0.0.1","port":80,"weight":2.5,"healthy":true,` +
		`"enabled":true,"ephemeral":true,"clusterName":"c1","serviceName":"G@@s","metadata":` +
		`{"preserved.heart.beat.interval":"2000","preserved.instance.id.generator":"snowflake","v":"1"},` +
		`"instanceHeartBeatInterval":2000,"instanceHeartBeatTimeOut":15000,"ipDeleteTimeout":30000,` +
		`"instanceIdGenerator":"snowflake","valid":true,"marked":false}`
	if got, err := json.Marshal(renderHost(in)); err != nil || string(got) != want {
		t.Fatalf("host:\n got %s %v\nwant %s", got, err, want)
	}
	// A whole weight is a Java double, as Nacos's Jackson writes it.
	wantBare := `{"instanceId":"10.0.0.2#81#DEFAULT#G@@s","ip":"10.0.0.2","port":81,"weight":1.0,"healthy":false,` +
		`"enabled":false,"ephemeral":false,"clusterName":"DEFAULT","serviceName":"G@@s","metadata":{},` +
		`"instanceHeartBeatInterval":5000,"instanceHeartBeatTimeOut":15000,"ipDeleteTimeout":30000,` +
		`"instanceIdGenerator":"simple","valid":false,"marked":false}`
	if got, err := json.Marshal(renderHost(bare)); err != nil || string(got) != wantBare {
		t.Fatalf("bare host:\n got %s %v\nwant %s", got, err, wantBare)
	}
	info := renderServiceInfo(k, "c1", []*naming.Instance{in, bare}, false, 10000, 1700000000000)
	if info.Checksum != "a449b58cff7e3ce3bebb16d27170e5fb" {
		t.Fatalf("checksum %s", info.Checksum)
	}
}
