package plugin

import (
	"os"
	"runtime"
	"runtime/debug"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/causeway-dev/causeway/registry/plugin/plugintest"
)

// validConfigs are typical configurations of the shipped plugins.
var validConfigs = map[string]string{
	"key-auth":       `{"keys":["k1","k2"],"_rules_":[{"_match_route_":["orders"],"keys":["k3"]}]}`,
	"header-rewrite": `{"request":{"set":{"x-a":"1"},"add":{"x-b":"2"},"remove":["x-c"]}}`,
	"ip-restriction": `{"allow":["10.0.0.0/8","192.168.0.0/16"],"deny":["10.1.0.0/16"]}`,
	"gray-tag":       `{"rules":[{"header":"x-user","values":["alice"],"tag":"gray"},{"weight":10,"tag":"gray"}]}`,
}

var engines = []struct {
	name string
	e    engine
}{{"compiler", engineCompiler}, {"interpreter", engineInterpreter}}

// BenchmarkCheckConfig is one check of a valid configuration of each
// shipped plugin, its module compiled already: what an API create or
// update pays. It reports the median besides the mean.
func BenchmarkCheckConfig(b *testing.B) {
	for _, en := range engines {
		for _, name := range plugintest.ShippedNames {
			b.Run(en.name+"/"+name, func(b *testing.B) {
				mod, config := plugintest.Shipped(b, name), []byte(validConfigs[name])
				c := newConfigChecker(en.e, defaultCachedModules)
				load := func() ([]byte, error) { return mod, nil }
				sha := SHA256(mod)
				if err := c.check(ctx, sha, load, config); err != nil {
					b.Fatal(err)
				}
				var took []time.Duration
				b.ReportAllocs()
				b.ResetTimer()
				for b.Loop() {
					start := time.Now()
					if err := c.check(ctx, sha, load, config); err != nil {
						b.Fatal(err)
					}
					took = append(took, time.Since(start))
				}
				slices.Sort(took)
				b.ReportMetric(float64(took[len(took)/2].Nanoseconds()), "p50-ns")
			})
		}
	}
}

// BenchmarkCompileModule is the first use of a module: compiling it and
// its host. It reports what a compiled module keeps: Go heap and resident
// memory (the compiler's machine code is mapped outside the heap).
func BenchmarkCompileModule(b *testing.B) {
	for _, en := range engines {
		for _, name := range plugintest.ShippedNames {
			b.Run(en.name+"/"+name, func(b *testing.B) {
				mod := plugintest.Shipped(b, name)
				load := func() ([]byte, error) { return mod, nil }
				var heap, rss float64
				for b.Loop() {
					c := newModuleCache(en.e, 1)
					h0, r0 := memNow()
					m, err := c.acquire(ctx, SHA256(mod), load)
					if err != nil {
						b.Fatal(err)
					}
					h1, r1 := memNow()
					heap, rss = heap+float64(h1-h0), rss+float64(r1-r0)
					c.release(m)
					m.close()
				}
				b.ReportMetric(heap/float64(b.N), "heap-B/module")
				b.ReportMetric(rss/float64(b.N), "rss-B/module")
			})
		}
	}
}

// memNow answers the live Go heap after a collection and the resident set
// size of the process.
func memNow() (heap, rss int64) {
	debug.FreeOSMemory() // collects, and returns freed pages: RSS then counts what is live
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	if b, err := os.ReadFile("/proc/self/statm"); err == nil {
		if f := strings.Fields(string(b)); len(f) > 1 {
			pages, _ := strconv.ParseInt(f[1], 10, 64)
			rss = pages * int64(os.Getpagesize())
		}
	}
	return int64(ms.HeapAlloc), rss
}
