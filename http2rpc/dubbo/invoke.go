package dubbo

// A generic invocation is how a caller without the provider's Java
// classes calls it: the request names the method "$invoke" with the
// fixed signature $invoke(String method, String[] parameterTypes,
// Object[] args), and the provider's generic filter finds the real
// method and realizes the arguments. The body layout is Dubbo's
// DubboCodec.encodeRequestData; dubbo-go's consumer writes the same.

import (
	"errors"
	"fmt"
	"sort"
	"strconv"
	"time"

	hessian "github.com/apache/dubbo-go-hessian2"
)

// Generic invocation constants as Dubbo sends them.
const (
	// DubboVersion is the protocol version written first in a request
	// body; from 2.0.2 on a provider also answers response attachments.
	DubboVersion = "2.0.2"
	// GenericMethod is the method name of every generic call.
	GenericMethod = "$invoke"
	// GenericDesc is the parameter descriptor of $invoke.
	GenericDesc = "Ljava/lang/String;[Ljava/lang/String;[Ljava/lang/Object;"
)

// Attachment keys the request sets itself; a caller's attachments
// cannot override them.
const (
	AttachPath      = "path"
	AttachInterface = "interface"
	AttachVersion   = "version"
	AttachGroup     = "group"
	AttachGeneric   = "generic"
	AttachTimeout   = "timeout"
)

// Invocation is one generic call: the real method, its Java parameter
// types (as the provider's method signature names them) and arguments
// (hessian2-encodable values, see ConvertParam).
type Invocation struct {
	Interface, Version, Group, Method string
	ParamTypes                        []string
	Args                              []any
	Attachments                       map[string]string
}

// ErrInvocation is an invocation that cannot be sent as it is.
var ErrInvocation = errors.New("dubbo: bad invocation")

// EncodeRequest answers the whole request frame of inv with request id
// id: two-way, hessian2, and a timeout attachment of timeout when it is
// positive. A body over maxBody (DefaultMaxBody when not positive) is
// refused, as the provider would refuse it.
func EncodeRequest(id int64, inv *Invocation, timeout time.Duration, maxBody int) ([]byte, error) {
	if maxBody <= 0 {
		maxBody = DefaultMaxBody
	}
	body, err := EncodeRequestBody(inv, timeout)
	if err != nil {
		return nil, err
	}
	if len(body) > maxBody {
		return nil, fmt.Errorf("%w: body of %d bytes over the limit of %d", ErrInvocation, len(body), maxBody)
	}
	h := Header{Request: true, TwoWay: true, Serialization: SerializationHessian2, ID: id}
	return AppendFrame(make([]byte, 0, HeaderLen+len(body)), Frame{Header: h, Body: body}), nil
}

// EncodeRequestBody answers the hessian2 body of inv's generic call.
func EncodeRequestBody(inv *Invocation, timeout time.Duration) (body []byte, err error) {
	if err := inv.check(); err != nil {
		return nil, err
	}
	defer func() { // the encoder panics on some Go values; none may crash us
		if r := recover(); r != nil {
			body, err = nil, fmt.Errorf("%w: hessian2 encoder panicked: %v", ErrInvocation, r)
		}
	}()
	e := hessian.NewEncoder()
	for _, s := range []string{DubboVersion, inv.Interface, inv.Version, GenericMethod, GenericDesc, inv.Method} {
		if err := e.Encode(s); err != nil {
			return nil, fmt.Errorf("%w: %w", ErrInvocation, err)
		}
	}
	if err := encodeArgs(e, inv); err != nil {
		return nil, err
	}
	appendStringMap(e, inv.attachments(timeout))
	return e.Buffer(), nil
}

func (inv *Invocation) check() error {
	switch {
	case inv == nil:
		return fmt.Errorf("%w: nil", ErrInvocation)
	case inv.Interface == "" || inv.Method == "":
		return fmt.Errorf("%w: interface and method are required", ErrInvocation)
	case len(inv.ParamTypes) != len(inv.Args):
		return fmt.Errorf("%w: %s has %d parameter types but %d arguments", ErrInvocation, inv.Method, len(inv.ParamTypes), len(inv.Args))
	}
	return nil
}

// encodeArgs writes $invoke's three arguments. The types go as a String[]
// ("[string") and the arguments as an Object[] ("[object"), never null:
// dubbo-go's provider asserts []hessian.Object, Java's reads Object[].
func encodeArgs(e *hessian.Encoder, inv *Invocation) error {
	types := append([]string{}, inv.ParamTypes...)
	args := make([]hessian.Object, len(inv.Args))
	for i, a := range inv.Args {
		args[i] = a
	}
	if err := e.Encode(types); err != nil {
		return fmt.Errorf("%w: parameter types: %w", ErrInvocation, err)
	}
	if err := e.Encode(args); err != nil {
		return fmt.Errorf("%w: arguments of %s: %w", ErrInvocation, inv.Method, err)
	}
	return nil
}

// attachments answers the caller's attachments under the call's own.
func (inv *Invocation) attachments(timeout time.Duration) map[string]string {
	m := make(map[string]string, len(inv.Attachments)+6)
	for k, v := range inv.Attachments {
		m[k] = v
	}
	m[AttachPath], m[AttachInterface], m[AttachVersion] = inv.Interface, inv.Interface, inv.Version
	m[AttachGeneric] = "true"
	delete(m, AttachGroup)
	if inv.Group != "" {
		m[AttachGroup] = inv.Group
	}
	delete(m, AttachTimeout)
	if timeout > 0 {
		m[AttachTimeout] = strconv.FormatInt(max(timeout.Milliseconds(), 1), 10)
	}
	return m
}

// appendStringMap writes m as an untyped hessian2 map with its keys in
// order, so the same call always encodes to the same bytes (the
// library's encoder follows Go's random map order).
func appendStringMap(e *hessian.Encoder, m map[string]string) {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	e.Append([]byte{hessian.BC_MAP_UNTYPED})
	for _, k := range keys {
		_ = e.Encode(k) // strings always encode
		_ = e.Encode(m[k])
	}
	e.Append([]byte{hessian.BC_END})
}
