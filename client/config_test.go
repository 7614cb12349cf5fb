package client

import (
	"os"
	"path/filepath"
	"testing"
	"time"
)

func TestConfigSavesPrivatelyAndLoads(t *testing.T) {
	path := filepath.Join(t.TempDir(), "causeway", "config.yaml")
	in := Config{Server: "http://h:1", Username: "nacos", AccessToken: "tok", Expiry: time.Date(2030, 1, 2, 3, 4, 5, 0, time.UTC)}
	if err := in.Save(path); err != nil {
		t.Fatal(err)
	}
	st, err := os.Stat(path)
	if err != nil || st.Mode().Perm() != 0o600 {
		t.Fatalf("mode %v, %v: want 0600", st.Mode(), err)
	}
	out, err := LoadConfig(path)
	if err != nil || out != in {
		t.Fatalf("loaded %+v, %v; want %+v", out, err, in)
	}
	if missing, err := LoadConfig(filepath.Join(t.TempDir(), "none.yaml")); err != nil || missing != (Config{}) {
		t.Fatalf("missing file: %+v %v", missing, err)
	}
}

func TestConfigResolve(t *testing.T) {
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	live := Config{Server: "http://saved", AccessToken: "saved", Expiry: now.Add(time.Hour)}
	dead := Config{Server: "http://saved", AccessToken: "saved", Expiry: now.Add(-time.Hour)}
	cases := []struct {
		name              string
		cfg               Config
		envServer, envTok string
		server, token     string
		expired           bool
	}{
		{"nothing saved", Config{}, "", "", DefaultServer, "", false},
		{"saved", live, "", "", "http://saved", "saved", false},
		{"expired is not sent", dead, "", "", "http://saved", "", true},
		{"env beats saved", dead, "http://env", "envtok", "http://env", "envtok", false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Setenv(EnvServer, tc.envServer)
			t.Setenv(EnvToken, tc.envTok)
			s, tok, exp := tc.cfg.Resolve(now)
			if s != tc.server || tok != tc.token || exp != tc.expired {
				t.Fatalf("got %q %q %v, want %q %q %v", s, tok, exp, tc.server, tc.token, tc.expired)
			}
		})
	}
}

func TestSyncState(t *testing.T) {
	n := Node{Sent: map[string]string{TypeCDS: "2", TypeLDS: "3", TypeRDS: "4"},
		Acked: map[string]string{TypeCDS: "2", TypeLDS: "2", TypeRDS: "3"}, LastNack: TypeRDS + ": bad route"}
	cases := []struct{ typ, state, nack string }{
		{TypeCDS, Synced, ""}, {TypeLDS, Stale, ""}, {TypeRDS, Nacked, "bad route"}, {TypeEDS, NotSent, ""}}
	for _, tc := range cases {
		if state, nack := n.SyncState(tc.typ); state != tc.state || nack != tc.nack {
			t.Errorf("%s: %s %q, want %s %q", tc.typ, state, nack, tc.state, tc.nack)
		}
	}
}
