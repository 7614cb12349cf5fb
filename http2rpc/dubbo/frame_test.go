package dubbo

import (
	"bytes"
	"errors"
	"io"
	"reflect"
	"testing"
)

func TestFrameRoundTrip(t *testing.T) {
	frames := []Frame{
		{Header: Header{Request: true, TwoWay: true, Serialization: SerializationHessian2, ID: 1}, Body: []byte("invoke")},
		{Header: Header{Serialization: SerializationHessian2, Status: StatusOK, ID: 1}, Body: []byte("result")},
		{Header: Header{Request: true, TwoWay: true, Event: true, Serialization: SerializationHessian2, ID: -7}},
		{Header: Header{Serialization: SerializationHessian2, Status: StatusServiceError, ID: 1 << 62}, Body: bytes.Repeat([]byte{0xff}, 1000)},
	}
	var stream []byte
	for _, f := range frames {
		stream = AppendFrame(stream, f)
	}
	// One byte at a time: frames must survive any split of the stream.
	d := NewDecoder(io.MultiReader(oneByteReader{bytes.NewReader(stream)}), 0)
	for i, want := range frames {
		got, err := d.Next()
		want.BodyLen = len(want.Body)
		if want.Body == nil {
			want.Body = []byte{}
		}
		if err != nil || !reflect.DeepEqual(got, want) {
			t.Fatalf("frame %d: got %+v %v, want %+v", i, got, err, want)
		}
	}
	if _, err := d.Next(); !errors.Is(err, io.EOF) {
		t.Fatalf("after the last frame: %v, want EOF", err)
	}
}

type oneByteReader struct{ r io.Reader }

func (o oneByteReader) Read(p []byte) (int, error) {
	if len(p) > 1 {
		p = p[:1]
	}
	return o.r.Read(p)
}

func TestDecoderRefusesBadFrames(t *testing.T) {
	valid := AppendFrame(nil, Frame{Header: Header{Request: true, Serialization: SerializationHessian2, ID: 3}, Body: []byte("abc")})
	badMagic := append([]byte(nil), valid...)
	badMagic[0], badMagic[1] = 0xca, 0xfe
	huge := AppendHeader(nil, Header{Request: true, ID: 1, BodyLen: DefaultMaxBody + 1})
	negative := AppendHeader(nil, Header{ID: 1})
	copy(negative[12:], []byte{0xff, 0xff, 0xff, 0xff})
	cases := []struct {
		name   string
		stream []byte
		want   error
	}{
		{"bad magic", badMagic, ErrMagic},
		{"body over the limit", huge, ErrBodySize},
		{"negative length", negative, ErrBodySize},
		{"truncated header", valid[:10], io.ErrUnexpectedEOF},
		{"truncated body", valid[:len(valid)-1], io.ErrUnexpectedEOF},
	}
	for _, c := range cases {
		if _, err := NewDecoder(bytes.NewReader(c.stream), 0).Next(); !errors.Is(err, c.want) {
			t.Errorf("%s: %v, want %v", c.name, err, c.want)
		}
	}
}

// FuzzDecoder: any byte stream decodes to frames or an error, never a
// panic or an allocation over the limit; what decodes re-encodes to the
// same bytes.
func FuzzDecoder(f *testing.F) {
	f.Add(AppendFrame(nil, Frame{Header: Header{Request: true, TwoWay: true, Serialization: 2, ID: 9}, Body: []byte("x")}))
	f.Add([]byte{0xda, 0xbb, 0xc2, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0x7f, 0xff, 0xff, 0xff})
	f.Fuzz(func(t *testing.T, stream []byte) {
		const limit = 1 << 16
		d := NewDecoder(bytes.NewReader(stream), limit)
		var again []byte
		for {
			fr, err := d.Next()
			if err != nil {
				break
			}
			if len(fr.Body) > limit {
				t.Fatalf("body of %d bytes over the limit", len(fr.Body))
			}
			again = AppendFrame(again, fr)
		}
		if !bytes.HasPrefix(stream, again) {
			t.Fatalf("re-encoding differs from the stream")
		}
	})
}
