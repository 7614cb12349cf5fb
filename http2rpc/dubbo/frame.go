package dubbo

import (
	"encoding/binary"
	"errors"
	"fmt"
	"io"
)

// HeaderLen is the size of a frame header.
const HeaderLen = 16

// Magic opens every frame.
const Magic uint16 = 0xdabb

// Flag bits of header byte 2; its low five bits are the serialization id.
const (
	FlagRequest = 0x80
	FlagTwoWay  = 0x40
	FlagEvent   = 0x20
	idMask      = 0x1f
)

// SerializationHessian2 is the serialization id of Hessian2, the default
// of Dubbo 2.
const SerializationHessian2 = 2

// Response statuses (header byte 3).
const (
	StatusOK                = 20
	StatusClientTimeout     = 30
	StatusServerTimeout     = 31
	StatusBadRequest        = 40
	StatusBadResponse       = 50
	StatusServiceNotFound   = 60
	StatusServiceError      = 70
	StatusServerError       = 80
	StatusClientError       = 90
	StatusThreadPoolExhaust = 100
)

// DefaultMaxBody is Dubbo's default payload limit (8 MiB).
const DefaultMaxBody = 8 << 20

// Header is a frame header.
type Header struct {
	Request       bool
	TwoWay        bool
	Event         bool // a heartbeat
	Serialization byte
	Status        byte // responses only
	ID            int64
	BodyLen       int
}

// Frame is a header and its body.
type Frame struct {
	Header
	Body []byte
}

// Errors a decoder answers; a stream that produced one is unusable.
var (
	ErrMagic    = errors.New("dubbo: not a Dubbo frame (bad magic)")
	ErrBodySize = errors.New("dubbo: frame body over the limit")
)

// AppendHeader appends h's encoding to b.
func AppendHeader(b []byte, h Header) []byte {
	flags := h.Serialization & idMask
	if h.Request {
		flags |= FlagRequest
	}
	if h.TwoWay {
		flags |= FlagTwoWay
	}
	if h.Event {
		flags |= FlagEvent
	}
	b = binary.BigEndian.AppendUint16(b, Magic)
	b = append(b, flags, h.Status)
	b = binary.BigEndian.AppendUint64(b, uint64(h.ID))
	return binary.BigEndian.AppendUint32(b, uint32(h.BodyLen))
}

// AppendFrame appends a whole frame; BodyLen is taken from the body.
func AppendFrame(b []byte, f Frame) []byte {
	f.BodyLen = len(f.Body)
	return append(AppendHeader(b, f.Header), f.Body...)
}

// ParseHeader reads a header from its 16 bytes. A body length over
// maxBody (or negative) is ErrBodySize.
func ParseHeader(b []byte, maxBody int) (Header, error) {
	if len(b) < HeaderLen {
		return Header{}, io.ErrUnexpectedEOF
	}
	if binary.BigEndian.Uint16(b) != Magic {
		return Header{}, ErrMagic
	}
	flags := b[2]
	h := Header{
		Request: flags&FlagRequest != 0, TwoWay: flags&FlagTwoWay != 0, Event: flags&FlagEvent != 0,
		Serialization: flags & idMask, Status: b[3], ID: int64(binary.BigEndian.Uint64(b[4:])),
	}
	n := int32(binary.BigEndian.Uint32(b[12:]))
	if n < 0 || int(n) > maxBody {
		return h, fmt.Errorf("%w: %d bytes (limit %d)", ErrBodySize, n, maxBody)
	}
	h.BodyLen = int(n)
	return h, nil
}

// Decoder reads frames from a stream.
type Decoder struct {
	r       io.Reader
	maxBody int
	head    [HeaderLen]byte
}

// NewDecoder reads frames from r with bodies up to maxBody bytes
// (DefaultMaxBody when not positive).
func NewDecoder(r io.Reader, maxBody int) *Decoder {
	if maxBody <= 0 {
		maxBody = DefaultMaxBody
	}
	return &Decoder{r: r, maxBody: maxBody}
}

// Next reads the next whole frame. The header is checked before the body
// is allocated, so a hostile length costs nothing. io.EOF means the
// stream ended cleanly between frames.
func (d *Decoder) Next() (Frame, error) {
	if _, err := io.ReadFull(d.r, d.head[:]); err != nil {
		return Frame{}, err
	}
	h, err := ParseHeader(d.head[:], d.maxBody)
	if err != nil {
		return Frame{}, err
	}
	f := Frame{Header: h, Body: make([]byte, h.BodyLen)}
	if _, err := io.ReadFull(d.r, f.Body); err != nil {
		if errors.Is(err, io.EOF) {
			err = io.ErrUnexpectedEOF
		}
		return Frame{}, fmt.Errorf("dubbo: frame %d body: %w", h.ID, err)
	}
	return f, nil
}
