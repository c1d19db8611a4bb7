// Package api is the local control API of the daemon: HTTP+JSON over a unix socket,
// with a server-sent event stream. The terminal UI, the `pbx` command and scripts use it
// through Client.
//
// Endpoints (all under /v1):
//
//	GET  /status          ports with type, number, state and alarms (JSON)
//	GET  /cdr?limit=N     newest call records first (JSON)
//	GET  /config          the configuration as text (pbx/conf format)
//	PUT  /config          apply a configuration text over the current one; 400 with line-numbered errors
//	GET  /events          server-sent events: one JSON pbx.Change per event
//	POST /sim             drive the simulated board (only when the daemon runs on it)
//	GET  /ratings         operator ratings per agent (JSON)
//	GET  /stats           IVR key statistics (JSON)
//	GET  /queues          callers waiting in group queues, with positions and waits (JSON)
//	GET  /prompts         prompts with their lengths (JSON)
//	PUT  /prompts/LANG/NAME  a WAV file becomes that prompt (validated; 400 with the reason)
//	POST /prompts/LANG/NAME/play?ext=801  ring that phone and play the prompt when it answers
package api

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"strconv"
	"time"

	"github.com/analogpbx/pbx/pbx"
	"github.com/analogpbx/pbx/pbx/conf"
	"github.com/analogpbx/pbx/pbx/store"
)

// Sim is the simulated board's controls, for the UI's testbench panel.
// Do runs one action ("offhook", "onhook", "dial", "call", "answer", "hangup") on a
// phone (1-based FXS index) or line (1-based FXO index).
type Sim interface {
	Do(action string, phone, line int, arg string) error
}

// Server serves the control API for one engine.
type Server struct {
	Eng   *pbx.Engine
	Store store.Store
	Sim   Sim // nil when not on the simulated board
	Log   *slog.Logger
	// PromptDir is where the installer's own prompts are saved (one folder per language).
	PromptDir string

	srv *http.Server
}

// Listen opens the unix socket at path. A socket left by a killed daemon is taken over;
// one that answers belongs to a running daemon and is refused.
func Listen(path string) (net.Listener, error) {
	if _, err := os.Stat(path); err == nil {
		c, err := net.DialTimeout("unix", path, time.Second)
		if err == nil {
			c.Close()
			return nil, fmt.Errorf("api: %s is in use by a running pbxd", path)
		}
		if err := os.Remove(path); err != nil {
			return nil, fmt.Errorf("api: remove stale socket: %w", err)
		}
	}
	l, err := net.Listen("unix", path)
	if err != nil {
		return nil, fmt.Errorf("api: %w", err)
	}
	os.Chmod(path, 0o660)
	return l, nil
}

// Serve serves requests on l until ctx ends.
func (s *Server) Serve(ctx context.Context, l net.Listener) error {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /v1/status", s.status)
	mux.HandleFunc("GET /v1/cdr", s.cdr)
	mux.HandleFunc("GET /v1/config", s.getConfig)
	mux.HandleFunc("PUT /v1/config", s.putConfig)
	mux.HandleFunc("GET /v1/events", s.events)
	mux.HandleFunc("POST /v1/sim", s.sim)
	mux.HandleFunc("GET /v1/ratings", s.ratings)
	mux.HandleFunc("GET /v1/stats", s.stats)
	mux.HandleFunc("GET /v1/queues", s.queues)
	mux.HandleFunc("GET /v1/prompts", s.listPrompts)
	mux.HandleFunc("PUT /v1/prompts/{lang}/{name}", s.putPrompt)
	mux.HandleFunc("POST /v1/prompts/{lang}/{name}/play", s.playPrompt)
	s.srv = &http.Server{Handler: mux, BaseContext: func(net.Listener) context.Context { return ctx }}
	go func() {
		<-ctx.Done()
		sc, cancel := context.WithTimeout(context.Background(), time.Second)
		defer cancel()
		s.srv.Shutdown(sc)
	}()
	err := s.srv.Serve(l)
	if errors.Is(err, http.ErrServerClosed) {
		return nil
	}
	return err
}

