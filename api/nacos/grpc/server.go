package nacosgrpc

import (
	"context"
	"log/slog"
	"sync"
	"sync/atomic"
	"time"

	"google.golang.org/grpc"
	"google.golang.org/grpc/keepalive"
	"google.golang.org/grpc/stats"

	regauth "github.com/causeway-dev/causeway/registry/auth"
	"github.com/causeway-dev/causeway/registry/config"
	"github.com/causeway-dev/causeway/registry/naming"
)

// Options tune the server.
type Options struct {
	Logger *slog.Logger
	Naming *naming.Registry
	Config *config.Service
	// Auth checks the SDKs' access tokens; nil serves without
	// authentication.
	Auth *regauth.Service
	// SetupWait is how long a request on a transport whose setup has not
	// arrived yet waits for it before it is answered "unregistered"
	// (default 1 s).
	SetupWait time.Duration
	// PushTimeout is how long a push waits for its acknowledgement before
	// it is sent again (default 5 s, Nacos's pushTaskTimeout).
	PushTimeout time.Duration
	// DetectAfter is how long a connection may stay silent before it is
	// asked whether it is still there (default 20 s, as Nacos).
	DetectAfter time.Duration
	// OrphanGrace is how long after start the instances of connections from
	// before a restart wait for their clients to come back and register
	// them again (default 30 s).
	OrphanGrace time.Duration
	// MaxConns bounds the connections (0: 100,000).
	MaxConns int
	// Now is the clock (tests move it).
	Now func() time.Time
}

// maxMessage is the largest payload either side sends: the SDKs accept
// 10 MiB, and a config's content may be 10 MiB itself.
const maxMessage = 10<<20 + 64<<10

// Server is the Nacos 2 gRPC server.
type Server struct {
	opts     Options
	log      *slog.Logger
	handlers map[string]*handler
	seq      atomic.Uint64 // ids of pushes
	nSetUp   atomic.Int64  // connections set up
	pushed   atomic.Int64  // pushes acknowledged
	missed   atomic.Int64  // pushes that failed or went unacknowledged
	stopping atomic.Bool   // see Stopping

	mu    sync.RWMutex
	conns map[string]*Conn // every open transport, set up or not

	subs      *subscriptions
	listeners *listeners
}

