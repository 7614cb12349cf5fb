package naming

import (
	"errors"
	"reflect"
	"testing"
	"time"

	"github.com/causeway-dev/causeway/registry"
)

func TestParseBeat(t *testing.T) {
	for _, s := range []string{"", "  ", "null", " null "} {
		if bi, err := ParseBeat(s); bi != nil || err != nil {
			t.Errorf("ParseBeat(%q) = %+v, %v; want no beat", s, bi, err)
		}
	}
	got, err := ParseBeat(`{"cluster":" c1 ","ip":" 10.0.0.1 ","port":" 8080 ","weight":"2.5","ephemeral":"FALSE",` +
		`"metadata":{"a":1,"b":true,"c":null,"d":" x "},"scheduled":true,"serviceName":"ignored"}`)
	want := &BeatInfo{IP: "10.0.0.1", Port: 8080, Cluster: "c1", Weight: 2.5, Ephemeral: false,
		Metadata: map[string]string{"a": "1", "b": "true", "c": "", "d": " x "}}
	if err != nil || !reflect.DeepEqual(got, want) {
		t.Fatalf("ParseBeat = %+v, %v; want %+v", got, err, want)
	}
	got, err = ParseBeat(`{"ip":"10.0.0.1","port":80}`)
	want = &BeatInfo{IP: "10.0.0.1", Port: 80, Weight: 1, Ephemeral: true, Metadata: map[string]string{}}
	if err != nil || !reflect.DeepEqual(got, want) {
		t.Fatalf("defaults: ParseBeat = %+v, %v; want %+v", got, err, want)
	}
}

func TestParseBeatRefusals(t *testing.T) {
	for _, c := range []struct{ beat, msg string }{
		{`{"ip":`, "Param 'beat' is illegal, it is not a JSON object."},
		{`[1]`, "Param 'beat' is illegal, it is not a JSON object."},
		{`{"ip":"a"}{}`, "Param 'beat' is illegal, it is not a JSON object."},
		{`{"ip":{}}`, "Param 'beat' is illegal, 'ip' must be a string."},
		{`{"port":{}}`, "Param 'beat' is illegal, 'port' must be a number."},
		{`{"port":"eighty"}`, `Param 'beat' is illegal, 'port' "eighty" is not an int.`},
		{`{"port":1e3}`, `Param 'beat' is illegal, 'port' "1e3" is not an int.`},
		{`{"port":99999999999}`, `Param 'beat' is illegal, 'port' "99999999999" is not an int.`},
		{`{"cluster":[]}`, "Param 'beat' is illegal, 'cluster' must be a string."},
		{`{"weight":[1]}`, "Param 'beat' is illegal, 'weight' must be a number."},
		{`{"weight":"x"}`, `Param 'beat' is illegal, 'weight' "x" is not a number.`},
		{`{"weight":"NaN"}`, `Param 'beat' is illegal, 'weight' "NaN" is not a number.`},
		{`{"weight":"-Inf"}`, `Param 'beat' is illegal, 'weight' "-Inf" is not a number.`},
		{`{"weight":1e400}`, `Param 'beat' is illegal, 'weight' "1e400" is not a number.`},
		{`{"ephemeral":{}}`, "Param 'beat' is illegal, 'ephemeral' must be a boolean."},
		{`{"ephemeral":"sure"}`, `Param 'beat' is illegal, 'ephemeral' "sure" is not a boolean.`},
		{`{"ephemeral":1}`, `Param 'beat' is illegal, 'ephemeral' "1" is not a boolean.`},
		{`{"metadata":"k=v"}`, "Param 'beat' is illegal, 'metadata' must be a JSON object."},
		{`{"metadata":[1]}`, "Param 'beat' is illegal, 'metadata' must be a JSON object."},
	} {
		bi, err := ParseBeat(c.beat)
		var re *registry.Error
		if bi != nil || !errors.As(err, &re) || re.Kind != registry.KindInvalid || re.Field != "beat" || re.Msg != c.msg {
			t.Errorf("ParseBeat(%s) = %+v, %#v; want KindInvalid on beat: %s", c.beat, bi, err, c.msg)
		}
	}
	// Metadata is read as an instance's metadata parameter is.
	_, err := ParseBeat(`{"metadata":{"a":{"b":1}}}`)
	if registry.KindOf(err) != registry.KindInstanceMetadata || err.Error() != `metadata format incorrect:{"a":{"b":1}}` {
		t.Errorf("nested metadata: %v", err)
	}
}

