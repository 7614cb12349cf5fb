package nacosgrpc

import (
	"errors"
	"fmt"
	"sort"

	"google.golang.org/protobuf/encoding/protowire"
)

// Payload is one Nacos message: its type (the simple class name of the
// request or response), the client's headers and IP, and the JSON body.
type Payload struct {
	Type     string
	ClientIP string
	Headers  map[string]string
	Body     []byte // JSON
}

// Field numbers of nacos_grpc_service.proto.
const (
	fieldPayloadMetadata = 2
	fieldPayloadBody     = 3
	fieldMetaType        = 3
	fieldMetaHeaders     = 7
	fieldMetaClientIP    = 8
	fieldAnyValue        = 2 // google.protobuf.Any.value
	fieldMapKey          = 1
	fieldMapValue        = 2
)

// maxHeaders bounds the headers of one payload; the SDKs send a dozen.
const maxHeaders = 256

var errTruncated = errors.New("truncated payload")

// Marshal encodes p as Nacos's Payload message. Headers go in key order, so
// equal payloads encode alike.
func (p *Payload) Marshal() []byte {
	var meta []byte
	if p.Type != "" {
		meta = protowire.AppendTag(meta, fieldMetaType, protowire.BytesType)
		meta = protowire.AppendString(meta, p.Type)
	}
	keys := make([]string, 0, len(p.Headers))
	for k := range p.Headers {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		var entry []byte
		entry = protowire.AppendTag(entry, fieldMapKey, protowire.BytesType)
		entry = protowire.AppendString(entry, k)
		entry = protowire.AppendTag(entry, fieldMapValue, protowire.BytesType)
		entry = protowire.AppendString(entry, p.Headers[k])
		meta = protowire.AppendTag(meta, fieldMetaHeaders, protowire.BytesType)
		meta = protowire.AppendBytes(meta, entry)
	}
	if p.ClientIP != "" {
		meta = protowire.AppendTag(meta, fieldMetaClientIP, protowire.BytesType)
		meta = protowire.AppendString(meta, p.ClientIP)
	}
	out := make([]byte, 0, len(meta)+len(p.Body)+16)
	out = protowire.AppendTag(out, fieldPayloadMetadata, protowire.BytesType)
	out = protowire.AppendBytes(out, meta)
	var body []byte
	body = protowire.AppendTag(body, fieldAnyValue, protowire.BytesType)
	body = protowire.AppendBytes(body, p.Body)
	out = protowire.AppendTag(out, fieldPayloadBody, protowire.BytesType)
	return protowire.AppendBytes(out, body)
}

// Unmarshal decodes a Payload message, ignoring fields it does not know
// (the Any's type_url among them: nobody sets it).
func (p *Payload) Unmarshal(b []byte) error {
	*p = Payload{}
	return eachField(b, func(num protowire.Number, v []byte) error {
		switch num {
		case fieldPayloadMetadata:
			return p.unmarshalMeta(v)
		case fieldPayloadBody:
			return eachField(v, func(num protowire.Number, v []byte) error {
				if num == fieldAnyValue {
					p.Body = v
				}
				return nil
			})
		}
		return nil
	})
}

func (p *Payload) unmarshalMeta(b []byte) error {
	return eachField(b, func(num protowire.Number, v []byte) error {
		switch num {
		case fieldMetaType:
			p.Type = string(v)
		case fieldMetaClientIP:
			p.ClientIP = string(v)
		case fieldMetaHeaders:
			if p.Headers == nil {
				p.Headers = map[string]string{}
			}
			if len(p.Headers) >= maxHeaders {
				return fmt.Errorf("more than %d headers", maxHeaders)
			}
			var key, val string
			err := eachField(v, func(num protowire.Number, v []byte) error {
				switch num {
				case fieldMapKey:
					key = string(v)
				case fieldMapValue:
					val = string(v)
				}
				return nil
			})
			if err != nil {
				return err
			}
			p.Headers[key] = val
		}
		return nil
	})
}

// eachField calls f with the number and bytes of every length-delimited
// field of b, skipping fields of other wire types.
func eachField(b []byte, f func(protowire.Number, []byte) error) error {
	for len(b) > 0 {
		num, typ, n := protowire.ConsumeTag(b)
		if n < 0 {
			return errTruncated
		}
		b = b[n:]
		if typ != protowire.BytesType {
			n = protowire.ConsumeFieldValue(num, typ, b)
			if n < 0 {
				return errTruncated
			}
			b = b[n:]
			continue
		}
		v, n := protowire.ConsumeBytes(b)
		if n < 0 {
			return errTruncated
		}
		b = b[n:]
		if err := f(num, v); err != nil {
			return err
		}
	}
	return nil
}

// Codec is the gRPC codec of Nacos's services, on both sides: every
// message is a Payload. A client forces it with grpc.ForceCodec(Codec{}).
type Codec struct{}

func (Codec) Name() string { return "proto" }

func (Codec) Marshal(v any) ([]byte, error) {
	p, ok := v.(*Payload)
	if !ok {
		return nil, fmt.Errorf("nacos grpc: cannot encode %T", v)
	}
	return p.Marshal(), nil
}

func (Codec) Unmarshal(b []byte, v any) error {
	p, ok := v.(*Payload)
	if !ok {
		return fmt.Errorf("nacos grpc: cannot decode into %T", v)
	}
	return p.Unmarshal(b)
}
