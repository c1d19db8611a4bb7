package si321x

import (
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/analogpbx/pbx/hal"
	"periph.io/x/conn/v3/gpio"
)

// ErrNoChip means no ProSLIC answered on the register bus: the revision nibble of reg 0
// read 0 or 0xF, or the probe registers did not hold their reset values. A board that
// probes unknown positions treats the position as empty.
var ErrNoChip = errors.New("si321x: no ProSLIC found")

// Opts configures a Dev. Start from DefaultOpts; zone values (ring frequency, flash window,
// law) come from the caller's tone zone.
type Opts struct {
	// RingHz is the ringing frequency in Hz, 15..30 (20 North America, 25 most others).
	RingHz int
	// RingVpk is the ring amplitude in volts peak, 40..90; it must stay below the ring
	// battery (75 V as set here) for a clean sine.
	RingVpk float64
	// FlashMin and FlashMax bound a hook flash: an on-hook shorter than FlashMin (and at
	// least 15 ms) is a dial pulse, one longer than FlashMax a hang-up. 20 ms ≤ FlashMin <
	// FlashMax ≤ 2 s.
	FlashMin, FlashMax time.Duration
	// Law is the companding law of the PCM timeslot.
	Law hal.Law
	// Timeslot is the 8-bit PCM timeslot, 0..127 (start count = 8 × Timeslot, TX and RX).
	Timeslot int
	// Impedance is the two-wire impedance code TISS, 0..7 (hardware.md §4.10; 0 = 600 Ω).
	Impedance uint8
	// LoopCurrent is the loop current limit in mA, 20..41 (3 mA steps).
	LoopCurrent int
	// IRQ is the chip's interrupt line (active low), or nil to poll the hook register
	// every frame. It is read once per frame; a low level makes the driver read and clear
	// the interrupt registers.
	IRQ gpio.PinIn
	// Step lets 10 ms pass while New and Diag wait for the chip (DC-DC ramp, calibration).
	// On hardware it sleeps 10 ms; on the simulated card it advances that chip by one
	// frame. With Step nil, New only probes and Tick finishes the bring-up.
	Step func()
	// Log receives warnings about power alarms, chip resets and faults; nil discards them.
	Log *slog.Logger
}

// DefaultOpts are North American settings: 20 Hz ringing at 63 V peak, a 100–800 ms flash
// window, μ-law on timeslot 0, 600 Ω, 29 mA loop current limit, polling.
var DefaultOpts = Opts{
	RingHz:      20,
	RingVpk:     63,
	FlashMin:    100 * time.Millisecond,
	FlashMax:    800 * time.Millisecond,
	Law:         hal.ULaw,
	LoopCurrent: 29,
}

// mode is what Tick does with the chip.
type mode uint8

const (
	modeInit   mode = iota // bring-up in progress
	modeRun                // working
	modeFaulty             // failed; waiting for the next retry
	modeHalted             // Halt was called
)

// Dev is one ProSLIC FXS port. All methods are called from the card's frame loop
// (hal.Port); Diag too.
type Dev struct {
	name string
	opts Opts
	r    hal.Regs
	log  *slog.Logger
	w    [1]byte // transmit byte of the current frame
	rd   [1]byte // received byte of the current frame
	ops  int     // register accesses done (bounds the bring-up slice of a frame)

	// chip identity
	si3215 bool
	part   string
	rev    uint8
	probed bool

	irs    []ir     // indirect registers loaded at bring-up (Si3210 numbering)
	cal    [12]byte // regs 96..107 after the first calibration
	calOK  bool
	calLow bool // reg 107 was out of range and forced to 0x08

	mode     mode
	now      int64 // frame of the current Tick
	bu       bringup
	retryAt  int64
	backoff  int64
	spiFails int // consecutive frames whose register access failed
	status   hal.Status
	ev       []hal.Event

	loop uint8    // reg 8 as set (loopback for the technician's test, else 0)
	lf   uint8    // linefeed last written
	feed hal.Feed // linefeed wanted when not ringing

	hk     hook
	rg     ring
	health health
}

// Frame counts of the driver's timers.
const (
	debounceFrames   = 3   // consecutive samples for a hook level (≥ 20 ms)
	interDigitFrames = 30  // make longer than this ends a pulse digit (300 ms)
	ohtFrames        = 600 // OHT after the last ring burst (DAHDI OHT_TIMER, 6 s)
	sanityFrames     = 25  // health check period (250 ms)
	sliceOps         = 24  // register accesses of bring-up per frame
	backoffFirst     = 50  // first retry 0.5 s after a fault
	backoffMax       = 200 // retries at most every 2 s
	maxPulses        = 10
)

