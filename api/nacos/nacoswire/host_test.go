package nacoswire

import (
	"encoding/json"
	"errors"
	"testing"
	"time"

	"github.com/causeway-dev/causeway/registry"
	"github.com/causeway-dev/causeway/registry/naming"
)

// TestHostJSON pins the bytes, field order included, that both dialects
// answer for an instance.
func TestHostJSON(t *testing.T) {
	k := naming.ServiceKey{Namespace: "public", Group: "G", Name: "s"}
	for _, c := range []struct {
		in   naming.Instance
		want string
	}{
		{naming.Instance{Service: k, IP: "10.0.0.1", Port: 80, Cluster: "c1", Weight: 2.5, Enabled: true, Healthy: true,
			Ephemeral: true, Metadata: map[string]string{
				naming.MetaBeatInterval: "2000", "preserved.instance.id.generator": "snowflake", "v": "1"}},
			`{"ip":"10.0.0.1","port":80,"weight":2.5,"healthy":true,"enabled":true,"ephemeral":true,` +
				`"clusterName":"c1","serviceName":"G@@s","metadata":{"preserved.heart.beat.interval":"2000",` +
				`"preserved.instance.id.generator":"snowflake","v":"1"},"instanceHeartBeatInterval":2000,` +
				`"instanceHeartBeatTimeOut":15000,"ipDeleteTimeout":30000,"instanceIdGenerator":"snowflake"}`},
		{naming.Instance{Service: k, IP: "10.0.0.2", Port: 81, Cluster: "DEFAULT", Weight: 1},
			`{"ip":"10.0.0.2","port":81,"weight":1.0,"healthy":false,"enabled":false,"ephemeral":false,` +
				`"clusterName":"DEFAULT","serviceName":"G@@s","metadata":{},"instanceHeartBeatInterval":5000,` +
				`"instanceHeartBeatTimeOut":15000,"ipDeleteTimeout":30000,"instanceIdGenerator":"simple"}`},
	} {
		got, err := json.Marshal(NewHost(&c.in))
		if err != nil || string(got) != c.want {
			t.Errorf("host %s:\n got %s %v\nwant %s", c.in.IP, got, err, c.want)
		}
	}
}

func TestNewBeatReply(t *testing.T) {
	sw := naming.DefaultSwitches()
	sw.LightBeatEnabled = false
	res := naming.BeatResult{Interval: 7 * time.Second}
	notFound := registry.Errorf(registry.KindInstanceNotFound, "gone")
	for _, c := range []struct {
		name  string
		err   error
		light bool
		want  BeatReply
		fails bool
	}{
		{"ok", nil, true, BeatReply{ClientBeatInterval: 7000, Code: BeatOK}, false},
		{"light beat of an unknown instance", notFound, true, BeatReply{ClientBeatInterval: 7000, Code: BeatNotFound}, false},
		{"full beat of an unknown instance", notFound, false, BeatReply{}, true},
		{"other error", errors.New("boom"), true, BeatReply{}, true},
	} {
		got, err := NewBeatReply(res, c.err, c.light, sw)
		if got != c.want || (err != nil) != c.fails {
			t.Errorf("%s: %+v, %v", c.name, got, err)
		}
	}
}
