//go:build !wasm

// proxytest, the host emulator, exists only off wasm (the SDK swaps its
// mock host in under the same tag), so these tests run on the build host.

package wasmhttp

import (
	"testing"

	"github.com/proxy-wasm/proxy-wasm-go-sdk/proxywasm/proxytest"
	"github.com/proxy-wasm/proxy-wasm-go-sdk/proxywasm/types"
)

func TestHeaderName(t *testing.T) {
	cases := []struct {
		in, want string
		ok       bool
	}{
		{"x-api-key", "x-api-key", true},
		{"X-Api-Key", "x-api-key", true},
		{"x_odd.name~1", "x_odd.name~1", true},
		{"", "", false},
		{":path", "", false},
		{":authority", "", false},
		{"x key", "", false},
		{"x:key", "", false},
		{"x\nkey", "", false},
		{"x-é", "", false},
		{"(x)", "", false},
	}
	for _, c := range cases {
		got, err := HeaderName(c.in)
		if got != c.want || (err == nil) != c.ok {
			t.Errorf("HeaderName(%q) = %q, %v; want %q, ok %v", c.in, got, err, c.want, c.ok)
		}
	}
}

func TestHeaderValue(t *testing.T) {
	cases := []struct {
		in string
		ok bool
	}{
		{"", true},
		{"plain value", true},
		{"tab\there", true},
		{"utf-8 é", true},
		{"a\r\nb", false},
		{"a\nb", false},
		{"nul\x00", false},
		{"del\x7f", false},
	}
	for _, c := range cases {
		if err := HeaderValue(c.in); (err == nil) != c.ok {
			t.Errorf("HeaderValue(%q) = %v, want ok %v", c.in, err, c.ok)
		}
	}
}

type replier struct {
	types.DefaultHttpContext
	status  uint32
	message string
	headers [][2]string
}

func (r *replier) OnHttpRequestHeaders(int, bool) types.Action {
	if err := Reply(r.status, r.message, r.headers...); err != nil {
		panic(err)
	}
	return types.ActionPause
}

func TestReply(t *testing.T) {
	cases := []struct {
		desc     string
		status   uint32
		message  string
		headers  [][2]string
		wantBody string
		want     [][2]string
	}{
		{"plain", 403, "forbidden", nil, `{"message":"forbidden"}`,
			[][2]string{{"content-type", "application/json"}}},
		{"escaped, with a header", 401, `say "hi"`, [][2]string{{"www-authenticate", `Key realm="causeway"`}},
			`{"message":"say \"hi\""}`,
			[][2]string{{"content-type", "application/json"}, {"www-authenticate", `Key realm="causeway"`}}},
	}
	for _, c := range cases {
		t.Run(c.desc, func(t *testing.T) {
			opt := proxytest.NewEmulatorOption().WithHttpContext(func(uint32) types.HttpContext {
				return &replier{status: c.status, message: c.message, headers: c.headers}
			})
			h, reset := proxytest.NewHostEmulator(opt)
			defer reset()
			id := h.InitializeHttpContext()
			if a := h.CallOnRequestHeaders(id, nil, true); a != types.ActionPause {
				t.Fatalf("action %v", a)
			}
			r := h.GetSentLocalResponse(id)
			if r == nil || r.StatusCode != c.status || string(r.Data) != c.wantBody || r.GRPCStatus != -1 {
				t.Fatalf("sent %+v", r)
			}
			if len(r.Headers) != len(c.want) {
				t.Fatalf("headers %v, want %v", r.Headers, c.want)
			}
			for i := range c.want {
				if r.Headers[i] != c.want[i] {
					t.Fatalf("headers %v, want %v", r.Headers, c.want)
				}
			}
		})
	}
}