func writeJSON(w http.ResponseWriter, v any) {
	w.Header().Set("Content-Type", "application/json")
	json.NewEncoder(w).Encode(v)
}

func httpError(w http.ResponseWriter, code int, err error) {
	http.Error(w, err.Error(), code)
}

func (s *Server) status(w http.ResponseWriter, r *http.Request) {
	cfg := s.Eng.Config()
	writeJSON(w, Status{Zone: cfg.System.Zone, Company: cfg.System.Company, Frame: s.Eng.Frame(), Sim: s.Sim != nil, Ports: s.Eng.Status()})
}

func (s *Server) cdr(w http.ResponseWriter, r *http.Request) {
	f := store.Filter{Limit: 100}
	if v := r.URL.Query().Get("limit"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 0 {
			httpError(w, http.StatusBadRequest, fmt.Errorf("limit: %q is not a count", v))
			return
		}
		f.Limit = n
	}
	q := r.URL.Query()
	f.From, f.To, f.Agent, f.Disposition = q.Get("from"), q.Get("to"), q.Get("agent"), q.Get("disposition")
	cdrs, err := s.Store.CDRs(r.Context(), f)
	if err != nil {
		httpError(w, http.StatusInternalServerError, err)
		return
	}
	writeJSON(w, cdrs)
}

func (s *Server) getConfig(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Write(conf.Export(s.Eng.Config()))
}

func (s *Server) putConfig(w http.ResponseWriter, r *http.Request) {
	body, err := io.ReadAll(io.LimitReader(r.Body, 4<<20))
	if err != nil {
		httpError(w, http.StatusBadRequest, err)
		return
	}
	name := r.URL.Query().Get("name")
	if name == "" {
		name = "config"
	}
	c, err := conf.Parse(bytes.NewReader(body), name, s.Eng.Config())
	if err != nil {
		httpError(w, http.StatusBadRequest, err)
		return
	}
	if _, err := s.Store.SaveConfig(r.Context(), c); err != nil {
		httpError(w, http.StatusBadRequest, err)
		return
	}
	s.Eng.SetConfig(c)
	w.WriteHeader(http.StatusNoContent)
}

func (s *Server) events(w http.ResponseWriter, r *http.Request) {
	fl, ok := w.(http.Flusher)
	if !ok {
		httpError(w, http.StatusInternalServerError, errors.New("no streaming"))
		return
	}
	ch, cancel := s.Eng.Subscribe()
	defer cancel()
	w.Header().Set("Content-Type", "text/event-stream")
	w.Header().Set("Cache-Control", "no-cache")
	fl.Flush()
	for {
		select {
		case <-r.Context().Done():
			return
		case c := <-ch:
			b, _ := json.Marshal(c)
			fmt.Fprintf(w, "data: %s\n\n", b)
			fl.Flush()
		}
	}
}

// SimAction is the body of POST /v1/sim.
type SimAction struct {
	Action string `json:"action"`
	Phone  int    `json:"phone,omitempty"`
	Line   int    `json:"line,omitempty"`
	Arg    string `json:"arg,omitempty"`
}

func (s *Server) sim(w http.ResponseWriter, r *http.Request) {
	if s.Sim == nil {
		httpError(w, http.StatusNotFound, errors.New("not running on the simulated board"))
		return
	}
	var a SimAction
	if err := json.NewDecoder(io.LimitReader(r.Body, 1<<16)).Decode(&a); err != nil {
		httpError(w, http.StatusBadRequest, err)
		return
	}
	if err := s.Sim.Do(a.Action, a.Phone, a.Line, a.Arg); err != nil {
		httpError(w, http.StatusBadRequest, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

// Status is the body of GET /v1/status.
type Status struct {
	Zone    string           `json:"zone"`
	Company string           `json:"company"`
	Frame   int64            `json:"frame"`
	Sim     bool             `json:"sim"` // the daemon runs on the simulated board (POST /sim works)
	Ports   []pbx.PortStatus `json:"ports"`
}

// PromptInfo is one prompt in the body of GET /v1/prompts.
type PromptInfo = pbx.PromptInfo
