package dubbo

import (
	"bytes"
	"encoding/json"
	"errors"
	"net/http"
	"reflect"
	"testing"

	hessian "github.com/apache/dubbo-go-hessian2"
	"github.com/apache/dubbo-go-hessian2/java_exception"
)

// providerFrame is a response frame as the hessian2 library's provider
// side (which dubbo-go's follows) writes it; a "dubbo" attachment of 2.0.2
// makes it add the attachments (flags 3, 4, 5).
func providerFrame(t testing.TB, status byte, rsp *hessian.Response) Frame {
	t.Helper()
	head := hessian.DubboHeader{SerialID: SerializationHessian2, Type: hessian.PackageResponse, ID: 5, ResponseStatus: status}
	b, err := hessian.NewHessianCodec(nil).Write(hessian.Service{}, head, rsp)
	if err != nil {
		t.Fatal(err)
	}
	f, err := NewDecoder(bytes.NewReader(b), 0).Next()
	if err != nil {
		t.Fatal(err)
	}
	return f
}

func withAttachments(kv ...string) map[string]string {
	m := map[string]string{"dubbo": DubboVersion}
	for i := 0; i+1 < len(kv); i += 2 {
		m[kv[i]] = kv[i+1]
	}
	return m
}

// rawFrame is an OK response whose body is the hessian2 of vs, in order.
func rawFrame(t testing.TB, vs ...any) Frame {
	t.Helper()
	e := hessian.NewEncoder()
	for _, v := range vs {
		if err := e.Encode(v); err != nil {
			t.Fatal(err)
		}
	}
	return Frame{Header: Header{Serialization: SerializationHessian2, Status: StatusOK, ID: 5}, Body: e.Buffer()}
}

func TestDecodeResponseValues(t *testing.T) {
	user := map[string]any{"name": "Ada", "age": int32(36)}
	cases := []struct {
		name  string
		frame Frame
		want  any
		att   map[string]string
	}{
		{"value", providerFrame(t, StatusOK, hessian.NewResponse("hello", nil, nil)), "hello", nil},
		{"value with attachments", providerFrame(t, StatusOK, hessian.NewResponse(int32(42), nil, withAttachments("k", "v"))),
			int32(42), withAttachments("k", "v")},
		{"null", providerFrame(t, StatusOK, hessian.NewResponse(nil, nil, nil)), nil, nil},
		{"null with attachments", providerFrame(t, StatusOK, hessian.NewResponse(nil, nil, withAttachments())), nil, withAttachments()},
		{"map", providerFrame(t, StatusOK, hessian.NewResponse(user, nil, nil)), map[any]any{"name": "Ada", "age": int32(36)}, nil},
		{"list", providerFrame(t, StatusOK, hessian.NewResponse([]any{"a", int64(2)}, nil, nil)), []any{"a", int64(2)}, nil},
		{"non-string attachment values", rawFrame(t, int32(ResponseValueAttachments), true, map[any]any{"n": int32(3), "s": "x", int32(1): "dropped"}),
			true, map[string]string{"n": "3", "s": "x"}},
	}
	for _, c := range cases {
		r, err := DecodeResponse(c.frame)
		if err != nil {
			t.Errorf("%s: %v", c.name, err)
			continue
		}
		if !reflect.DeepEqual(r.Value, c.want) {
			t.Errorf("%s: value %#v, want %#v", c.name, r.Value, c.want)
		}
		if len(c.att) > 0 && !reflect.DeepEqual(r.Attachments, c.att) {
			t.Errorf("%s: attachments %v, want %v", c.name, r.Attachments, c.att)
		}
	}
}

// unknownException is an exception of a class the library does not know,
// with Throwable's fields, as a Java provider writes it.
func unknownException(t testing.TB, class, msg string, withAttachments bool) Frame {
	t.Helper()
	e := hessian.NewEncoder()
	flag := int32(ResponseException)
	if withAttachments {
		flag = ResponseExceptionAttachments
	}
	_ = e.Encode(flag)
	fields := map[string]any{"detailMessage": msg, "cause": nil, "stackTrace": nil, "suppressedExceptions": nil}
	if err := e.EncodeMapAsClass(class, fields); err != nil {
		t.Fatal(err)
	}
	if withAttachments {
		_ = e.Encode(map[string]string{"dubbo": DubboVersion})
	}
	return Frame{Header: Header{Serialization: SerializationHessian2, Status: StatusOK}, Body: e.Buffer()}
}

