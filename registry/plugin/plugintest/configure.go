package plugintest

// Behaviour is what the proxy_on_configure of a Configurable module does.
type Behaviour int

// Behaviours of Configurable modules.
const (
	// Accept answers true.
	Accept Behaviour = iota
	// Refuse logs RefusalLog at error level and answers false.
	Refuse
	// RefuseSilently answers false and logs nothing.
	RefuseSilently
	// Echo reads its configuration with proxy_get_buffer_bytes, logs it
	// at error level and answers false: the refusal carries the bytes the
	// host handed the plugin.
	Echo
	// Trap executes unreachable.
	Trap
	// Loop never returns.
	Loop
	// Grow grows its memory until the host refuses, then traps.
	Grow
	// CallUnknown calls env.causeway_test_unknown(i32, i64) -> i32, an
	// import no host knows, and answers true when it answered
	// Unimplemented (12).
	CallUnknown
	// RefuseVM makes proxy_on_vm_start answer false; proxy_on_configure
	// answers true.
	RefuseVM
)

// RefusalLog is what a Refuse module logs.
const RefusalLog = "test: invalid pluginConfig, refusing to start: field: must be a string"

// Configurable answers a small hand-assembled proxy-wasm module (ABI
// 0.2.0: memory, malloc, proxy_on_context_create, proxy_on_vm_start and
// proxy_on_configure) whose proxy_on_configure behaves as b says. It
// imports env.proxy_log, env.proxy_get_buffer_bytes and
// env.causeway_test_unknown, and compiles in microseconds.
func Configurable(b Behaviour) []byte {
	const (
		tVoid     = iota // () -> ()
		tCallback        // (i32, i32) -> i32
		tMalloc          // (i32) -> i32
		tLog             // (i32, i32, i32) -> i32
		tCreate          // (i32, i32) -> ()
		tBuffer          // (i32 x5) -> i32
		tUnknown         // (i32, i64) -> i32
	)
	const (
		fLog = iota
		fBuffer
		fUnknown
		fABI
		fMalloc
		fCreate
		fVMStart
		fConfigure
	)
	const msgAt = 16
	msg := []byte(RefusalLog)
	types := vec(
		functype(nil, nil),
		functype([]byte{i32, i32}, []byte{i32}),
		functype([]byte{i32}, []byte{i32}),
		functype([]byte{i32, i32, i32}, []byte{i32}),
		functype([]byte{i32, i32}, nil),
		functype([]byte{i32, i32, i32, i32, i32}, []byte{i32}),
		functype([]byte{i32, i64}, []byte{i32}),
	)
	imports := vec(
		importFunc("env", "proxy_log", tLog),
		importFunc("env", "proxy_get_buffer_bytes", tBuffer),
		importFunc("env", "causeway_test_unknown", tUnknown),
	)
	funcs := vec([]byte{tVoid}, []byte{tMalloc}, []byte{tCreate}, []byte{tCallback}, []byte{tCallback})
	memory := vec([]byte{0x00, 4}) // 4 pages, no maximum
	// global 0: the allocator's next free address
	globals := vec(cat([]byte{i32, 0x01}, i32Const(4096), []byte{0x0b}))
	exports := vec(
		export("memory", 0x02, 0),
		export("proxy_abi_version_0_2_0", 0x00, fABI),
		export("malloc", 0x00, fMalloc),
		export("proxy_on_context_create", 0x00, fCreate),
		export("proxy_on_vm_start", 0x00, fVMStart),
		export("proxy_on_configure", 0x00, fConfigure),
	)
	malloc := []byte{0x23, 0, 0x23, 0, 0x20, 0, 0x6a, 0x24, 0} // old next; next += size
	vmStart := i32Const(1)
	if b == RefuseVM {
		vmStart = i32Const(0)
	}
	var configure []byte
	switch b {
	case Accept, RefuseVM:
		configure = i32Const(1)
	case Refuse:
		configure = cat(i32Const(4), i32Const(msgAt), i32Const(int32(len(msg))), call(fLog), drop, i32Const(0))
	case RefuseSilently:
		configure = i32Const(0)
	case Echo:
		// proxy_get_buffer_bytes(7, 0, size, 0, 4); proxy_log(4, *0, *4)
		configure = cat(i32Const(7), i32Const(0), []byte{0x20, 1}, i32Const(0), i32Const(4), call(fBuffer), drop,
			i32Const(4), i32Const(0), load, i32Const(4), load, call(fLog), drop, i32Const(0))
	case Trap:
		configure = []byte{0x00}
	case Loop:
		configure = cat([]byte{0x03, 0x40, 0x0c, 0x00, 0x0b}, i32Const(1))
	case Grow:
		// loop: memory.grow(256) != -1 ? again; then unreachable
		configure = cat([]byte{0x03, 0x40}, i32Const(256), []byte{0x40, 0x00}, i32Const(-1), []byte{0x47, 0x0d, 0x00, 0x0b, 0x00})
	case CallUnknown:
		configure = cat(i32Const(1), []byte{0x42, 2}, call(fUnknown), i32Const(12), []byte{0x46})
	}
	code := vec(body(nil), body(malloc), body(nil), body(vmStart), body(configure))
	data := vec(cat([]byte{0x00}, i32Const(msgAt), []byte{0x0b}, uleb(uint32(len(msg))), msg))
	return cat(Empty(), section(1, types), section(2, imports), section(3, funcs), section(5, memory),
		section(6, globals), section(7, exports), section(10, code), section(11, data))
}

