package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"

	"google.golang.org/grpc/metadata"
)

// benchAdminPassword is the admin password of runs with auth on.
const benchAdminPassword = "bench-Secret-1"

// benchCreds are what a run against a server with auth on sends: the
// admin's login token on REST calls and an xDS token on xDS streams. The
// zero value sends nothing (--auth=false).
type benchCreds struct {
	query string // "&accessToken=..." for REST paths with a query
	xds   string // the xDS token
	label string // what the report line says of the run
}

// outgoing adds the xDS token to a stream's context.
func (c benchCreds) outgoing(ctx context.Context) context.Context {
	if c.xds == "" {
		return ctx
	}
	return metadata.AppendToOutgoingContext(ctx, "authorization", "Bearer "+c.xds)
}

// xdsCredentials logs in as the admin and mints a sidecar xDS token
// (namespace public, what the harness's nodes claim) when withAuth is set.
func xdsCredentials(s *server, withAuth bool) (benchCreds, error) {
	if !withAuth {
		return benchCreds{}, nil
	}
	resp, err := http.PostForm(s.base+"/nacos/v1/auth/login", url.Values{"username": {"nacos"}, "password": {benchAdminPassword}})
	if err != nil {
		return benchCreds{}, fmt.Errorf("login: %w", err)
	}
	var login struct{ AccessToken string }
	err = decodeOK(resp, &login)
	if err != nil {
		return benchCreds{}, fmt.Errorf("login: %w", err)
	}
	req, _ := http.NewRequest(http.MethodPost, s.base+"/causeway/v1/xds/tokens", bytes.NewReader([]byte(`{"role":"sidecar","namespace":"public","ttl":"1h"}`)))
	req.Header.Set("Authorization", "Bearer "+login.AccessToken)
	req.Header.Set("Content-Type", "application/json")
	resp, err = http.DefaultClient.Do(req)
	if err != nil {
		return benchCreds{}, fmt.Errorf("mint xDS token: %w", err)
	}
	var minted struct{ Token string }
	if err := decodeOK(resp, &minted); err != nil {
		return benchCreds{}, fmt.Errorf("mint xDS token: %w", err)
	}
	return benchCreds{query: "&accessToken=" + url.QueryEscape(login.AccessToken), xds: minted.Token, label: " (auth on, token per stream)"}, nil
}

func decodeOK(resp *http.Response, v any) error {
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		return err
	}
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("%d %s", resp.StatusCode, b)
	}
	return json.Unmarshal(b, v)
}
