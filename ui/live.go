package ui

import (
	"bytes"
	"context"
	"fmt"
	"time"

	"github.com/analogpbx/pbx/pbx"
	"github.com/analogpbx/pbx/pbx/api"
	"github.com/analogpbx/pbx/pbx/conf"
)

// What the UI reads from the daemon and when: the configuration at start, after
// each save and on the daemon's "config" events; the port states every pollEvery
// and at once on its port and call events.

// fetchConfig reads the daemon's configuration as a struct.
func (a *App) fetchConfig(ctx context.Context) (*pbx.Config, error) {
	text, err := a.c.ExportConfig(ctx)
	if err != nil {
		return nil, err
	}
	// A nil base reads the text as a whole configuration, as a restore does.
	cfg, err := conf.Parse(bytes.NewReader(text), "daemon", nil)
	if err != nil {
		return nil, fmt.Errorf("configuration from the daemon: %w", err)
	}
	return cfg, nil
}

// setConfig takes a configuration read from the daemon and redraws every screen.
func (a *App) setConfig(cfg *pbx.Config, err error) {
	if err != nil {
		a.problem(err.Error())
		return
	}
	a.cfg = cfg
	a.drawHeader()
	if a.form == nil && !a.modal {
		a.screens[a.cur].refresh()
	}
	a.maybeWizard()
}

// reload reads the configuration again (after a save), on the UI goroutine.
func (a *App) reload() {
	var cfg *pbx.Config
	err := a.request(func(ctx context.Context) (err error) {
		cfg, err = a.fetchConfig(ctx)
		return err
	})
	a.setConfig(cfg, err)
}

// poll asks the daemon for the port states every pollEvery, or sooner when an event
// arrives, until ctx ends.
func (a *App) poll(ctx context.Context) {
	t := time.NewTicker(pollEvery)
	defer t.Stop()
	for {
		rctx, cancel := context.WithTimeout(ctx, requestTimeout)
		st, err := a.c.Status(rctx)
		var qs []pbx.QueueStatus
		if err == nil {
			qs, _ = a.c.Queues(rctx) // an older daemon without queues shows none
		}
		cancel()
		if ctx.Err() != nil {
			return
		}
		a.tv.QueueUpdateDraw(func() { a.queues = qs; a.setStatus(st, err) })
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		case <-a.kick:
		}
	}
}

// follow reads the daemon's event stream: port and call changes refresh the status
// at once, configuration changes reload the configuration.
func (a *App) follow(ctx context.Context) {
	for {
		a.c.Events(ctx, func(ch pbx.Change) {
			if ch.Kind == "config" {
				cfg, err := a.fetchConfig(ctx)
				if ctx.Err() == nil && err == nil {
					a.tv.QueueUpdateDraw(func() { a.setConfig(cfg, nil) })
				}
			}
			select {
			case a.kick <- struct{}{}:
			default:
			}
		})
		select {
		case <-ctx.Done():
			return
		case <-time.After(retryEvery):
		}
	}
}

// setStatus takes a status answer (or its failure) and redraws what shows it.
func (a *App) setStatus(st *api.Status, err error) {
	switch {
	case err != nil && (a.stErr == nil || a.st == nil && a.stErr.Error() != err.Error()):
		a.problem(err.Error())
	case err == nil && a.stErr != nil:
		a.say("connected to pbxd again")
	}
	a.stErr = err
	if err == nil && a.cfg == nil && !a.loading {
		// The daemon answers again (or for the first time): read its configuration.
		a.loading = true
		go func() {
			ctx, cancel := context.WithTimeout(context.Background(), requestTimeout)
			defer cancel()
			cfg, err := a.fetchConfig(ctx)
			a.tv.QueueUpdateDraw(func() { a.loading = false; a.setConfig(cfg, err) })
		}()
	}
	if err == nil {
		a.st = st
		if a.noSim == st.Sim {
			a.noSim = !st.Sim
			a.drawTabs()
		}
	}
	a.drawHeader()
	if a.form == nil && !a.modal {
		if r, ok := a.screens[a.cur].(interface{ statusChanged() }); ok {
			r.statusChanged()
		}
	}
}
