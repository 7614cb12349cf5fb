package e2e

import (
	"crypto/md5" //nolint:gosec // Nacos's content checksum
	"encoding/hex"
	"encoding/json"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
)

// The real Nacos Java SDK 2.5.1 publishes a config of 10 MiB (Nacos's
// default maxContent) over gRPC and reads it back; one char more is refused
// and nothing is stored. Reading 10 MiB back needs the
// client's inbound bound raised above its 10 MiB default, as against Nacos.
func TestNacosJavaSDKTenMiBConfig(t *testing.T) {
	s := start(t, "", "--admin-password", adminPassword)
	logServerOnFailure(t, s)
	token := login(t, s, adminPassword)
	j := launchJava(t, s, "java-big")
	j.waitReady()
	j.must(t, "config", map[string]any{"client": "cfg", "username": "nacos", "password": adminPassword,
		"properties": map[string]any{"nacos.remote.client.grpc.maxinbound.message.size": strconv.Itoa(10<<20 + 64<<10)}})

	big := strings.Repeat("abcdefgh", (10<<20)/8)
	if ok := j.must(t, "publish", map[string]any{"client": "cfg", "dataId": "big.txt", "content": big}); string(ok) != "true" {
		t.Fatalf("publishConfig of 10 MiB: %s", ok)
	}
	var got string
	if err := json.Unmarshal(j.must(t, "get", map[string]any{"client": "cfg", "dataId": "big.txt", "timeoutMs": 10000}), &got); err != nil || got != big {
		t.Fatalf("getConfig: %d bytes, %v", len(got), err)
	}
	sum := md5.Sum([]byte(big)) //nolint:gosec // see the import
	code, body := call(t, http.MethodGet, s.url("/nacos/v1/cs/configs"), url.Values{"dataId": {"big.txt"},
		"group": {"DEFAULT_GROUP"}, "accessToken": {token}, "show": {"all"}})
	if code != http.StatusOK || !strings.Contains(body, `"md5":"`+hex.EncodeToString(sum[:])+`"`) {
		t.Fatalf("show=all over HTTP: %d, %d bytes", code, len(body))
	}

	// The SDK answers a refused publish false (it logs the server's text).
	if ok := j.must(t, "publish", map[string]any{"client": "cfg", "dataId": "big2.txt", "content": big + "x"}); string(ok) != "false" {
		t.Fatalf("publishConfig of 10 MiB + 1: %s", ok)
	}
	if code, _ := call(t, http.MethodGet, s.url("/nacos/v1/cs/configs"), url.Values{"dataId": {"big2.txt"},
		"group": {"DEFAULT_GROUP"}, "accessToken": {token}}); code != http.StatusNotFound {
		t.Fatalf("the refused config: %d", code)
	}
}