const (
	i32 = 0x7f
	i64 = 0x7e
)

var (
	drop = []byte{0x1a}
	load = []byte{0x28, 0x02, 0x00} // i32.load align=4 offset=0
)

func cat(parts ...[]byte) []byte {
	var out []byte
	for _, p := range parts {
		out = append(out, p...)
	}
	return out
}

func uleb(v uint32) []byte {
	var out []byte
	for {
		c := byte(v & 0x7f)
		v >>= 7
		if v == 0 {
			return append(out, c)
		}
		out = append(out, c|0x80)
	}
}

func sleb(v int32) []byte {
	var out []byte
	for {
		c := byte(v & 0x7f)
		v >>= 7
		if (v == 0 && c&0x40 == 0) || (v == -1 && c&0x40 != 0) {
			return append(out, c)
		}
		out = append(out, c|0x80)
	}
}

func i32Const(v int32) []byte { return append([]byte{0x41}, sleb(v)...) }

func call(f uint32) []byte { return append([]byte{0x10}, uleb(f)...) }

func name(s string) []byte { return append(uleb(uint32(len(s))), s...) }

func vec(items ...[]byte) []byte { return cat(uleb(uint32(len(items))), cat(items...)) }

func section(id byte, payload []byte) []byte {
	return cat([]byte{id}, uleb(uint32(len(payload))), payload)
}

func functype(params, results []byte) []byte {
	return cat([]byte{0x60}, uleb(uint32(len(params))), params, uleb(uint32(len(results))), results)
}

func importFunc(module, field string, typ uint32) []byte {
	return cat(name(module), name(field), []byte{0x00}, uleb(typ))
}

func export(n string, kind byte, idx uint32) []byte { return cat(name(n), []byte{kind}, uleb(idx)) }

// body is a function body without locals; expr is its code before end.
func body(expr []byte) []byte {
	b := cat([]byte{0x00}, expr, []byte{0x0b})
	return cat(uleb(uint32(len(b))), b)
}

// HostCallerMemory is the size of a HostCaller module's memory, which
// cannot grow.
const HostCallerMemory = 2 << 16

// HostCaller answers a module that relays calls to the host, for tests
// of the host's memory handling: its exports buffer(5 x i32) -> i32, log(3
// x i32) -> i32 and status(3 x i32) -> i32 call env.proxy_get_buffer_bytes,
// env.proxy_log and env.proxy_get_buffer_status with their arguments.
// Its malloc answers the address set_malloc(i32) set last, else the next
// free address from 4096 on. Its memory is HostCallerMemory bytes.
func HostCaller() []byte {
	const (
		tVoid     = iota // () -> ()
		tCallback        // (i32, i32) -> i32
		tMalloc          // (i32) -> i32
		tThree           // (i32, i32, i32) -> i32
		tSet             // (i32) -> ()
		tBuffer          // (i32 x5) -> i32
	)
	const (
		fLog = iota
		fBuffer
		fStatus
		fABI
		fMalloc
		fSetMalloc
		fRelayBuffer
		fRelayLog
		fRelayStatus
		fConfigure
	)
	types := vec(
		functype(nil, nil),
		functype([]byte{i32, i32}, []byte{i32}),
		functype([]byte{i32}, []byte{i32}),
		functype([]byte{i32, i32, i32}, []byte{i32}),
		functype([]byte{i32}, nil),
		functype([]byte{i32, i32, i32, i32, i32}, []byte{i32}),
	)
	imports := vec(
		importFunc("env", "proxy_log", tThree),
		importFunc("env", "proxy_get_buffer_bytes", tBuffer),
		importFunc("env", "proxy_get_buffer_status", tThree),
	)
	funcs := vec([]byte{tVoid}, []byte{tMalloc}, []byte{tSet}, []byte{tBuffer}, []byte{tThree}, []byte{tThree}, []byte{tCallback})
	pages := byte(HostCallerMemory >> 16)
	memory := vec([]byte{0x01, pages, pages})
	globals := vec(cat([]byte{i32, 0x01}, i32Const(4096), []byte{0x0b}), cat([]byte{i32, 0x01}, i32Const(0), []byte{0x0b}))
	exports := vec(
		export("memory", 0x02, 0),
		export("proxy_abi_version_0_2_0", 0x00, fABI),
		export("malloc", 0x00, fMalloc),
		export("set_malloc", 0x00, fSetMalloc),
		export("buffer", 0x00, fRelayBuffer),
		export("log", 0x00, fRelayLog),
		export("status", 0x00, fRelayStatus),
		export("proxy_on_configure", 0x00, fConfigure),
	)
	malloc := []byte{0x23, 1, 0x04, i32, 0x23, 1, 0x05, 0x23, 0, 0x23, 0, 0x20, 0, 0x6a, 0x24, 0, 0x0b}
	relay := func(n byte, f uint32) []byte {
		var b []byte
		for i := range n {
			b = append(b, 0x20, i)
		}
		return append(b, call(f)...)
	}
	code := vec(body(nil), body(malloc), body([]byte{0x20, 0, 0x24, 1}), body(relay(5, fBuffer)),
		body(relay(3, fLog)), body(relay(3, fStatus)), body(i32Const(1)))
	return cat(Empty(), section(1, types), section(2, imports), section(3, funcs), section(5, memory),
		section(6, globals), section(7, exports), section(10, code))
}
