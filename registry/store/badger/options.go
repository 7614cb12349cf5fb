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
	// events of ~400-byte instances held ~40 MB. Default 16 MiB.
	WatchHistoryBytes int
	// GCInterval is how often the value log is garbage collected. Default 5m.
	GCInterval time.Duration
}

const (
	defaultWatchHistory      = 100000
	defaultWatchHistoryBytes = 16 << 20
	memTableSize             = 16 << 20
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
	// made ~130 MiB of the process's resident memory whatever the
	// registry's size. 16 MiB keeps a registry's records flushed to tables
	// often enough, at the price of a lower per-transaction limit (about
	// 2.4 MB instead of 9.6 MB): large values (configs, plugin modules) are
	// written a chunk per transaction anyway.
	//
	// Tables are not compressed: the registry reads them only to check a
	// write's guards and previous value (its views live in memory), and a
	// compressed block is decompressed into a cache on the heap that grew
	// to Badger's 256 MiB default as the registry did, while an
	// uncompressed one is read in place from the mapped file. Tables
	// written compressed by an older Causeway stay readable (each table
	// records its compression) until compaction rewrites them.
	dir := o.Dir
	if o.InMemory {
		dir = ""
	}
	bo := bdg.DefaultOptions(dir).WithInMemory(o.InMemory).WithMemTableSize(memTableSize).
		WithCompression(options.None).WithBlockCacheSize(0)
	bo = bo.WithSyncWrites(false).WithDetectConflicts(false).WithNumVersionsToKeep(1)
	if o.Logger.Enabled(context.Background(), slog.LevelDebug) {
		return bo.WithLogger(slogAdapter{o.Logger.With("component", "badger")})
	}
	return bo.WithLogger(nil)
}
