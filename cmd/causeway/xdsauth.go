package main

import (
	"context"

	"github.com/causeway-dev/causeway/controlplane/xds"
	"github.com/causeway-dev/causeway/registry/auth"
)

// xdsVerifier admits xDS streams by the tokens users mints
// (POST /causeway/v1/xds/tokens): on whenever auth is, nil (xDS open as
// before) with --auth=false.
func xdsVerifier(cfg config, users *auth.Service) xds.Verifier {
	if !cfg.Auth {
		return nil
	}
	return xds.VerifierFunc(func(_ context.Context, token string) (xds.Identity, error) {
		id, err := users.VerifyXDS(token)
		if err != nil {
			return xds.Identity{}, err
		}
		return xds.Identity{Role: id.Role, GatewayID: id.GatewayID, Namespace: id.Namespace}, nil
	})
}
