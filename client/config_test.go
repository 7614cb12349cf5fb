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
	at := time.Date(2026, 12, 6, 12, 0, 0, 0, time.UTC)
	sent := map[string]string{TypeCDS: "2", TypeLDS: "3", TypeRDS: "4"}
	acked := map[string]string{TypeCDS: "2", TypeLDS: "2", TypeRDS: "3"}
	cases := []struct {
		name            string
		node            Node
		typ, state, err string
	}{
		{"acked", Node{Sent: sent, Acked: acked, Nacks: map[string]Nack{}}, TypeCDS, Synced, ""},
		{"in flight", Node{Sent: sent, Acked: acked, Nacks: map[string]Nack{}}, TypeLDS, Stale, ""},
		{"not sent", Node{Sent: sent, Acked: acked, Nacks: map[string]Nack{}}, TypeEDS, NotSent, ""},
		{"refused", Node{Sent: sent, Acked: acked, Nacks: map[string]Nack{TypeRDS: {"4", "bad route", at}}}, TypeRDS, Nacked, "bad route"},
		{"two types refused", Node{Sent: sent, Acked: acked, Nacks: map[string]Nack{TypeRDS: {"4", "bad route", at},
			TypeLDS: {"3", "bind", at}}}, TypeLDS, Nacked, "bind"},
		{"refused, a newer one in flight", Node{Sent: sent, Acked: acked, Nacks: map[string]Nack{TypeRDS: {"3x", "old", at}}},
			TypeRDS, Stale, ""},
		{"an old server's lastNack", Node{Sent: sent, Acked: acked, LastNack: TypeRDS + ": bad route"}, TypeRDS, Nacked, "bad route"},
		{"an old server's lastNack since acked", Node{Sent: sent, Acked: acked, LastNack: TypeCDS + ": old"}, TypeCDS, Synced, ""},
	}
	for _, tc := range cases {
		if state, err := tc.node.SyncState(tc.typ); state != tc.state || err != tc.err {
			t.Errorf("%s: %s %q, want %s %q", tc.name, state, err, tc.state, tc.err)
		}
	}
}
