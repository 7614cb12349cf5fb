package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"

	"github.com/causeway-dev/causeway/api/httpx"
	nacosauth "github.com/causeway-dev/causeway/api/nacos/auth"
	"github.com/causeway-dev/causeway/registry"
	"github.com/causeway-dev/causeway/registry/auth"
	"github.com/causeway-dev/causeway/registry/store"
)

// wireAuth bootstraps users and the signing secret even with --auth=false,
// so that turning auth on later needs no second set-up and clients that send
// credentials can still log in. It answers a nil Authenticator when auth is
// off, and the user service (what issues ServiceComb tokens too).
func wireAuth(ctx context.Context, cfg config, st store.Store, log *slog.Logger, out io.Writer) (authenticators, httpx.Dialect, *auth.Service, error) {
	svc := auth.New(st, auth.Options{Logger: log.With("component", "auth")})
	generated, err := svc.Bootstrap(ctx, cfg.AdminPassword)
	if registry.KindOf(err) == registry.KindInvalid {
		return authenticators{}, httpx.Dialect{}, nil, fmt.Errorf("--admin-password (or CAUSEWAY_ADMIN_PASSWORD): %w", err)
	}
	if err != nil {
		return authenticators{}, httpx.Dialect{}, nil, fmt.Errorf("bootstrap: %w", err)
	}
	if generated != "" {
		fmt.Fprintf(out, "created admin user %q with generated password: %s\n(shown once; set --admin-password or CAUSEWAY_ADMIN_PASSWORD to choose it)\n",
			auth.DefaultAdmin, generated)
	}
	dialect := nacosauth.Dialect(svc, nacosauth.Options{})
	if !cfg.Auth {
		log.Warn("authentication is off (--auth=false): every API is open")
		return authenticators{}, dialect, svc, nil
	}
	return authenticators{tokens: httpx.NewTokenAuth(svc), nacos: nacosauth.NewAuthenticator(svc)}, dialect, svc, nil
}

// authenticators are the two ways a request proves who it is: a token, read
// the same way by every dialect, and for the Nacos dialects alone a token or
// a username and password, as Nacos takes them on any request. Both are nil
// when auth is off.
type authenticators struct {
	tokens httpx.Authenticator
	nacos  httpx.Authenticator
}
