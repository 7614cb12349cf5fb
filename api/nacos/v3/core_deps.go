package v3

import (
	"context"
	"log/slog"
	"time"

	nacosgrpc "github.com/causeway-dev/causeway/api/nacos/grpc"
	"github.com/causeway-dev/causeway/api/nacos/nacoswire"
)

// Core is what the core section reports about the running process.
type Core struct {
	Version  string
	Auth     bool   // --auth
	HTTPAddr string // --http-addr, e.g. ":8848"
	Store    string // --store: badger (standalone) or etcd (a cluster)
	Started  time.Time
	// Ready is the same truth as /readyz; nil means ready.
	Ready func() bool
	// Cluster gives the members the node routes list; nil (or a node not
	// yet joined) lists this process alone, at the address asked.
	Cluster nacoswire.Cluster
	// Level is the process's log level, which every section's ops/log
	// moves (ops_log.go); nil means it cannot change at run time.
	Level *slog.LevelVar
	// Conns is the Nacos gRPC server whose connections the loader routes
	// list and reset; nil when it does not run.
	Conns Connections
	// Plugins lists the plugins the plugin routes report.
	Plugins func() []Plugin
}

// Connections is the part of the Nacos gRPC server the loader routes use.
type Connections interface {
	Connections() []nacosgrpc.ConnInfo
	ResetConn(ctx context.Context, id, redirect string) error
}

// Plugin is one plugin of the process as the plugin routes report it.
type Plugin struct {
	Type    string
	Name    string
	Enabled bool
	// Detail is what the detail route adds (a module's digest, a gateway).
	Detail map[string]any
	// Why it cannot be changed through this API.
	Fixed string
}
