// The SDK publishes with a fixed 3 s timeout, which 10 MiB of JSON each
// way does not meet under the race detector; the large-content path runs
// under -race in registry/config and the HTTP dialects' tests.

//go:build !race

package nacosgrpc

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/nacos-group/nacos-sdk-go/v2/clients"
	"github.com/nacos-group/nacos-sdk-go/v2/vo"
)

// Nacos's default maxContent, 10 MiB, through the real Go SDK: published
// and read back whole over gRPC; one char more is refused, nothing stored.
// The SDK takes at most 10 MiB per message by default, so a 10 MiB content
// in its JSON answer needs a larger bound, as it does against Nacos.
func TestGoSDKTenMiBConfig(t *testing.T) {
	t.Setenv("nacos.remote.client.grpc.maxinbound.message.size", strconv.Itoa(maxMessage))
	e := newEnv(t, envOptions{})
	param := e.serve(t)
	cfg, err := clients.NewConfigClient(param)
	if err != nil {
		t.Fatal(err)
	}
	defer cfg.CloseClient()
	// The SDK writes its local cache of what it read in the background;
	// the temporary directory can go only once that is done.
	t.Cleanup(func() { waitForFile(filepath.Join(param.ClientConfig.CacheDir, "config", "big@@G@@"), 10<<20) })
	big := strings.Repeat("abcdefgh", (10<<20)/8)
	if ok, err := cfg.PublishConfig(vo.ConfigParam{DataId: "big", Group: "G", Content: big}); !ok || err != nil {
		t.Fatalf("publish 10 MiB: %v %v", ok, err)
	}
	got, err := cfg.GetConfig(vo.ConfigParam{DataId: "big", Group: "G"})
	if err != nil || got != big {
		t.Fatalf("read back %d bytes: %v", len(got), err)
	}
	if ok, err := cfg.PublishConfig(vo.ConfigParam{DataId: "big2", Group: "G", Content: big + "x"}); ok || err == nil {
		t.Fatalf("10 MiB + 1 accepted: %v %v", ok, err)
	} else if !strings.Contains(err.Error(), "invalid content, over 10485760") {
		t.Fatalf("10 MiB + 1: %v", err)
	}
	if _, err := e.config.Get("", "G", "big2"); err == nil {
		t.Fatal("the refused config was stored")
	}
}

// waitForFile waits (up to 10 s) until path holds at least size bytes.
func waitForFile(path string, size int64) {
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		if fi, err := os.Stat(path); err == nil && fi.Size() >= size {
			time.Sleep(50 * time.Millisecond) // the writer closing it
			return
		}
	}
}
