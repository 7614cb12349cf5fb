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
	info := renderServiceInfo(k, "c1", []*naming.Instance{in, bare}, false, 10000, 1700000000000)
	if info.Checksum != "526f053efaf181d6d30f126c1ab41fc6" {
		t.Fatalf("checksum %s", info.Checksum)
	}
}
