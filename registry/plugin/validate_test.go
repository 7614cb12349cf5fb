package plugin

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/causeway-dev/causeway/registry"
)

func TestPrepareDefaultsAndNormalises(t *testing.T) {
	sum := strings.Repeat("AB", 32)
	p, err := Prepare(gwKey, Input{Name: "p", URL: " https://example.com/p.wasm ", SHA256: sum, Config: []byte(" null ")})
	if err != nil {
		t.Fatal(err)
	}
	if p.SHA256 != strings.ToLower(sum) || p.URL != "https://example.com/p.wasm" || string(p.Config) != "{}" ||
		p.Phase != PhaseUnspecified || p.ImagePullPolicy != PullUnspecified || p.FailStrategy != FailClose {
		t.Fatalf("%+v", p)
	}
	up := strings.Repeat("c", 64)
	if p, err := Prepare(gwKey, Input{Name: "p", URL: "causeway://" + strings.ToUpper(up)}); err != nil || p.URL != "causeway://"+up {
		t.Fatalf("causeway url: %+v %v", p, err)
	}
	_, err = Prepare(gwKey, Input{Name: "p", URL: "causeway://" + up, SHA256: strings.Repeat("d", 64)})
	wantKind(t, err, registry.KindInvalid, "sha256: "+strings.Repeat("d", 64)+" differs from the sha256 of the url")
	for _, u := range []string{"oci://registry.example.com/ns/plugin:1.0", "oci://127.0.0.1:5000/ns/p@sha256:" + up, "http://h/p.wasm"} {
		if _, err := Prepare(gwKey, Input{Name: "p", URL: u}); err != nil {
			t.Errorf("%s: %v", u, err)
		}
	}
	for _, u := range []string{"oci://plugin", "oci://", "http:///p.wasm", "://x", "p.wasm"} {
		if _, err := Prepare(gwKey, Input{Name: "p", URL: u}); err == nil {
			t.Errorf("%s was accepted", u)
		}
	}
	for _, pr := range []int64{MinPriority, MaxPriority, 0} {
		if p, err := Prepare(gwKey, Input{Name: "p", URL: "http://h/p", Priority: &pr}); err != nil || int64(p.Priority) != pr {
			t.Errorf("priority %d: %v", pr, err)
		}
	}
}

// FuzzPrepare decodes arbitrary bodies as the API does and prepares them:
// never a panic, and whatever passes is a plugin the translator can take.
func FuzzPrepare(f *testing.F) {
	f.Add(`{"pluginName":"p","url":"http://h/p.wasm","phase":"AUTHN","priority":3,"pluginConfig":{"a":1}}`)
	f.Add(`{"pluginName":"p","url":"oci://r.io/a/b:1","imagePullPolicy":"Always","imagePullSecret":"dTpw"}`)
	f.Add(`{"pluginName":"p","url":"causeway://` + strings.Repeat("a", 64) + `","failStrategy":"FAIL_OPEN"}`)
	f.Add(`{"pluginName":"p","url":"http://h","pluginConfig":[1],"sha256":"x"}`)
	f.Add(`{"pluginName":"p","url":"http://h","pluginConfig":{"a":` + "\"\\u0000\"" + `},"priority":-2147483648}`)
	f.Add(`{"imagePullSecret":"{\"auths\":{\"h\":{\"auth\":\"dTpw\"}}}","pluginName":"x","url":"https://h/x"}`)
	f.Fuzz(func(t *testing.T, body string) {
		var in Input
		if err := registry.DecodeStrict([]byte(body), "", &in); err != nil {
			return
		}
		p, err := Prepare(gwKey, in)
		if err != nil {
			if registry.KindOf(err) != registry.KindInvalid {
				t.Fatalf("error of kind %v: %v", registry.KindOf(err), err)
			}
			return
		}
		var obj map[string]json.RawMessage
		if json.Unmarshal(p.Config, &obj) != nil || obj == nil {
			t.Fatalf("pluginConfig %q is not an object", p.Config)
		}
		if _, err := parsePhase(string(p.Phase)); err != nil || p.Phase == "" {
			t.Fatalf("phase %q", p.Phase)
		}
		if _, err := parsePolicy(string(p.ImagePullPolicy)); err != nil || p.ImagePullPolicy == "" {
			t.Fatalf("policy %q", p.ImagePullPolicy)
		}
		if p.FailStrategy != FailClose && p.FailStrategy != FailOpen {
			t.Fatalf("failStrategy %q", p.FailStrategy)
		}
		if p.SHA256 != "" && !ValidSHA256(p.SHA256) {
			t.Fatalf("sha256 %q", p.SHA256)
		}
		if p.Priority < MinPriority || p.Priority > MaxPriority || !namePattern.MatchString(p.Name) {
			t.Fatalf("%+v", p)
		}
		if _, err := checkURL(p.URL, p.SHA256); err != nil {
			t.Fatalf("prepared url %q does not check: %v", p.URL, err)
		}
		// A prepared plugin survives its own encoding.
		b, err := json.Marshal(p)
		if err != nil {
			t.Fatal(err)
		}
		var back Plugin
		if err := json.Unmarshal(b, &back); err != nil || back.URL != p.URL || string(back.Config) != string(p.Config) {
			t.Fatalf("round trip: %v", err)
		}
	})
}
