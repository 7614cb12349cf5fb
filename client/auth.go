package client

import (
	"context"
	"encoding/json"
	"fmt"
	"net/url"
	"time"
)

// Login is the answer of a login: the token and when it expires.
type Login struct {
	AccessToken string    `json:"accessToken"`
	TokenTTL    int64     `json:"tokenTtl"`
	GlobalAdmin bool      `json:"globalAdmin"`
	Username    string    `json:"username"`
	Expiry      time.Time `json:"-"`
}

// Login logs in through POST /nacos/v1/auth/login, the Nacos open API
// every Causeway server answers, and sets the client's token.
func (c *Client) Login(ctx context.Context, username, password string) (*Login, error) {
	form := url.Values{"username": {username}, "password": {password}}
	b, err := c.send(ctx, "POST", "/nacos/v1/auth/login", nil,
		&rawBody{"application/x-www-form-urlencoded", []byte(form.Encode())})
	if err != nil {
		return nil, fmt.Errorf("login as %s: %w", username, err)
	}
	var l Login
	if err := json.Unmarshal(b, &l); err != nil || l.AccessToken == "" {
		return nil, fmt.Errorf("login as %s: the server answered no token: %s", username, b)
	}
	l.Expiry = time.Now().Add(time.Duration(l.TokenTTL) * time.Second)
	c.Token = l.AccessToken
	return &l, nil
}
