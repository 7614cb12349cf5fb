package plugin

import (
	"container/list"
	"context"
	"fmt"
	"sync"

	"github.com/tetratelabs/wazero"
	"github.com/tetratelabs/wazero/api"
)

// engine is how wazero runs modules.
type engine int

const (
	// engineCompiler compiles a module to machine code once (1.4-1.9 s
	// for a 2.6 MB standard-Go plugin, 15-17 MB kept) and then checks a
	// configuration in ~3 ms. See docs/BENCHMARKS.md for the numbers
	// behind the choice.
	engineCompiler engine = iota
	// engineInterpreter compiles in 0.1-0.15 s but keeps 55 MB per module
	// and checks in ~10 ms.
	engineInterpreter
)

// defaultCachedModules is how many compiled modules the checker keeps: the
// shipped plugins and a few more.
const defaultCachedModules = 8

// compiled is a module compiled in a runtime of its own, whose host
// modules provide exactly the module's imports.
type compiled struct {
	sha    string
	ready  chan struct{} // closed once compiled (or failed)
	err    error
	rt     wazero.Runtime
	cm     wazero.CompiledModule
	malloc string // the allocator's export name
	// exports are the module's exported functions.
	exports map[string]api.FunctionDefinition
	// skip is why the module's configuration cannot be checked (its host
	// cannot be modelled); "" when it can.
	skip string

	refs    int // guarded by moduleCache.mu
	evicted bool
	elem    *list.Element
}

// moduleCache keeps the last used compiled modules by sha256. A module in
// use stays open until released, even when evicted.
type moduleCache struct {
	engine engine
	max    int

	mu   sync.Mutex
	byID map[string]*compiled
	lru  *list.List // front: most recently used
}

func newModuleCache(e engine, max int) *moduleCache {
	return &moduleCache{engine: e, max: max, byID: map[string]*compiled{}, lru: list.New()}
}

// acquire answers the module with this sha256 compiled, compiling what
// load answers when it is not cached (once, however many ask at once).
// Release it when done. Compilation errors are the module's faults.
func (c *moduleCache) acquire(ctx context.Context, sha string, load func() ([]byte, error)) (*compiled, error) {
	c.mu.Lock()
	m, ok := c.byID[sha]
	if ok {
		m.refs++
		c.lru.MoveToFront(m.elem)
		c.mu.Unlock()
		select {
		case <-m.ready:
		case <-ctx.Done():
			c.release(m)
			return nil, fmt.Errorf("compile the module: %w", ctx.Err())
		}
		if m.err != nil {
			c.release(m)
			return nil, m.err
		}
		return m, nil
	}
	m = &compiled{sha: sha, ready: make(chan struct{}), refs: 1}
	m.elem = c.lru.PushFront(m)
	c.byID[sha] = m
	var evicted []*compiled
	for c.lru.Len() > c.max {
		old := c.lru.Remove(c.lru.Back()).(*compiled)
		delete(c.byID, old.sha)
		old.evicted = true
		if old.refs == 0 {
			evicted = append(evicted, old)
		}
	}
	c.mu.Unlock()
	for _, old := range evicted {
		old.close()
	}

	m.err = c.compile(ctx, m, load)
	close(m.ready)
	if m.err != nil {
		c.mu.Lock()
		if c.byID[sha] == m {
			c.lru.Remove(m.elem)
			delete(c.byID, sha)
			m.evicted = true
		}
		c.mu.Unlock()
		c.release(m)
		return nil, m.err
	}
	return m, nil
}

// release gives back a module acquire answered.
func (c *moduleCache) release(m *compiled) {
	c.mu.Lock()
	m.refs--
	done := m.refs == 0 && m.evicted
	c.mu.Unlock()
	if done {
		m.close()
	}
}

func (m *compiled) close() {
	if m.rt != nil {
		_ = m.rt.Close(context.Background())
	}
}

// runtimeConfig is the configuration of a check's runtime: instances are
// closed when their context is done (the check's deadline), and memory
// is bounded.
func (e engine) runtimeConfig() wazero.RuntimeConfig {
	cfg := wazero.NewRuntimeConfigCompiler()
	if e == engineInterpreter {
		cfg = wazero.NewRuntimeConfigInterpreter()
	}
	return cfg.WithCloseOnContextDone(true).WithMemoryLimitPages(ConfigureMemoryPages)
}

// compile compiles the module load answers into m, in a runtime of its
// own with its imports provided, and checks its exports.
func (c *moduleCache) compile(ctx context.Context, m *compiled, load func() ([]byte, error)) error {
	b, err := load()
	if err != nil {
		return err
	}
	// Compilation is not interruptible: it must not die with the request
	// that asked for it, since others may wait for it.
	ctx = context.WithoutCancel(ctx)
	rt := wazero.NewRuntimeWithConfig(ctx, c.engine.runtimeConfig())
	cm, err := rt.CompileModule(ctx, b)
	if err != nil {
		_ = rt.Close(ctx)
		return &ConfigError{Field: "url", Reason: fmt.Sprintf("the module is not valid WebAssembly: %v", err)}
	}
	malloc, err := checkExports(cm)
	if err != nil {
		_ = rt.Close(ctx)
		return &ConfigError{Field: "url", Reason: err.Error()}
	}
	if len(cm.ImportedMemories()) > 0 {
		// Envoy makes the memory a module imports; wazero's host
		// modules cannot export one. Such a module goes unchecked
		// rather than refused.
		m.skip = "the module imports its memory"
	} else if err := instantiateImports(ctx, rt, cm); err != nil {
		_ = rt.Close(ctx)
		return &ConfigError{Field: "url", Reason: "the module's imports cannot be provided: " + err.Error()}
	}
	m.rt, m.cm, m.malloc, m.exports = rt, cm, malloc, cm.ExportedFunctions()
	return nil
}
