package client

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"time"
)

// DefaultServer is where a server started by "causeway serve" listens.
const DefaultServer = "http://127.0.0.1:8848"

// maxAnswer bounds what the client reads of one answer: config dumps of a
// big gateway are megabytes, never hundreds.
const maxAnswer = 256 << 20

// Client talks to one server with one token ("" when auth is off).
type Client struct {
	Server string
	Token  string
	HTTP   *http.Client
}

// New answers a client of server (DefaultServer when empty) sending token.
func New(server, token string) *Client {
	if server == "" {
		server = DefaultServer
	}
	return &Client{Server: strings.TrimRight(server, "/"), Token: token,
		HTTP: &http.Client{Timeout: 60 * time.Second}}
}

// APIError is an answer other than 2xx: its status and what the server
// said, in the CSE shape (error_code, error_msg, detail) when it used it.
type APIError struct {
	Status  int
	Code    string
	Message string
	Detail  string
	Body    string // the raw answer when it was not the CSE shape
}

func (e *APIError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%d %s", e.Status, http.StatusText(e.Status))
	switch {
	case e.Code != "" || e.Message != "":
		b.WriteString(": " + strings.TrimSpace(e.Code+" "+e.Message))
		if e.Detail != "" {
			b.WriteString(": " + e.Detail)
		}
	case e.Body != "":
		b.WriteString(": " + e.Body)
	}
	if e.NeedsLogin() {
		b.WriteString(" (run causeway login)")
	}
	return b.String()
}

// NeedsLogin reports whether the answer refused the token: 401, or a 403
// that is not the CSE "permission refused" code (Nacos answers an expired
// or missing token 403).
func (e *APIError) NeedsLogin() bool {
	return e.Status == http.StatusUnauthorized || (e.Status == http.StatusForbidden && e.Code != "403001")
}

// IsNotFound reports whether err is a 404 answer.
func IsNotFound(err error) bool {
	var e *APIError
	return errors.As(err, &e) && e.Status == http.StatusNotFound
}

// call sends a request and decodes a JSON answer into out (nil: discard).
// body is sent as JSON unless it is a *rawBody.
func (c *Client) call(ctx context.Context, method, path string, q url.Values, body, out any) error {
	b, err := c.send(ctx, method, path, q, body)
	if err != nil || out == nil {
		return err
	}
	if err := json.Unmarshal(b, out); err != nil {
		return fmt.Errorf("%s %s: decode the answer: %w", method, path, err)
	}
	return nil
}

// rawBody is a request body sent as is with its content type.
type rawBody struct {
	contentType string
	data        []byte
}

func (c *Client) send(ctx context.Context, method, path string, q url.Values, body any) ([]byte, error) {
	req, err := c.request(ctx, method, path, q, body)
	if err != nil {
		return nil, err
	}
	resp, err := c.HTTP.Do(req) //nolint:gosec // G704: the server is the user's own choice
	if err != nil {
		return nil, fmt.Errorf("%s %s: %w", method, path, err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(io.LimitReader(resp.Body, maxAnswer))
	if err != nil {
		return nil, fmt.Errorf("%s %s: read the answer: %w", method, path, err)
	}
	if resp.StatusCode/100 != 2 {
		return nil, apiError(resp.StatusCode, b)
	}
	return b, nil
}

func (c *Client) request(ctx context.Context, method, path string, q url.Values, body any) (*http.Request, error) {
	u := c.Server + path
	if len(q) > 0 {
		u += "?" + q.Encode()
	}
	var rd io.Reader
	ctype := ""
	switch b := body.(type) {
	case nil:
	case *rawBody:
		rd, ctype = bytes.NewReader(b.data), b.contentType
	default:
		data, err := json.Marshal(body)
		if err != nil {
			return nil, fmt.Errorf("%s %s: encode the body: %w", method, path, err)
		}
		rd, ctype = bytes.NewReader(data), "application/json"
	}
	req, err := http.NewRequestWithContext(ctx, method, u, rd)
	if err != nil {
		return nil, fmt.Errorf("%s %s: %w", method, path, err)
	}
	if ctype != "" {
		req.Header.Set("Content-Type", ctype)
	}
	if c.Token != "" {
		req.Header.Set("Authorization", "Bearer "+c.Token)
	}
	return req, nil
}

// apiError reads a failed answer: the CSE error shape when it is one, the
// text otherwise (Nacos answers plain text or Spring's JSON).
func apiError(status int, b []byte) *APIError {
	e := &APIError{Status: status}
	var cse struct {
		Code    string `json:"error_code"`
		Message string `json:"error_msg"`
		Detail  string `json:"detail"`
		Spring  string `json:"message"`
	}
	if json.Unmarshal(b, &cse) == nil {
		e.Code, e.Message, e.Detail = cse.Code, cse.Message, cse.Detail
		if e.Code == "" && e.Message == "" && cse.Spring != "" {
			e.Message = cse.Spring
		}
	}
	if e.Code == "" && e.Message == "" {
		e.Body = strings.TrimSpace(string(b))
		if len(e.Body) > 500 {
			e.Body = e.Body[:500] + "..."
		}
	}
	return e
}

// esc escapes one path segment.
func esc(s string) string { return url.PathEscape(s) }
