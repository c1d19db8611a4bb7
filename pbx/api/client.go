package api

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"strings"

	"github.com/analogpbx/pbx/pbx"
)

// Client talks to a daemon's control socket.
type Client struct {
	path string
	hc   *http.Client
}

// NewClient returns a client for the socket at path (nothing is dialed yet).
func NewClient(path string) *Client {
	return &Client{path: path, hc: &http.Client{Transport: &http.Transport{
		DialContext: func(ctx context.Context, _, _ string) (net.Conn, error) {
			var d net.Dialer
			return d.DialContext(ctx, "unix", path)
		},
	}}}
}

func (c *Client) do(ctx context.Context, method, p string, body io.Reader, out any) error {
	req, err := http.NewRequestWithContext(ctx, method, "http://pbxd"+p, body)
	if err != nil {
		return err
	}
	res, err := c.hc.Do(req)
	if err != nil {
		return fmt.Errorf("cannot reach pbxd at %s: %w", c.path, unwrapDial(err))
	}
	defer res.Body.Close()
	if res.StatusCode >= 300 {
		b, _ := io.ReadAll(io.LimitReader(res.Body, 1<<16))
		return &HTTPError{Code: res.StatusCode, Message: strings.TrimSpace(string(b))}
	}
	if out == nil {
		return nil
	}
	if w, ok := out.(io.Writer); ok {
		_, err = io.Copy(w, res.Body)
		return err
	}
	return json.NewDecoder(res.Body).Decode(out)
}

// HTTPError is the daemon's refusal of a request: the HTTP status code (400 for a
// bad request or configuration, 404 for the simulated board's controls on a real
// card) and the daemon's message, which Error returns unchanged.
type HTTPError struct {
	Code    int
	Message string
}

// Error returns the daemon's message.
func (e *HTTPError) Error() string { return e.Message }

func unwrapDial(err error) error {
	var ue *url.Error
	if e, ok := err.(*url.Error); ok {
		ue = e
		return ue.Err
	}
	return err
}

// Status returns the ports and their states.
func (c *Client) Status(ctx context.Context) (*Status, error) {
	var s Status
	return &s, c.do(ctx, "GET", "/v1/status", nil, &s)
}

// CDRs returns up to limit newest call records (0 = the server's default).
func (c *Client) CDRs(ctx context.Context, limit int) ([]pbx.CDR, error) {
	var out []pbx.CDR
	p := "/v1/cdr"
	if limit > 0 {
		p += fmt.Sprintf("?limit=%d", limit)
	}
	return out, c.do(ctx, "GET", p, nil, &out)
}

// ExportConfig returns the configuration text.
func (c *Client) ExportConfig(ctx context.Context) ([]byte, error) {
	var b bytes.Buffer
	err := c.do(ctx, "GET", "/v1/config", nil, &b)
	return b.Bytes(), err
}

// ImportConfig applies configuration text (named name in error messages) over the current one.
func (c *Client) ImportConfig(ctx context.Context, name string, text []byte) error {
	return c.do(ctx, "PUT", "/v1/config?name="+url.QueryEscape(name), bytes.NewReader(text), nil)
}

// Sim runs an action on the simulated board.
func (c *Client) Sim(ctx context.Context, a SimAction) error {
	b, _ := json.Marshal(a)
	return c.do(ctx, "POST", "/v1/sim", bytes.NewReader(b), nil)
}

// Events streams changes until ctx ends; fn is called for each.
func (c *Client) Events(ctx context.Context, fn func(pbx.Change)) error {
	req, err := http.NewRequestWithContext(ctx, "GET", "http://pbxd/v1/events", nil)
	if err != nil {
		return err
	}
	res, err := c.hc.Do(req)
	if err != nil {
		return fmt.Errorf("cannot reach pbxd at %s: %w", c.path, unwrapDial(err))
	}
	defer res.Body.Close()
	sc := bufio.NewScanner(res.Body)
	for sc.Scan() {
		line, ok := strings.CutPrefix(sc.Text(), "data: ")
		if !ok {
			continue
		}
		var ch pbx.Change
		if json.Unmarshal([]byte(line), &ch) == nil {
			fn(ch)
		}
	}
	if ctx.Err() != nil {
		return nil
	}
	return sc.Err()
}