func TestDecodeResponseExceptions(t *testing.T) {
	cases := []struct {
		name  string
		frame Frame
		want  RemoteError
	}{
		{"known class", providerFrame(t, StatusOK, hessian.NewResponse(nil, java_exception.NewIllegalArgumentException("bad age"), nil)),
			RemoteError{StatusOK, "java.lang.IllegalArgumentException", "bad age"}},
		{"known class with attachments", providerFrame(t, StatusOK, hessian.NewResponse(nil, java_exception.NewNullPointerException("npe"), withAttachments())),
			RemoteError{StatusOK, "java.lang.NullPointerException", "npe"}},
		{"plain Go error becomes Throwable", providerFrame(t, StatusOK, hessian.NewResponse(nil, errors.New("go failed"), nil)),
			RemoteError{StatusOK, "java.lang.Throwable", "go failed"}},
		{"unknown class", unknownException(t, "com.example.BizException", "no stock", false),
			RemoteError{StatusOK, "com.example.BizException", "no stock"}},
		{"unknown class with attachments", unknownException(t, "com.example.BizException", "no stock", true),
			RemoteError{StatusOK, "com.example.BizException", "no stock"}},
		{"com.alibaba GenericException names the real one",
			rawFrame(t, int32(ResponseException), java_exception.NewDubboGenericException("com.example.OrderException", "sold out")),
			RemoteError{StatusOK, "com.example.OrderException", "sold out"}},
		{"org.apache GenericException names the real one",
			rawFrame(t, int32(ResponseException), &apacheGenericException{DetailMessage: "trace...", ExceptionClass: "com.example.OrderException", ExceptionMessage: "sold out"}),
			RemoteError{StatusOK, "com.example.OrderException", "sold out"}},
		{"a string (old dubbo-go)", rawFrame(t, int32(ResponseException), "it broke"), RemoteError{StatusOK, "java.lang.Exception", "it broke"}},
		{"an object that is no Throwable", rawFrame(t, int32(ResponseException), map[string]any{"_class": "com.example.Odd", "detailMessage": "odd"}),
			RemoteError{StatusOK, "com.example.Odd", "odd"}},
		{"service error status", providerFrame(t, StatusServiceError, hessian.NewResponse(nil, errors.New("no such method"), nil)),
			RemoteError{StatusServiceError, "", "no such method"}},
		{"service not found status", rawFrameStatus(t, StatusServiceNotFound, "Not found exported service"),
			RemoteError{StatusServiceNotFound, "", "Not found exported service"}},
		{"status with an unreadable message", Frame{Header: Header{Serialization: 2, Status: StatusServerError}, Body: []byte{0x58, 0xff}},
			RemoteError{StatusServerError, "", "(unreadable error message)"}},
	}
	for _, c := range cases {
		_, err := DecodeResponse(c.frame)
		var re *RemoteError
		if !errors.As(err, &re) || *re != c.want {
			t.Errorf("%s: %v, want %+v", c.name, err, c.want)
		}
	}
}

func rawFrameStatus(t testing.TB, status byte, msg string) Frame {
	f := rawFrame(t, msg)
	f.Status = status
	return f
}

func TestDecodeResponseTimeoutStatus(t *testing.T) {
	for _, s := range []byte{StatusClientTimeout, StatusServerTimeout} {
		_, err := DecodeResponse(rawFrameStatus(t, s, "waited 3000 ms"))
		var re *RemoteError
		if !errors.Is(err, ErrTimeout) || !errors.As(err, &re) || re.Thrown() || HTTPStatus(err) != http.StatusGatewayTimeout {
			t.Errorf("status %d: %v, want ErrTimeout and a RemoteError", s, err)
		}
	}
}