// New builds a server; Register it on a gRPC server made with
// ServerOptions, and Run it.
func New(opts Options) *Server {
	if opts.Logger == nil {
		opts.Logger = slog.Default()
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if opts.SetupWait <= 0 {
		opts.SetupWait = time.Second
	}
	if opts.PushTimeout <= 0 {
		opts.PushTimeout = 5 * time.Second
	}
	if opts.DetectAfter <= 0 {
		opts.DetectAfter = 20 * time.Second
	}
	if opts.OrphanGrace <= 0 {
		opts.OrphanGrace = 30 * time.Second
	}
	if opts.MaxConns <= 0 {
		opts.MaxConns = 100_000
	}
	s := &Server{opts: opts, log: opts.Logger, conns: map[string]*Conn{}}
	s.subs = newSubscriptions(s)
	s.listeners = newListeners(s)
	if s.opts.Config != nil {
		s.opts.Config.AddSubscriberSource(s.listeners.subscribers)
	}
	s.handlers = s.routes()
	return s
}

// ServerOptions are the options of the gRPC server to register on: the
// Nacos payload codec, the connection tracker, 10 MiB messages, and pings
// as often as the Go SDK sends them (every 60 s, with or without a call).
func (s *Server) ServerOptions() []grpc.ServerOption {
	return []grpc.ServerOption{
		grpc.ForceServerCodecV2(serverCodec{}),
		grpc.Creds(plaintext{}),
		grpc.StatsHandler(tracker{s}),
		grpc.MaxRecvMsgSize(maxMessage),
		grpc.MaxSendMsgSize(maxMessage),
		grpc.ReadBufferSize(readBuffer),
		grpc.HeaderTableSize(headerTable),
		grpc.KeepaliveEnforcementPolicy(keepalive.EnforcementPolicy{MinTime: 10 * time.Second, PermitWithoutStream: true}),
		grpc.KeepaliveParams(keepalive.ServerParameters{Time: 2 * time.Hour, Timeout: 20 * time.Second}),
	}
}

// readBuffer is each transport's read buffer, held for the connection's
// life. gRPC's default, 32 KiB, was a fifth of what an idle SDK
// connection cost; Nacos requests are a few hundred bytes, and a larger
// message is read in more calls (registration CPU measured the same with
// 1 KiB as with 4 KiB).
const readBuffer = 1 << 10

// headerTable bounds the HPACK table the clients may fill in the
// server's decoder (SETTINGS_HEADER_TABLE_SIZE; 4 KiB by default). Their
// headers are the same few on every request, which fit, but grpc-timeout
// differs every time and would fill the rest of every connection's table.
const headerTable = 1 << 10

// Register adds the Request and BiRequestStream services to g.
func (s *Server) Register(g *grpc.Server) {
	g.RegisterService(&requestService, s)
	g.RegisterService(&biStreamService, s)
}

// Run pushes registry and config changes to the connections, asks silent
// connections whether they are there, and sweeps the instances of
// connections from before a restart, until ctx ends.
func (s *Server) Run(ctx context.Context) {
	var wg sync.WaitGroup
	for _, f := range []func(context.Context){s.subs.run, s.listeners.run, s.detect, s.sweepOrphans} {
		wg.Add(1)
		go func() { defer wg.Done(); f(ctx) }()
	}
	wg.Wait()
}

// requestService is Nacos's unary service. Its name has no package: the
// proto file of Nacos declares none.
var requestService = grpc.ServiceDesc{
	ServiceName: "Request",
	HandlerType: (*any)(nil),
	Methods: []grpc.MethodDesc{{MethodName: "request", Handler: func(srv any, ctx context.Context, dec func(any) error, _ grpc.UnaryServerInterceptor) (any, error) {
		p := new(Payload)
		if err := dec(p); err != nil {
			return nil, err
		}
		return srv.(*Server).request(ctx, p), nil
	}}},
}

var biStreamService = grpc.ServiceDesc{
	ServiceName: "BiRequestStream",
	HandlerType: (*any)(nil),
	Streams: []grpc.StreamDesc{{StreamName: "requestBiStream", ServerStreams: true, ClientStreams: true,
		Handler: func(srv any, st grpc.ServerStream) error { return srv.(*Server).biStream(st) }}},
}

// tracker gives every transport its Conn and closes it when the transport
// ends.
type tracker struct{ s *Server }

func (t tracker) TagConn(ctx context.Context, info *stats.ConnTagInfo) context.Context {
	c := newConn(info.RemoteAddr, t.s.opts.Now())
	t.s.mu.Lock()
	t.s.conns[c.ID] = c
	t.s.mu.Unlock()
	return context.WithValue(ctx, connKey{}, c)
}

func (t tracker) HandleConn(ctx context.Context, st stats.ConnStats) {
	if _, end := st.(*stats.ConnEnd); end {
		if c := connOf(ctx); c != nil {
			t.s.drop(c)
		}
	}
}

func (tracker) TagRPC(ctx context.Context, _ *stats.RPCTagInfo) context.Context { return ctx }
func (tracker) HandleRPC(context.Context, stats.RPCStats)                       {}

// Stopping tells the server its process is going: the connections that
// close from now on are cut by the shutdown, not by their clients, so
// their instances stay in the registry. The clients connect again to the
// next start and register again, taking them over; the next start sweeps
// those nobody took back (OrphanGrace). Without this a restart emptied
// every service for whoever watches it (xDS, HTTP clients, other
// subscribers) until each client was back, and spent the shutdown
// deleting instances one connection at a time.
func (s *Server) Stopping() { s.stopping.Store(true) }

// conn answers an open connection by id.
func (s *Server) conn(id string) *Conn {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return s.conns[id]
}

// connections answers every open connection.
func (s *Server) connections() []*Conn {
	s.mu.RLock()
	defer s.mu.RUnlock()
	out := make([]*Conn, 0, len(s.conns))
	for _, c := range s.conns {
		out = append(out, c)
	}
	return out
}

// drop closes a connection and lets go of everything it owned: its
// instances leave the registry, its subscriptions and config listens end.
func (s *Server) drop(c *Conn) {
	if !c.close() {
		return
	}
	if c.Setup() != nil {
		s.nSetUp.Add(-1)
	}
	s.mu.Lock()
	delete(s.conns, c.ID)
	s.mu.Unlock()
	s.subs.dropConn(c)
	s.listeners.dropConn(c)
	if s.opts.Naming != nil && s.stopping.Load() {
		s.opts.Naming.DetachClient(c.ID)
	} else if s.opts.Naming != nil {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		if err := s.opts.Naming.RemoveClient(ctx, c.ID); err != nil {
			s.log.Warn("nacos grpc: removing a closed connection's instances", "conn", c.ID, "err", err)
		}
	}
	s.log.Debug("nacos grpc: connection closed", "conn", c.ID)
}

// Stats are counters of the server, for metrics.
type Stats struct {
	Connections int64 // set up now
	Pushed      int64 // pushes acknowledged, since the start
	Missed      int64 // pushes that failed or went unacknowledged (sent again)
}

// Stats answers the server's counters.
func (s *Server) Stats() Stats {
	return Stats{Connections: s.nSetUp.Load(), Pushed: s.pushed.Load(), Missed: s.missed.Load()}
}

// counted records a push's outcome.
func (s *Server) counted(delivered bool) bool {
	if delivered {
		s.pushed.Add(1)
	} else {
		s.missed.Add(1)
	}
	return delivered
}

// nextID answers the id of a push: a decimal string, as Nacos's.
func (s *Server) nextID() string { return uitoa(s.seq.Add(1)) }