func TestBeatInfoRefAndInstance(t *testing.T) {
	k := svcKey("s")
	bi := &BeatInfo{IP: "10.0.0.1", Port: 80, Weight: 2, Metadata: map[string]string{"a": "b"}}
	if ref := bi.Ref(k, "c0"); ref != (InstanceRef{Service: k, IP: "10.0.0.1", Port: 80, Cluster: "c0"}) {
		t.Fatalf("ref without a cluster: %+v", ref)
	}
	bi.Cluster = "c1"
	ref := bi.Ref(k, "c0")
	if ref.Cluster != "c1" {
		t.Fatalf("ref of a beat with a cluster: %+v", ref)
	}
	want := &Instance{Service: k, IP: "10.0.0.1", Port: 80, Cluster: "c1", Weight: 2, Enabled: true, Healthy: true,
		Metadata: map[string]string{"a": "b"}}
	if got := bi.Instance(ref); !reflect.DeepEqual(got, want) {
		t.Fatalf("instance %+v, want %+v", got, want)
	}
	if (*BeatInfo)(nil).Instance(ref) != nil {
		t.Fatal("no beat described an instance")
	}
}

// TestBeatInterval: a beat answers the instance's own interval when its
// metadata sets one, else the clientBeatInterval switch, also when it asks
// the client to register.
func TestBeatInterval(t *testing.T) {
	r := newTestRegistry(t, openMemStore(t), newFakeClock())
	if err := r.UpdateSwitches(ctx, func(s *Switches) error { s.ClientBeatInterval = 7000; return nil }); err != nil {
		t.Fatal(err)
	}
	plain := inst("s", "10.0.0.1", 80, true)
	mustRegister(t, r, plain)
	own := inst("s", "10.0.0.2", 80, true)
	own.Metadata = map[string]string{MetaBeatInterval: "2000"}
	gone := inst("s", "10.0.0.3", 80, true)
	gone.Metadata = map[string]string{MetaBeatInterval: "3000"}
	mustRegister(t, r, own)
	for _, c := range []struct {
		name string
		ref  InstanceRef
		full *Instance
		want time.Duration
		kind registry.Kind
	}{
		{"switch", plain.Ref(), nil, 7 * time.Second, -1},
		{"own", own.Ref(), nil, 2 * time.Second, -1},
		{"unknown", gone.Ref(), nil, 7 * time.Second, registry.KindInstanceNotFound},
		{"re-registered", gone.Ref(), &gone, 3 * time.Second, -1},
	} {
		res, err := r.Beat(ctx, c.ref, c.full)
		if (c.kind < 0) != (err == nil) || (err != nil && registry.KindOf(err) != c.kind) || res.Interval != c.want {
			t.Errorf("%s: %v, %v; want %v, kind %d", c.name, res, err, c.want, c.kind)
		}
	}
}

// TestFullBeatIsValidated: a bad instance in a beat is refused even when the
// instance it names exists and would not be registered again.
func TestFullBeatIsValidated(t *testing.T) {
	r := newTestRegistry(t, openMemStore(t), newFakeClock())
	in := inst("s", "10.0.0.1", 80, true)
	mustRegister(t, r, in)
	bad := in
	bad.Weight = -1
	if _, err := r.Beat(ctx, in.Ref(), &bad); registry.KindOf(err) != registry.KindWeight {
		t.Fatalf("beat with a bad weight: %v", err)
	}
}

// FuzzParseBeat: the beat parser never panics, what it refuses it refuses
// as a parameter error (which every dialect answers as a bad request), and
// what it accepts is usable as is.
func FuzzParseBeat(f *testing.F) {
	for _, s := range []string{
		"",
		"null",
		`{"cluster":"c1","ip":"127.0.0.1","metadata":{},"port":8080,"scheduled":true,"serviceName":"s","weight":1}`,
		`{"ip":"10.0.0.1","port":"8080","ephemeral":"false","metadata":{"a":1,"b":true,"c":null}}`,
		`{"ip":1,"port":1e3,"weight":"NaN"}`,
		`{"port":99999999999}`,
		`{"metadata":{"a":{"b":"c=d"}}}`,
		`{"metadata":"k=v"}`,
		`[`, `{"ip":"a"}{}`, `"str"`, `{"weight":1e400}`,
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		bi, err := ParseBeat(s)
		if err != nil {
			var re *registry.Error
			if !errors.As(err, &re) || (re.Kind != registry.KindInvalid && re.Kind != registry.KindInstanceMetadata) {
				t.Fatalf("beat %q refused with %#v", s, err)
			}
			return
		}
		if bi != nil && bi.Metadata == nil {
			t.Fatalf("beat %q parsed without a metadata map", s)
		}
	})
}
