package plugin

import (
	"bytes"
	"context"
	"testing"
	"time"

	"github.com/causeway-dev/causeway/registry/plugin/plugintest"
)

// FuzzHostMemory drives the host's buffer and log functions with any
// arguments, any allocator answer and any configuration, and checks them
// against a model of proxy-wasm-cpp-host: they never trap nor panic, answer
// the status it would, and write exactly the bytes and words it would.
func FuzzHostMemory(f *testing.F) {
	mod := plugintest.HostCaller()
	c := newModuleCache(engineCompiler, 1)
	m, err := c.acquire(context.Background(), SHA256(mod), func() ([]byte, error) { return mod, nil })
	if err != nil {
		f.Fatal(err)
	}
	f.Cleanup(func() { c.release(m); m.close() })
	const mem = plugintest.HostCallerMemory
	f.Add([]byte(`{"keys":["k"]}`), uint32(7), uint32(0), uint32(1<<31-1), uint32(0), uint32(4), uint32(0), true)
	f.Add([]byte(`{"keys":["k"]}`), uint32(7), uint32(3), uint32(4), uint32(mem-4), uint32(mem-8), uint32(mem-2), true)
	f.Add([]byte(`{}`), uint32(6), uint32(0), uint32(10), uint32(8), uint32(12), uint32(0), false)
	f.Add([]byte(`{}`), uint32(7), uint32(0), uint32(10), uint32(8), uint32(12), uint32(0), false)
	f.Add([]byte(`xyz`), uint32(9), uint32(0xffffffff), uint32(0xffffffff), uint32(mem-3), uint32(0), uint32(0), true)
	f.Add(bytes.Repeat([]byte("a"), 70000), uint32(7), uint32(1), uint32(70000), uint32(0), uint32(4), uint32(0), true)
	f.Fuzz(func(t *testing.T, config []byte, typ, start, size, ptrPtr, sizePtr, forced uint32, visible bool) {
		h := &hostCall{pluginConfig: config, configVisible: visible, timeout: time.Second}
		ctx := withHostCall(context.Background(), h)
		inst, err := m.instantiate(ctx, h)
		if err != nil {
			t.Fatal(err)
		}
		defer func() { _ = inst.Close(ctx) }()
		if _, err := inst.ExportedFunction("set_malloc").Call(ctx, uint64(forced)); err != nil {
			t.Fatal(err)
		}
		res, err := inst.ExportedFunction("buffer").Call(ctx, uint64(typ), uint64(start), uint64(size), uint64(ptrPtr), uint64(sizePtr))
		if err != nil {
			t.Fatalf("proxy_get_buffer_bytes trapped: %v", err)
		}
		// The model.
		fits := func(at, n uint64) bool { return at+n <= mem }
		var want uint32
		var data []byte
		buf, ok := []byte(nil), true
		switch {
		case typ == bufferVMConfiguration:
		case typ == bufferPluginConfiguration && visible:
			buf = config
		default:
			ok = false
		}
		ptr := uint64(forced)
		if ptr == 0 {
			ptr = 4096
		}
		switch {
		case typ > bufferTypeMax:
			want = statusBadArgument
		case !ok:
			want = statusNotFound
		default:
			s, n := uint64(start), uint64(size)
			switch {
			case s > uint64(len(buf)):
				n = 0
			case s+n > uint64(len(buf)):
				n = uint64(len(buf)) - s
			}
			if n > 0 {
				data = buf[s : s+n]
			} else {
				ptr = 0
			}
			switch {
			case n > 0 && !fits(ptr, n):
				want = statusInvalidMemoryAccess
			case !fits(uint64(ptrPtr), 4) || !fits(uint64(sizePtr), 4):
				want = statusInvalidMemoryAccess
			default:
				want = statusOK
			}
		}
		if got := uint32(res[0]); got != want {
			t.Fatalf("proxy_get_buffer_bytes(%d, %d, %d, %d, %d) with malloc at %d = %d, want %d", typ, start, size, ptrPtr, sizePtr, ptr, got, want)
		}
		memory := inst.Memory()
		if want == statusOK {
			gotPtr, _ := memory.ReadUint32Le(ptrPtr)
			gotSize, _ := memory.ReadUint32Le(sizePtr)
			apart := ptrPtr+4 <= sizePtr || sizePtr+4 <= ptrPtr
			if apart && (uint64(gotPtr) != ptr || int(gotSize) != len(data)) {
				t.Fatalf("wrote pointer %d size %d, want %d %d", gotPtr, gotSize, ptr, len(data))
			}
			if got, _ := memory.Read(uint32(ptr), uint32(len(data))); len(data) > 0 && !overlapsWords(ptr, len(data), ptrPtr, sizePtr) && !bytes.Equal(got, data) {
				t.Fatalf("wrote %q at %d, want %q", got, ptr, data)
			}
		}

		// proxy_log: level typ, message at start of length size.
		level := typ % 8
		res, err = inst.ExportedFunction("log").Call(ctx, uint64(level), uint64(start), uint64(size))
		if err != nil {
			t.Fatalf("proxy_log trapped: %v", err)
		}
		switch got := uint32(res[0]); {
		case level > logCritical:
			if got != statusBadArgument {
				t.Fatalf("proxy_log level %d = %d", level, got)
			}
		case !fits(uint64(start), uint64(size)):
			if got != statusInvalidMemoryAccess {
				t.Fatalf("proxy_log beyond memory = %d", got)
			}
		default:
			if got != statusOK || len(h.logs) != 1 || len(h.logs[0].msg) != min(int(size), maxLogLineLen) {
				t.Fatalf("proxy_log = %d, logs %d", got, len(h.logs))
			}
		}
		for range maxLogLines + 1 {
			_, _ = inst.ExportedFunction("log").Call(ctx, logError, 0, 8)
		}
		if len(h.logs) != maxLogLines {
			t.Fatalf("%d log lines kept, want %d", len(h.logs), maxLogLines)
		}
		_ = h.reasons()

		// proxy_get_buffer_status writes the length of the buffer.
		res, err = inst.ExportedFunction("status").Call(ctx, uint64(typ), uint64(ptrPtr), uint64(sizePtr))
		if err != nil {
			t.Fatalf("proxy_get_buffer_status trapped: %v", err)
		}
		if got := uint32(res[0]); typ <= bufferTypeMax && ok && fits(uint64(ptrPtr), 4) && fits(uint64(sizePtr), 4) {
			n, _ := memory.ReadUint32Le(ptrPtr)
			if got != statusOK || (ptrPtr+4 <= sizePtr || sizePtr+4 <= ptrPtr) && int(n) != len(buf) {
				t.Fatalf("proxy_get_buffer_status = %d, length %d, want %d", got, n, len(buf))
			}
		} else if got == statusOK {
			t.Fatalf("proxy_get_buffer_status(%d, %d, %d) = OK", typ, ptrPtr, sizePtr)
		}
	})
}

// overlapsWords reports whether [at, at+n) overlaps either 4-byte word
// the host writes after the data.
func overlapsWords(at uint64, n int, words ...uint32) bool {
	for _, w := range words {
		if uint64(w) < at+uint64(n) && at < uint64(w)+4 {
			return true
		}
	}
	return false
}
