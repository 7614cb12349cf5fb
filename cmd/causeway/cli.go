package main

// The CLI commands (cli_*.go) are thin: each parses its flags, builds a
// client.Client from the saved login and prints what the client answers.
// They use the standard flag package, as serve does, so that serve and
// version keep their exact behaviour, and write their shell completion by
// hand (cli_completion.go): the command set is small and fixed.

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"

	"github.com/causeway-dev/causeway/client"
)

// cliCommands are the commands besides serve and version.
var cliCommands = map[string]func(args []string) int{
	"login":  cliLogin,
	"logout": cliLogout,
	"apply":  cliApply,
	"delete": cliDelete,
	"get":    cliGet,

	"proxy-status": cliProxyStatus,
	"proxy-config": cliProxyConfig,
	"plugin":       cliPlugin,
}

// completion is added in init: it lists cliCommands, which would make the
// map's initializer refer to itself.
func init() { cliCommands["completion"] = cliCompletion }

// Exit codes of the CLI commands.
const (
	exitOK    = 0
	exitFail  = 1 // the server refused or could not be reached
	exitUsage = 2 // bad flags or bad input files
)

// session is what every CLI command shares: where the saved login lives,
// the server and token to use, and the streams it prints to.
type session struct {
	configPath string
	server     string
	cfg        client.Config
	expired    bool // the saved token expired and is not sent
	out, errw  io.Writer
	stdin      io.Reader
}

// sessionFlags adds --server and --config to fs.
func sessionFlags(fs *flag.FlagSet) *session { return sessionFlagsNamed(fs, "config") }

// sessionFlagsNamed adds --server and the saved login file's flag under
// configFlag (plugin push has its own --config, the plugin's).
func sessionFlagsNamed(fs *flag.FlagSet, configFlag string) *session {
	s := &session{out: os.Stdout, errw: os.Stderr, stdin: os.Stdin}
	fs.StringVar(&s.server, "server", "", "server URL (default: $CAUSEWAY_SERVER, the saved login, "+client.DefaultServer+")")
	fs.StringVar(&s.configPath, configFlag, "", "saved login file (default $XDG_CONFIG_HOME/causeway/config.yaml)")
	return s
}

// load reads the saved login.
func (s *session) load() error {
	if s.configPath == "" {
		p, err := client.DefaultConfigPath()
		if err != nil {
			return err
		}
		s.configPath = p
	}
	cfg, err := client.LoadConfig(s.configPath)
	s.cfg = cfg
	return err
}

// client answers a client of the chosen server: --server beats
// $CAUSEWAY_SERVER, which beats the saved login.
func (s *session) client() (*client.Client, error) {
	if err := s.load(); err != nil {
		return nil, err
	}
	server, token, expired := s.cfg.Resolve(time.Now())
	if s.server != "" {
		server = s.server
		if s.cfg.Server != "" && strings.TrimRight(s.cfg.Server, "/") != strings.TrimRight(server, "/") && os.Getenv(client.EnvToken) == "" {
			token = "" // the saved token is another server's
		}
	}
	s.expired = expired
	return client.New(server, token), nil
}

// fail prints err and answers the exit code of a failed command; a refused
// token says when the saved one expired.
func (s *session) fail(err error) int {
	var apiErr *client.APIError
	if s.expired && errors.As(err, &apiErr) && apiErr.NeedsLogin() {
		fmt.Fprintf(s.errw, "causeway: the saved token expired at %s: run causeway login\n",
			s.cfg.Expiry.Format(time.RFC3339))
		return exitFail
	}
	fmt.Fprintf(s.errw, "causeway: %v\n", err)
	return exitFail
}

// parseInterleaved parses flags that may come after positional arguments
// ("get routes -g gw1"), which flag.Parse alone stops at.
func parseInterleaved(fs *flag.FlagSet, args []string) ([]string, error) {
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			return nil, err
		}
		if fs.NArg() == 0 {
			return pos, nil
		}
		pos = append(pos, fs.Arg(0))
		args = fs.Args()[1:]
	}
}

// newFlagSet answers a flag set that prints its errors and usage to
// stderr under "causeway <name>".
func newFlagSet(name, usage string) *flag.FlagSet {
	fs := flag.NewFlagSet("causeway "+name, flag.ContinueOnError)
	fs.Usage = func() {
		fmt.Fprintf(fs.Output(), "usage: causeway %s\n\nflags:\n", usage)
		fs.PrintDefaults()
	}
	return fs
}

// parseFailed answers the exit code of a failed parse: 0 for -h.
func parseFailed(err error) int {
	if errors.Is(err, flag.ErrHelp) {
		return exitOK
	}
	return exitUsage
}

// commandContext is cancelled by Ctrl-C.
// run makes the session's client and runs do with it, under a context
// that SIGINT and SIGTERM cancel; a client that cannot be made fails the
// command as a refused request does.
func (s *session) run(do func(ctx context.Context, c *client.Client) int) int {
	c, err := s.client()
	if err != nil {
		return s.fail(err)
	}
	ctx, cancel := commandContext()
	defer cancel()
	return do(ctx, c)
}

func commandContext() (context.Context, context.CancelFunc) {
	return signal.NotifyContext(context.Background(), syscall.SIGINT, syscall.SIGTERM)
}
