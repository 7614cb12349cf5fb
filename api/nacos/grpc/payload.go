package nacosgrpc

import (
	"errors"
	"fmt"
	"sort"

	"google.golang.org/grpc/mem"
	"google.golang.org/protobuf/encoding/protowire"
)

// Payload is one Nacos message: its type (the simple class name of the
// request or response), the client's headers and IP, and the JSON body.
type Payload struct {
	Type     string
	ClientIP string
	Headers  map[string]string
	Body     []byte // JSON
	// parts, when Body is nil, is the JSON body in pieces, which the
	// server's codec hands gRPC without copying them: a push to a thousand
	// subscribers shares one rendering of the service rather than copying
	// it a thousand times. The pieces are never modified.
	parts [][]byte
}

// bodyLen is the length of the JSON body.
func (p *Payload) bodyLen() int {
	if p.parts == nil {
		return len(p.Body)
	}
	n := 0
	for _, part := range p.parts {
		n += len(part)
	}
	return n
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
	head := p.appendHead(nil)
	out := make([]byte, len(head), len(head)+p.bodyLen())
	copy(out, head)
	if p.parts == nil {
		return append(out, p.Body...)
	}
	for _, part := range p.parts {
		out = append(out, part...)
	}
	return out
}

// appendHead appends everything of the encoding but the body's bytes,
// which come last: the metadata, then the body's Any and its value's tag
// and length.
func (p *Payload) appendHead(out []byte) []byte {
	metaLen := 0
	if p.Type != "" {
		metaLen += protowire.SizeTag(fieldMetaType) + protowire.SizeBytes(len(p.Type))
	}
	keys := make([]string, 0, len(p.Headers))
	for k, v := range p.Headers {
		keys = append(keys, k)
		metaLen += protowire.SizeTag(fieldMetaHeaders) + protowire.SizeBytes(headerEntryLen(k, v))
	}
	sort.Strings(keys)
	if p.ClientIP != "" {
		metaLen += protowire.SizeTag(fieldMetaClientIP) + protowire.SizeBytes(len(p.ClientIP))
	}
	out = protowire.AppendTag(out, fieldPayloadMetadata, protowire.BytesType)
	out = protowire.AppendVarint(out, uint64(metaLen))
	if p.Type != "" {
		out = protowire.AppendTag(out, fieldMetaType, protowire.BytesType)
		out = protowire.AppendString(out, p.Type)
	}
	for _, k := range keys {
		v := p.Headers[k]
		out = protowire.AppendTag(out, fieldMetaHeaders, protowire.BytesType)
		out = protowire.AppendVarint(out, uint64(headerEntryLen(k, v)))
		out = protowire.AppendTag(out, fieldMapKey, protowire.BytesType)
		out = protowire.AppendString(out, k)
		out = protowire.AppendTag(out, fieldMapValue, protowire.BytesType)
		out = protowire.AppendString(out, v)
	}
	if p.ClientIP != "" {
		out = protowire.AppendTag(out, fieldMetaClientIP, protowire.BytesType)
		out = protowire.AppendString(out, p.ClientIP)
	}
	bodyLen := p.bodyLen()
	out = protowire.AppendTag(out, fieldPayloadBody, protowire.BytesType)
	out = protowire.AppendVarint(out, uint64(protowire.SizeTag(fieldAnyValue)+protowire.SizeBytes(bodyLen)))
	out = protowire.AppendTag(out, fieldAnyValue, protowire.BytesType)
	return protowire.AppendVarint(out, uint64(bodyLen))
}

func headerEntryLen(k, v string) int {
	return protowire.SizeTag(fieldMapKey) + protowire.SizeBytes(len(k)) +
		protowire.SizeTag(fieldMapValue) + protowire.SizeBytes(len(v))
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

// Codec is the gRPC codec of Nacos's services for clients: every message
// is a Payload. A client forces it with grpc.ForceCodec(Codec{}). The
// server uses serverCodec, which encodes without copying bodies.
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

// serverCodec is Codec for gRPC's buffer-slice interface: a payload's
// body goes to the transport as the slices it is made of, so the shared
// rendering of a push is copied once, into the connection's frames, rather
// than into a new message for each subscriber first.
type serverCodec struct{}

func (serverCodec) Name() string { return "proto" }

func (serverCodec) Marshal(v any) (mem.BufferSlice, error) {
	p, ok := v.(*Payload)
	if !ok {
		return nil, fmt.Errorf("nacos grpc: cannot encode %T", v)
	}
	if p.parts == nil {
		return mem.BufferSlice{mem.SliceBuffer(p.Marshal())}, nil
	}
	out := make(mem.BufferSlice, 0, 1+len(p.parts))
	out = append(out, mem.SliceBuffer(p.appendHead(nil)))
	for _, part := range p.parts {
		if len(part) > 0 {
			out = append(out, mem.SliceBuffer(part))
		}
	}
	return out, nil
}

// Unmarshal copies the message out of gRPC's buffers, which go back to
// their pool: the payload keeps slices of it.
func (serverCodec) Unmarshal(data mem.BufferSlice, v any) error {
	p, ok := v.(*Payload)
	if !ok {
		return fmt.Errorf("nacos grpc: cannot decode into %T", v)
	}
	return p.Unmarshal(data.Materialize())
}