func TestDecodeResponseMalformed(t *testing.T) {
	cases := map[string]Frame{
		"request":             {Header: Header{Request: true, Serialization: 2}},
		"not hessian2":        {Header: Header{Serialization: 6, Status: StatusOK}, Body: []byte{0x91, 'N'}},
		"empty body":          {Header: Header{Serialization: 2, Status: StatusOK}},
		"flag not an int":     rawFrame(t, "1", "x"),
		"flag out of range":   rawFrame(t, int32(6), "x"),
		"value missing":       rawFrame(t, int32(ResponseValue)),
		"attachments missing": rawFrame(t, int32(ResponseValueAttachments), "x"),
		"attachments no map":  rawFrame(t, int32(ResponseNullAttachments), "x"),
		"list claims 2^31":    {Header: Header{Serialization: 2, Status: StatusOK}, Body: []byte{0x91, 0x58, 'I', 0x7f, 0xff, 0xff, 0xff, 'N'}},
		"deep nesting":        {Header: Header{Serialization: 2, Status: StatusOK}, Body: append([]byte{0x91}, bytes.Repeat([]byte{0x79}, MaxDepth+1)...)},
		"truncated string":    {Header: Header{Serialization: 2, Status: StatusOK}, Body: []byte{0x91, 0x05, 'a', 'b'}},
		"undefined object":    {Header: Header{Serialization: 2, Status: StatusOK}, Body: []byte{0x91, 0x60}},
	}
	for name, f := range cases {
		if _, err := DecodeResponse(f); !errors.Is(err, ErrBadResponse) {
			t.Errorf("%s: %v, want ErrBadResponse", name, err)
		}
	}
}

func TestHTTPStatus(t *testing.T) {
	cases := []struct {
		err  error
		want int
	}{
		{nil, 200},
		{&RemoteError{Status: StatusOK, ExceptionClass: "x.Y"}, 500},
		{&RemoteError{Status: StatusServerTimeout}, 504},
		{ErrTimeout, 504},
		{&RemoteError{Status: StatusThreadPoolExhaust}, 503},
		{&RemoteError{Status: StatusServiceNotFound}, 503},
		{ErrUnavailable, 503},
		{ErrClosed, 503},
		{&RemoteError{Status: StatusServiceError}, 502},
		{ErrBadResponse, 502},
	}
	for _, c := range cases {
		if got := HTTPStatus(c.err); got != c.want {
			t.Errorf("%v: %d, want %d", c.err, got, c.want)
		}
	}
}

// FuzzDecodeResponse: no body, whatever its status, panics the decoder,
// allocates past what its bytes can justify, or recurses without bound.
func FuzzDecodeResponse(f *testing.F) {
	f.Add(byte(StatusOK), providerFrame(f, StatusOK, hessian.NewResponse(map[string]any{"a": []any{int32(1), "b"}}, nil, withAttachments("k", "v"))).Body)
	f.Add(byte(StatusOK), providerFrame(f, StatusOK, hessian.NewResponse(nil, java_exception.NewIllegalStateException("x"), withAttachments())).Body)
	f.Add(byte(StatusOK), unknownException(f, "com.example.E", "m", true).Body)
	f.Add(byte(StatusServiceError), rawFrame(f, "message").Body)
	f.Add(byte(StatusOK), []byte{0x91, 0x58, 'I', 0x7f, 0xff, 0xff, 0xff})
	f.Add(byte(StatusOK), []byte{0x94, 'C', 0x05, 'a', '.', 'B', 'c', 'd', 0x91, 0x01, 'x', 0x60, 'N', 'H', 'Z'})
	f.Fuzz(func(t *testing.T, status byte, body []byte) {
		fr := Frame{Header: Header{Serialization: SerializationHessian2, Status: status, BodyLen: len(body)}, Body: body}
		r, err := DecodeResponse(fr)
		if err == nil {
			_, _ = json.Marshal(ToJSON(r.Value))
		} else {
			_ = err.Error()
		}
	})
}
