package firmware

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"time"
)

// Heartbeat is a subsystem the watchdog watches. Alive returns the time the subsystem last
// showed progress (the frame loop: its last frame).
type Heartbeat interface {
	Name() string
	Alive() time.Time
}

// Beat is a Heartbeat made of a name and a function.
type Beat struct {
	N string
	F func() time.Time
}

// Name is the subsystem's name.
func (b Beat) Name() string { return b.N }

// Alive is the time of its last progress.
func (b Beat) Alive() time.Time { return b.F() }

// Watchdog feeds a Linux watchdog device while every heartbeat is fresh.
type Watchdog struct {
	// Path is the device, normally /dev/watchdog. Writing to it feeds it; writing 'V'
	// before closing disarms it (the "magic close" of the Linux watchdog API).
	Path string
	// Every is how often the heartbeats are checked and the device fed (default 1 s).
	Every time.Duration
	// Stale is how old a heartbeat may be before feeding stops (default 5 s). The device's
	// own timeout (for example 10 s) then reboots the box.
	Stale time.Duration
	// Log receives the name of a stale subsystem, once, at Error level.
	Log *slog.Logger
	// Now is the clock (nil = time.Now); tests replace it.
	Now func() time.Time
}

// Run feeds the device until ctx ends (then disarms it with the magic close) or a
// heartbeat goes stale (then it stops feeding and returns an error naming the subsystem,
// leaving the device armed so that the hardware resets the box).
func (w *Watchdog) Run(ctx context.Context, beats ...Heartbeat) error {
	every, stale, now := w.Every, w.Stale, w.Now
	if every <= 0 {
		every = time.Second
	}
	if stale <= 0 {
		stale = 5 * time.Second
	}
	if now == nil {
		now = time.Now
	}
	f, err := os.OpenFile(w.Path, os.O_WRONLY, 0)
	if err != nil {
		return fmt.Errorf("firmware: watchdog: %w", err)
	}
	tick := time.NewTicker(every)
	defer tick.Stop()
	for {
		for _, b := range beats {
			if age := now().Sub(b.Alive()); age > stale {
				f.Close() // no magic close: the device stays armed and resets the box
				err := fmt.Errorf("firmware: watchdog: %s has shown no progress for %v: no longer feeding %s", b.Name(), age.Round(time.Millisecond), w.Path)
				if w.Log != nil {
					w.Log.Error("watchdog", "err", err)
				}
				return err
			}
		}
		if _, err := f.Write([]byte{0}); err != nil {
			f.Close()
			return fmt.Errorf("firmware: watchdog: feed %s: %w", w.Path, err)
		}
		select {
		case <-ctx.Done():
			_, err := f.Write([]byte("V"))
			return errors.Join(ignoreClosed(err), f.Close())
		case <-tick.C:
		}
	}
}

func ignoreClosed(err error) error {
	if errors.Is(err, io.ErrClosedPipe) || errors.Is(err, os.ErrClosed) {
		return nil
	}
	return err
}
