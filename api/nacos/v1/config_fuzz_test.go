package v1

import (
	"reflect"
	"strconv"
	"testing"
)

func itoa(i int) string { return strconv.Itoa(i) }

func TestParseListeningConfigs(t *testing.T) {
	got, err := parseListeningConfigs("a\x02G\x02m1\x01b\x02G\x02\x02ns\x01a\x02G\x02m2\x02public\x01tail\x02x")
	if err != nil {
		t.Fatal(err)
	}
	// "" and "public" are one namespace: the later record for a wins.
	want := []listenRecord{{DataID: "a", Group: "G", MD5: "m2", Tenant: "public"}, {DataID: "b", Group: "G", Tenant: "ns"}}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("got %+v", got)
	}
	// The value is URL-decoded once more: %02 in the form value is \x02.
	got, err = parseListeningConfigs("a%02G%02m%01")
	if err != nil || len(got) != 1 || got[0].MD5 != "m" {
		t.Fatalf("%+v %v", got, err)
	}
}

// FuzzListeningConfigs: the parser never panics, and what it accepts
// survives encoding and parsing again unchanged.
func FuzzListeningConfigs(f *testing.F) {
	for _, s := range []string{"a\x02b\x02c\x01", "a\x02b\x02c\x02t\x01x", "\x01", "a%02b%02%01", "%", "a\x02\x02\x02\x02\x01", "+\x02 \x02\x01"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, value string) {
		recs, err := parseListeningConfigs(value)
		if err != nil || len(recs) == 0 {
			return
		}
		again, err := parseListeningConfigs(encodeListeningConfigs(recs))
		if err != nil {
			t.Fatalf("re-parse of %q: %v", value, err)
		}
		if !reflect.DeepEqual(recs, again) {
			t.Fatalf("round trip of %q: %+v then %+v", value, recs, again)
		}
	})
}
