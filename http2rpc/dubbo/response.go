package dubbo

// A response frame's status says whether the call got through; an OK
// body then starts with a flag (exception, value or null, each with or
// without attachments after it) as Dubbo's DubboCodec.encodeResponseData
// writes it. Anything a provider throws comes back as *RemoteError, so
// the bridge can tell a provider's exception (its 500) from a timeout
// (504) and from a provider it could not use (502/503).

import (
	"errors"
	"fmt"
	"net/http"

	hessian "github.com/apache/dubbo-go-hessian2"
)

// Response flags: the first value of an OK response body (not to be
// confused with the header's flag bits).
const (
	ResponseException            = 0
	ResponseValue                = 1
	ResponseNull                 = 2
	ResponseExceptionAttachments = 3
	ResponseValueAttachments     = 4
	ResponseNullAttachments      = 5
)

// Errors a call answers besides *RemoteError.
var (
	// ErrTimeout is a call that got no answer in time: the caller's
	// deadline passed, or the provider answered status 30 or 31.
	ErrTimeout = errors.New("dubbo: call timed out")
	// ErrBadResponse is a response that cannot be read.
	ErrBadResponse = errors.New("dubbo: bad response")
	// ErrUnavailable is a provider that cannot be dialled, or whose
	// connection broke before the call was answered.
	ErrUnavailable = errors.New("dubbo: provider unavailable")
	// ErrClosed is a call on a closed Client or Pool.
	ErrClosed = errors.New("dubbo: client closed")
)

// Response is an OK response's value and attachments.
type Response struct {
	Value       any
	Attachments map[string]string
}

// RemoteError is a failure the provider reported: with Status OK it is an
// exception the method threw (ExceptionClass and Message, its
// detailMessage); otherwise the status and the provider's error text.
type RemoteError struct {
	Status         byte
	ExceptionClass string
	Message        string
}

func (e *RemoteError) Error() string {
	if e.Thrown() {
		return "dubbo: provider threw " + e.ExceptionClass + ": " + e.Message
	}
	return fmt.Sprintf("dubbo: provider answered status %d (%s): %s", e.Status, StatusText(e.Status), e.Message)
}

// Thrown tells an exception of the invoked method from a failed call.
func (e *RemoteError) Thrown() bool { return e.Status == StatusOK }

// Is makes the timeout statuses ErrTimeout.
func (e *RemoteError) Is(target error) bool {
	return target == ErrTimeout && (e.Status == StatusClientTimeout || e.Status == StatusServerTimeout)
}

// StatusText names a response status.
func StatusText(s byte) string {
	if t, ok := statusText[s]; ok {
		return t
	}
	return "unknown status"
}

var statusText = map[byte]string{
	StatusOK: "ok", StatusClientTimeout: "client timeout", StatusServerTimeout: "server timeout",
	StatusBadRequest: "bad request", StatusBadResponse: "bad response", StatusServiceNotFound: "service not found",
	StatusServiceError: "service error", StatusServerError: "server error", StatusClientError: "client error",
	StatusThreadPoolExhaust: "server threadpool exhausted",
}

// HTTPStatus is the answer the bridge gives for a call's error: 500 for
// an exception the provider threw, 504 for a timeout, 503 for a provider
// that is unreachable, overloaded or lacks the service, 502 otherwise.
func HTTPStatus(err error) int {
	var re *RemoteError
	switch {
	case err == nil:
		return http.StatusOK
	case errors.Is(err, ErrTimeout):
		return http.StatusGatewayTimeout
	case errors.As(err, &re) && re.Thrown():
		return http.StatusInternalServerError
	case errors.As(err, &re) && (re.Status == StatusServiceNotFound || re.Status == StatusThreadPoolExhaust):
		return http.StatusServiceUnavailable
	case errors.Is(err, ErrUnavailable), errors.Is(err, ErrClosed):
		return http.StatusServiceUnavailable
	}
	return http.StatusBadGateway
}

