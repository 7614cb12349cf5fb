package dubbo

import (
	"bytes"
	"errors"
	"reflect"
	"testing"
	"time"

	hessian "github.com/apache/dubbo-go-hessian2"
)

func sampleInvocation() *Invocation {
	return &Invocation{
		Interface: "com.causeway.test.UserService", Version: "1.0.0", Group: "blue", Method: "echoUser",
		ParamTypes: []string{"com.causeway.test.User", "java.lang.Integer"},
		Args: []any{
			map[string]any{"class": "com.causeway.test.User", "name": "Ada", "age": int32(36)},
			int32(7),
		},
		Attachments: map[string]string{"traceid": "t-1", "path": "ignored", "generic": "false"},
	}
}

// TestRequestRoundTrip: the hessian2 library reads back every part of the
// body, in Dubbo's order, with the call's own attachments winning.
func TestRequestRoundTrip(t *testing.T) {
	frame, err := EncodeRequest(42, sampleInvocation(), 1500*time.Millisecond, 0)
	if err != nil {
		t.Fatal(err)
	}
	f, err := NewDecoder(bytes.NewReader(frame), 0).Next()
	if err != nil {
		t.Fatal(err)
	}
	wantHead := Header{Request: true, TwoWay: true, Serialization: SerializationHessian2, ID: 42, BodyLen: len(f.Body)}
	if f.Header != wantHead {
		t.Fatalf("header %+v, want %+v", f.Header, wantHead)
	}
	d := hessian.NewDecoder(f.Body)
	want := []any{
		DubboVersion, "com.causeway.test.UserService", "1.0.0", GenericMethod, GenericDesc, "echoUser",
		[]string{"com.causeway.test.User", "java.lang.Integer"},
		[]hessian.Object{map[any]any{"class": "com.causeway.test.User", "name": "Ada", "age": int32(36)}, int32(7)},
		map[any]any{
			"path": "com.causeway.test.UserService", "interface": "com.causeway.test.UserService", "version": "1.0.0",
			"group": "blue", "generic": "true", "timeout": "1500", "traceid": "t-1",
		},
	}
	for i, w := range want {
		got, err := d.Decode()
		if err != nil || !reflect.DeepEqual(got, w) {
			t.Fatalf("value %d: got %#v (%v), want %#v", i, got, err, w)
		}
	}
}

// TestRequestMatchesLibraryCodec: up to the attachments (whose order the
// library leaves to Go's map), the frame is byte for byte what the
// hessian2 library's own Dubbo codec, the one dubbo-go grew from, writes.
func TestRequestMatchesLibraryCodec(t *testing.T) {
	inv := sampleInvocation()
	// One key: a map of more would be written in Go's random order.
	inv.Args[0] = []any{map[string]any{"class": "com.causeway.test.User"}, "x", int64(1), nil}
	mine, err := EncodeRequest(9, inv, 3*time.Second, 0)
	if err != nil {
		t.Fatal(err)
	}
	args := []hessian.Object{inv.Args[0], inv.Args[1]}
	svc := hessian.Service{Path: inv.Interface, Interface: inv.Interface, Version: inv.Version, Group: inv.Group, Method: GenericMethod, Timeout: 3 * time.Second}
	head := hessian.DubboHeader{SerialID: SerializationHessian2, Type: hessian.PackageRequest_TwoWay, ID: 9}
	theirs, err := hessian.NewHessianCodec(nil).Write(svc, head, hessian.NewRequest([]any{inv.Method, inv.ParamTypes, args}, nil))
	if err != nil {
		t.Fatal(err)
	}
	upTo := func(frame []byte) []byte { // header but its length, and the body's first eight values
		s := &skimmer{b: frame[HeaderLen:]}
		for i := 0; i < 8; i++ {
			if err := s.value(); err != nil {
				t.Fatalf("value %d: %v", i, err)
			}
		}
		return append(append([]byte{}, frame[:12]...), frame[HeaderLen:HeaderLen+s.pos]...)
	}
	if a, b := upTo(mine), upTo(theirs); !bytes.Equal(a, b) {
		t.Fatalf("frames differ before the attachments:\n mine   %x\n theirs %x", a, b)
	}
}

// TestRequestDeterministic: the attachments are written in key order, so
// a call without map arguments always encodes the same bytes.
func TestRequestDeterministic(t *testing.T) {
	inv := sampleInvocation()
	inv.Args[0] = "not a map"
	first, _ := EncodeRequest(1, inv, time.Second, 0)
	for i := 0; i < 20; i++ {
		if again, _ := EncodeRequest(1, inv, time.Second, 0); !bytes.Equal(first, again) {
			t.Fatal("two encodings of one call differ")
		}
	}
}

func TestRequestNoArgsNoTimeout(t *testing.T) {
	body, err := EncodeRequestBody(&Invocation{Interface: "a.B", Method: "ping"}, 0)
	if err != nil {
		t.Fatal(err)
	}
	d := hessian.NewDecoder(body)
	for i := 0; i < 6; i++ {
		_, _ = d.Decode()
	}
	types, _ := d.Decode()
	args, _ := d.Decode()
	att, _ := d.Decode()
	// Empty, not null: dubbo-go's provider asserts []hessian.Object.
	if !reflect.DeepEqual(types, []string{}) || !reflect.DeepEqual(args, []hessian.Object{}) {
		t.Fatalf("types %#v args %#v, want empty slices", types, args)
	}
	if _, ok := att.(map[any]any)["timeout"]; ok {
		t.Fatalf("timeout attachment without a deadline: %v", att)
	}
	if _, ok := att.(map[any]any)["group"]; ok {
		t.Fatalf("group attachment without a group: %v", att)
	}
}

func TestRequestRefused(t *testing.T) {
	huge := &Invocation{Interface: "a.B", Method: "m", ParamTypes: []string{"java.lang.String"}, Args: []any{string(make([]byte, 2048))}}
	cases := []struct {
		name string
		inv  *Invocation
		max  int
	}{
		{"nil", nil, 0},
		{"no interface", &Invocation{Method: "m"}, 0},
		{"no method", &Invocation{Interface: "a.B"}, 0},
		{"types and args differ", &Invocation{Interface: "a.B", Method: "m", ParamTypes: []string{"int"}}, 0},
		{"unencodable argument", &Invocation{Interface: "a.B", Method: "m", ParamTypes: []string{"x"}, Args: []any{make(chan int)}}, 0},
		{"body over the limit", huge, 1024},
	}
	for _, c := range cases {
		if _, err := EncodeRequest(1, c.inv, 0, c.max); !errors.Is(err, ErrInvocation) {
			t.Errorf("%s: %v, want ErrInvocation", c.name, err)
		}
	}
}
