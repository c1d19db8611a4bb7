package sim

import (
	"fmt"
	"time"

	"github.com/analogpbx/pbx/hal"
)

// lateFXO is an FXO position whose driver could not be opened yet because the chip did not
// answer its probe: it reports the port faulty and probes again with back-off until the
// driver opens, then passes every call through (ignore_failed_channels semantics).
type lateFXO struct {
	name    string
	slot    int
	open    func(first bool) (hal.FXO, error)
	dev     hal.FXO
	reason  string
	retryAt int64
	backoff int64
	ev      []hal.Event
}

// Re-probe back-off of a position without a driver, in frames.
const (
	lateFirst = 50  // 0.5 s
	lateMax   = 200 // 2 s
)

// newLateFXO opens the driver now if it can; otherwise it returns a faulty placeholder.
func newLateFXO(name string, slot int, open func(first bool) (hal.FXO, error)) hal.Port {
	dev, err := open(true)
	if err == nil {
		return dev
	}
	l := &lateFXO{name: name, slot: slot, open: open, reason: err.Error(), backoff: lateFirst, retryAt: lateFirst}
	l.ev = append(l.ev, hal.Event{Type: hal.Faulty, Reason: l.reason})
	return l
}

func (l *lateFXO) Name() string   { return l.name }
func (l *lateFXO) Kind() hal.Kind { return hal.KindFXO }
func (l *lateFXO) Timeslot() int  { return l.slot }

func (l *lateFXO) Tick(frame int64) {
	if l.dev != nil {
		l.dev.Tick(frame)
		return
	}
	if frame < l.retryAt {
		return
	}
	dev, err := l.open(false)
	if err != nil {
		l.reason = err.Error()
		l.backoff = min(2*l.backoff, lateMax)
		l.retryAt = frame + l.backoff
		return
	}
	l.dev = dev
	l.ev = append(l.ev, hal.Event{Type: hal.Recovered, Frame: frame})
}

func (l *lateFXO) Events(buf []hal.Event) []hal.Event {
	buf = append(buf, l.ev...)
	l.ev = l.ev[:0]
	if l.dev != nil {
		buf = l.dev.Events(buf)
	}
	return buf
}

func (l *lateFXO) Status() hal.Status {
	if l.dev != nil {
		return l.dev.Status()
	}
	return hal.Status{Faulty: true, Reason: l.reason, Chip: "Si3050"}
}

func (l *lateFXO) Halt() error {
	if l.dev != nil {
		return l.dev.Halt()
	}
	return nil
}

func (l *lateFXO) faulty() error {
	return fmt.Errorf("board sim: %s: port faulty: %s", l.name, l.reason)
}

func (l *lateFXO) Seize() error {
	if l.dev == nil {
		return l.faulty()
	}
	return l.dev.Seize()
}

func (l *lateFXO) Release() error {
	if l.dev == nil {
		return nil
	}
	return l.dev.Release()
}

func (l *lateFXO) Flash(d time.Duration) error {
	if l.dev == nil {
		return l.faulty()
	}
	return l.dev.Flash(d)
}

func (l *lateFXO) Seized() bool { return l.dev != nil && l.dev.Seized() }

func (l *lateFXO) LineVoltage() (int, error) {
	if l.dev == nil {
		return 0, l.faulty()
	}
	return l.dev.LineVoltage()
}

func (l *lateFXO) LoopCurrent() (int, error) {
	if l.dev == nil {
		return 0, l.faulty()
	}
	return l.dev.LoopCurrent()
}

var _ hal.FXO = (*lateFXO)(nil)