// DecodeResponse reads a response frame: its value, or a *RemoteError,
// or ErrBadResponse. Any body, however hostile, answers an error rather
// than a panic or an outsized allocation.
func DecodeResponse(f Frame) (*Response, error) {
	switch {
	case f.Request:
		return nil, fmt.Errorf("%w: frame %d is a request", ErrBadResponse, f.ID)
	case f.Serialization != SerializationHessian2:
		return nil, fmt.Errorf("%w: serialization %d is not hessian2", ErrBadResponse, f.Serialization)
	case f.Status != StatusOK:
		return nil, &RemoteError{Status: f.Status, Message: statusMessage(f.Body)}
	}
	body := untypedMaps(f.Body) // else the library drops their null values
	r := &bodyReader{body: body, d: hessian.NewDecoder(body)}
	flag, err := r.flag()
	if err != nil {
		return nil, err
	}
	return r.response(flag)
}

// statusMessage is the error text of a failed call's body.
func statusMessage(body []byte) string {
	r := &bodyReader{body: body, d: hessian.NewDecoder(body)}
	if r.check(1) != nil {
		return "(unreadable error message)"
	}
	v, err := r.next()
	if err != nil {
		return "(unreadable error message)"
	}
	return text(v)
}

// text is a decoded scalar's text; of anything else only the type, since
// a decoded value can contain itself and fmt would follow it forever.
func text(v any) string {
	switch x := v.(type) {
	case string:
		return x
	case nil:
		return "null"
	case bool, int, int8, int16, int32, int64, uint8, uint16, uint32, uint64, float32, float64:
		return fmt.Sprint(x)
	}
	return fmt.Sprintf("(a %T)", v)
}

// bodyReader reads a body's values in order with one decoder (class
// definitions and references span values), each checked by skimming.
type bodyReader struct {
	body    []byte
	d       *hessian.Decoder
	classes []string // of the values checked, see skimValues
}

func (r *bodyReader) check(n int) error {
	classes, err := skimValues(r.body, n)
	if err != nil {
		return fmt.Errorf("%w: %w", ErrBadResponse, err)
	}
	r.classes = classes
	return nil
}

// next decodes the next value; the library's panics become errors.
func (r *bodyReader) next() (v any, err error) {
	defer func() {
		if p := recover(); p != nil {
			v, err = nil, fmt.Errorf("%w: hessian2 decoder panicked: %v", ErrBadResponse, p)
		}
	}()
	if v, err = r.d.Decode(); err != nil {
		return nil, fmt.Errorf("%w: %w", ErrBadResponse, err)
	}
	return v, nil
}

func (r *bodyReader) flag() (int, error) {
	if err := r.check(1); err != nil {
		return 0, err
	}
	v, err := r.next()
	if err != nil {
		return 0, err
	}
	flag, ok := v.(int32)
	if !ok || flag < ResponseException || flag > ResponseNullAttachments {
		return 0, fmt.Errorf("%w: response flag %s", ErrBadResponse, text(v))
	}
	return int(flag), nil
}

// response reads what follows the flag.
func (r *bodyReader) response(flag int) (*Response, error) {
	withValue := flag != ResponseNull && flag != ResponseNullAttachments
	withAttachments := flag >= ResponseExceptionAttachments
	n := 1
	if withValue {
		n++
	}
	if withAttachments {
		n++
	}
	if err := r.check(n); err != nil {
		return nil, err
	}
	resp := &Response{}
	var err error
	if withValue {
		if resp.Value, err = r.next(); err != nil {
			return nil, err
		}
	}
	if withAttachments {
		if resp.Attachments, err = r.attachments(); err != nil {
			return nil, err
		}
	}
	if flag == ResponseException || flag == ResponseExceptionAttachments {
		return resp, thrown(resp.Value, r.classes[1])
	}
	return resp, nil
}

func (r *bodyReader) attachments() (map[string]string, error) {
	v, err := r.next()
	if err != nil {
		return nil, err
	}
	m, ok := v.(map[any]any)
	if !ok && v != nil {
		return nil, fmt.Errorf("%w: attachments are %T, not a map", ErrBadResponse, v)
	}
	out := make(map[string]string, len(m))
	for k, v := range m {
		ks, ok := k.(string)
		if !ok || v == nil {
			continue
		}
		out[ks] = text(v)
	}
	return out, nil
}
