package naming

import (
	"strings"
	"testing"
)

func TestSetSwitch(t *testing.T) {
	s := DefaultSwitches()
	for _, kv := range [][2]string{{"check", "false"}, {"clientBeatInterval", "6000"}, {"masters", "a,b"},
		{"tcpHealthParams", `{"max":6000,"min":600,"factor":0.5}`}, {"overriddenServerStatus", "DOWN"}} {
		if known, err := SetSwitch(&s, kv[0], kv[1]); !known || err != nil {
			t.Fatalf("%s=%s: %v %v", kv[0], kv[1], known, err)
		}
	}
	if s.HealthCheckEnabled || s.ClientBeatInterval != 6000 || !strings.Contains(string(s.Other["tcpHealthParams"]), `"min":600`) {
		t.Errorf("switches %+v", s)
	}
	if known, err := SetSwitch(&s, "noSuchEntry", "x"); known || err != nil {
		t.Errorf("unknown entry: %v %v", known, err)
	}
	for _, kv := range [][3]string{
		{"check", "nope", `"nope" is not a valid boolean`}, {"distroThreshold", "-1", "-1.0"},
		{"pushVersion", "rust:1.0.0", "unsupported client type: rust"}, {"limitedUrlMap", "x", "invalid input"},
		{"httpHealthParams", `{"max":5000,"min":100,"factor":0.5}`, "(<500)"},
	} {
		before := s.Clone()
		if _, err := SetSwitch(&s, kv[0], kv[1]); err == nil || !strings.Contains(err.Error(), kv[2]) {
			t.Errorf("%s=%s: %v", kv[0], kv[1], err)
		}
		if string(before.Other[kv[0]]) != string(s.Other[kv[0]]) {
			t.Errorf("%s=%s changed the switch", kv[0], kv[1])
		}
	}
}
