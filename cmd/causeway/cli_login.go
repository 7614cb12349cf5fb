package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/causeway-dev/causeway/client"
)

// cliLogin: causeway login [--server URL] [-u nacos] [-p pw | --password-stdin].
// It saves the server, the token and its expiry for the other commands.
func cliLogin(args []string) int {
	fs := newFlagSet("login", "login [--server URL] [-u user] [-p password | --password-stdin]")
	s := sessionFlags(fs)
	user := fs.String("u", "nacos", "user name")
	fs.StringVar(user, "username", "nacos", "user name")
	password := fs.String("p", "", "password (visible to other users in the process list: prefer --password-stdin)")
	fs.StringVar(password, "password", "", "same as -p")
	fromStdin := fs.Bool("password-stdin", false, "read the password from the first line of stdin")
	pos, err := parseInterleaved(fs, args)
	if err != nil {
		return parseFailed(err)
	}
	if len(pos) > 0 {
		fmt.Fprintf(os.Stderr, "causeway login: unexpected argument %q\n", pos[0])
		return exitUsage
	}
	if *fromStdin || *password == "" {
		read := func() (string, error) { return readLine(s) }
		if !*fromStdin {
			fmt.Fprint(os.Stderr, "Password: ")
			*password, err = withoutEcho(read)
		} else {
			*password, err = read()
		}
		if err != nil {
			fmt.Fprintf(os.Stderr, "causeway login: read the password: %v\n", err)
			return exitUsage
		}
	}
	return login(s, *user, *password)
}

func login(s *session, user, password string) int {
	return s.run(func(ctx context.Context, c *client.Client) int {
		l, err := c.Login(ctx, user, password)
		if err != nil {
			return s.fail(err)
		}
		cfg := client.Config{Server: c.Server, Username: l.Username, AccessToken: l.AccessToken, Expiry: l.Expiry.UTC().Truncate(1e9)}
		if err := cfg.Save(s.configPath); err != nil {
			return s.fail(err)
		}
		fmt.Fprintf(s.out, "Logged in to %s as %s (token valid until %s); saved to %s\n",
			c.Server, l.Username, cfg.Expiry.Local().Format("2006-01-02 15:04:05 MST"), s.configPath)
		return exitOK
	})
}

func readLine(s *session) (string, error) {
	line, err := bufio.NewReader(s.stdin).ReadString('\n')
	if err != nil && (line == "" || !errors.Is(err, io.EOF)) {
		return "", err
	}
	return strings.TrimRight(line, "\r\n"), nil
}

// cliLogout forgets the saved token (the server is kept, so that the next
// login needs no --server).
func cliLogout(args []string) int {
	fs := newFlagSet("logout", "logout [--config file]")
	s := sessionFlags(fs)
	if _, err := parseInterleaved(fs, args); err != nil {
		return parseFailed(err)
	}
	if err := s.load(); err != nil {
		return s.fail(err)
	}
	if s.cfg.AccessToken == "" {
		fmt.Fprintln(s.out, "Not logged in")
		return exitOK
	}
	cfg := client.Config{Server: s.cfg.Server}
	if err := cfg.Save(s.configPath); err != nil {
		return s.fail(err)
	}
	fmt.Fprintf(s.out, "Logged out of %s\n", s.cfg.Server)
	return exitOK
}
