package badger

import (
	"context"
	"fmt"
	"log/slog"
	"time"

	bdg "github.com/dgraph-io/badger/v4"
	"github.com/dgraph-io/badger/v4/options"

	"github.com/causeway-dev/causeway/registry/store"
)

// Options configures an Engine.
type Options struct {
	// Dir is the data directory; required unless InMemory.
	Dir string
	// InMemory keeps everything in memory, for tests. Sync is then a no-op.
	InMemory bool
	// Logger receives the engine's warnings; nil means slog.Default().
	// Badger's own log lines are passed on only when it has debug enabled.
	Logger *slog.Logger
	// WatchHistory is how many events are kept for watches that resume from
	// a past revision. Default 100000.
	WatchHistory int
	// WatchHistoryBytes bounds the same history by the size of its keys and
	// values (new and previous), whichever limit comes first: 100,000
	// events of ~400-byte instances held ~40 MB. Default 8 MiB.
	WatchHistoryBytes int
	// GCInterval is how often the value log is garbage collected. Default 5m.
	GCInterval time.Duration
}

const (
	defaultWatchHistory      = 100000
	defaultWatchHistoryBytes = 8 << 20
	memTableSize             = 8 << 20
	valueThreshold           = 64 << 10
	defaultGCInterval        = 5 * time.Minute
)

// withDefaults fills zero fields and rejects unusable ones.
func (o Options) withDefaults() (Options, error) {
	if o.Dir == "" && !o.InMemory {
		return o, fmt.Errorf("%w: Options.Dir is required unless InMemory", store.ErrInvalid)
	}
	if o.Logger == nil {
		o.Logger = slog.Default()
	}
	if o.WatchHistory <= 0 {
		o.WatchHistory = defaultWatchHistory
	}
	if o.WatchHistoryBytes <= 0 {
		o.WatchHistoryBytes = defaultWatchHistoryBytes
	}
	if o.GCInterval <= 0 {
		o.GCInterval = defaultGCInterval
	}
	return o, nil
}

// badgerOptions translates Options. SyncWrites is off because the engine
// decides itself when to fsync (see the package comment); conflict detection
// is off because a single goroutine writes.
func (o Options) badgerOptions() bdg.Options {
	// A memtable is an arena on the heap plus, on disk, a write-ahead file
	// mapped into memory, both touched as it fills: Badger's 64 MiB default
	// (and five of them while flushing lagged) made ~130 MiB of the
	// process's resident memory whatever the registry's size. 8 MiB keeps
	// a registry's records flushing often enough. What one transaction may
	// hold shrinks with it (15 % of a memtable), so on disk values above
	// 64 KiB (config chunks, plugin modules) go to the value log, where
	// they count as a pointer. In memory there is no value log: tests keep
	// 16 MiB memtables (about 2.4 MB per transaction).
	//
	// Tables are not compressed: the registry reads them only to check a
	// write's guards and previous value (its views live in memory), and a
	// compressed block is decompressed into a cache on the heap that grew
	// to Badger's 256 MiB default as the registry did, while an
	// uncompressed one is read in place from the mapped file. Tables
	// written compressed by an older Causeway stay readable (each table
	// records its compression) until compaction rewrites them.
	//
	// Two compactors: each of Badger's four builds tables in buffers of its
	// own (~160 MB at once under registration churn), for no speed a
	// two-core server can use.
	bo := bdg.DefaultOptions(o.Dir).WithMemTableSize(memTableSize).WithValueThreshold(valueThreshold)
	if o.InMemory {
		bo = bdg.DefaultOptions("").WithInMemory(true).WithMemTableSize(2 * memTableSize)
	}
	bo = bo.WithCompression(options.None).WithBlockCacheSize(0).WithNumMemtables(2).WithNumCompactors(2)
	bo = bo.WithSyncWrites(false).WithDetectConflicts(false).WithNumVersionsToKeep(1)
	if o.Logger.Enabled(context.Background(), slog.LevelDebug) {
		return bo.WithLogger(slogAdapter{o.Logger.With("component", "badger")})
	}
	return bo.WithLogger(nil)
}