// New probes the ProSLIC on r and brings it up with o (nil = DefaultOpts). The port is
// called name in errors and status ("fxs1").
//
// When the probe or bring-up fails, New returns both the error and a Dev that is marked
// faulty and retries from Tick with back-off (so a board keeps the port and shows it
// faulty); a probe that finds no chip wraps ErrNoChip. Invalid options return a nil Dev.
func New(r hal.Regs, name string, o *Opts) (*Dev, error) {
	if o == nil {
		o = &DefaultOpts
	}
	if err := check(o); err != nil {
		return nil, fmt.Errorf("si321x %s: %w", name, err)
	}
	if ch := r.Channel(); ch > maxChannel {
		return nil, fmt.Errorf("si321x %s: daisy-chain channel %d out of range 0..%d", name, ch, maxChannel)
	}
	d := &Dev{
		name: name, opts: *o, r: r, log: o.Log,
		irs: irTable(o.RingHz, o.RingVpk),
		ev:  make([]hal.Event, 0, 16),
	}
	if d.log == nil {
		d.log = slog.New(slog.DiscardHandler)
	}
	d.status.Chip = "Si321x"
	if o.IRQ != nil {
		if err := o.IRQ.In(gpio.PullUp, gpio.NoEdge); err != nil {
			return nil, fmt.Errorf("si321x %s: interrupt pin: %w", name, err)
		}
	}
	d.startInit(true)
	if err := d.probe(); err != nil {
		d.fail(err)
		return d, err
	}
	if o.Step == nil {
		return d, nil
	}
	for {
		done, err := d.runBringup(1 << 30)
		if err != nil {
			d.fail(err)
			return d, err
		}
		if done {
			d.finishInit()
			d.ev = d.ev[:0] // nothing to report for a bring-up that worked at once
			return d, nil
		}
		o.Step()
	}
}

// check validates options.
func check(o *Opts) error {
	switch {
	case o.RingHz < 15 || o.RingHz > 30:
		return fmt.Errorf("ring frequency %d Hz out of range 15..30", o.RingHz)
	case o.RingVpk < 40 || o.RingVpk > 90:
		return fmt.Errorf("ring amplitude %.0f V out of range 40..90", o.RingVpk)
	case o.FlashMin < 20*time.Millisecond || o.FlashMax <= o.FlashMin || o.FlashMax > 2*time.Second:
		return fmt.Errorf("flash window %v..%v invalid", o.FlashMin, o.FlashMax)
	case o.Law != hal.ULaw && o.Law != hal.ALaw:
		return fmt.Errorf("unknown law %d", o.Law)
	case o.Timeslot < 0 || o.Timeslot > 127:
		return fmt.Errorf("timeslot %d out of range 0..127", o.Timeslot)
	case o.Impedance > 7:
		return fmt.Errorf("impedance code %d out of range 0..7", o.Impedance)
	case o.LoopCurrent < 20 || o.LoopCurrent > 41:
		return fmt.Errorf("loop current %d mA out of range 20..41", o.LoopCurrent)
	}
	return nil
}

// Name is the port's label, such as "fxs1".
func (d *Dev) Name() string { return d.name }

// Kind is hal.KindFXS.
func (d *Dev) Kind() hal.Kind { return hal.KindFXS }

// Timeslot is the PCM timeslot this port's audio uses.
func (d *Dev) Timeslot() int { return d.opts.Timeslot }

// Status reports whether the port is faulty and why, and the chip's name and revision.
func (d *Dev) Status() hal.Status { return d.status }

// Events appends the events recognised since the last call to buf.
func (d *Dev) Events(buf []hal.Event) []hal.Event {
	buf = append(buf, d.ev...)
	d.ev = d.ev[:0]
	return buf
}

// emit queues an event stamped with the current frame.
func (d *Dev) emit(t hal.EventType, digit byte, reason string) {
	d.ev = append(d.ev, hal.Event{Type: t, Digit: digit, Reason: reason, Frame: d.now})
}

// OffHook reports the debounced hook state (a break inside the flash window still counts
// as off hook).
func (d *Dev) OffHook() bool { return d.hk.off }

// Tick runs the driver for one frame: bring-up or retry, hook sampling, ring cadence and,
// every 250 ms, the health check. It does a bounded number of register accesses.
func (d *Dev) Tick(frame int64) {
	d.now = frame
	switch d.mode {
	case modeInit:
		d.ops = 0
		done, err := d.runBringup(sliceOps)
		if err != nil {
			d.fail(err)
			return
		}
		if done {
			d.finishInit()
		}
	case modeFaulty:
		if frame >= d.retryAt {
			d.startInit(!d.probed)
		}
	case modeRun:
		ops := d.ops
		if err := d.run(); err != nil {
			d.spiFails++
			d.health.urgent = true // check the chip again next frame
			if d.spiFails >= 3 {
				d.fail(err)
			}
			return
		}
		if d.ops != ops {
			d.spiFails = 0
		}
	}
}

// fail marks the port faulty (once) and schedules the next retry with back-off.
func (d *Dev) fail(err error) {
	d.setLFState(lfOpen) // what the chip is assumed to do; nothing is written
	d.hk.lineDropped(d.now)
	if !d.status.Faulty {
		d.status.Faulty = true
		d.status.Reason = err.Error()
		d.emit(hal.Faulty, 0, d.status.Reason)
		d.log.Warn("port faulty", "port", d.name, "err", err)
		d.backoff = backoffFirst
	} else {
		d.status.Reason = err.Error()
		d.backoff = min(2*d.backoff, backoffMax)
	}
	d.mode = modeFaulty
	d.retryAt = d.now + d.backoff
}

// Halt opens the loop and stops ringing; the port does nothing more until it is opened
// again.
func (d *Dev) Halt() error {
	d.rg.on = false
	d.rg.ohtUntil = 0
	prev := d.mode
	d.mode = modeHalted
	if prev == modeFaulty || !d.probed {
		return nil
	}
	return d.writeLF(lfOpen)
}

var _ hal.FXS = (*Dev)(nil)
