package si3050

import (
	"fmt"
	"log/slog"
	"time"

	"github.com/analogpbx/pbx/hal"
	"periph.io/x/conn/v3/gpio"
)

// Opts configures a Dev. Start from DefaultOpts.
type Opts struct {
	// Zone selects the country settings (DC and AC termination, ring threshold, on-hook speed):
	// "us" (FCC), "cn", "uk", "de", "tbr21" or "au"; "" means "us".
	Zone string
	// Law is the companding law of the port's 8-bit PCM timeslot.
	Law hal.Law
	// Linear selects 16-bit linear PCM instead of Law: the port then fills two consecutive
	// 8-bit timeslots, Timeslot and Timeslot+1.
	Linear bool
	// Timeslot is the port's 8-bit PCM timeslot, 0..127 (0..126 when Linear): start count
	// 8 × Timeslot, the same in both directions.
	Timeslot int
	// IRQ is the chip's interrupt output (active low; the board configures the pin), or nil to
	// poll the chip every frame. Several chips may share one wired-OR line.
	IRQ gpio.PinIn
	// Step waits one 10 ms frame during New and Diag: on hardware it sleeps, on the simulated card
	// it advances the chip model. With nil, New only probes the chip and Tick finishes the
	// bring-up frame by frame.
	Step func()
	// Log receives faults and recoveries (never per frame); nil discards.
	Log *slog.Logger
}

// DefaultOpts is a μ-law port on timeslot 0 with US (FCC) settings, polled.
var DefaultOpts = Opts{Zone: "us", Law: hal.ULaw}

// Timing in frames of the driver's own supervision (hardware.md §4.12, reliability.md §4.2).
const (
	sanityEvery   = 25  // frames between sanity checks (250 ms)
	badFrameLimit = 10  // consecutive frames with SPI errors before the port is faulty (100 ms)
	resetWait     = 10  // frames to wait after a soft reset (100 ms)
	linkWait      = 200 // frames to wait for the isolation link (2 s)
	retryFirst    = 50  // frames before the first re-probe of a faulty chip (500 ms)
	retryMax      = 200 // longest wait between re-probes (2 s)
	minRingEdges  = 3   // ring phase alternations that validate a burst ("more than 2")
	maxEvents     = 32  // events buffered between two Events calls; older ones are dropped
	// maxBurst is the longest ring burst believed: longer means the ring detector is stuck.
	maxBurst = 5 * time.Second
)

// Dev is a handle to one Si3050 VoiceDAA (with its Si3018/Si3019 line side): an FXO port.
// All methods must be called from the card's frame loop (one goroutine).
type Dev struct {
	name string
	opts Opts
	c    country
	r    hal.Regs
	log  *slog.Logger
	cid  byte    // control byte CID field
	w    [1]byte // SPI buffers reused by every transfer (no allocation per frame)
	rd   [1]byte

	ctrl2   byte // value programmed into reg 2
	pcmMode byte // value programmed into reg 33
	chip    string

	frame  int64
	up     bool // bring-up complete: the port is in service
	boot   bootState
	wait   int // frames left in the current bring-up step
	seized bool
	flash  int // frames left on hook in a flash

	ring ringTrack
	line lineTrack

	bad       int    // consecutive frames with SPI errors
	failed    bool   // chip fault: not answering, SPI errors, bring-up failed
	failWhy   string // reason of the chip fault
	retryIn   int    // frames to the next re-probe
	backoff   int    // current re-probe interval in frames
	lastErr   error  // last SPI error, for the fault reason
	reported  string // fault reason last sent as a Faulty event, "" when ok
	sanityDue int

	ev []hal.Event
}

var _ hal.FXO = (*Dev)(nil)

// New talks to the chip through r, checks that a VoiceDAA answers (reg 2 = 0x03) and brings it
// up (hardware.md §5.2): soft reset, PCM law and timeslot, country settings, isolation link, on
// hook with the line monitor on so caller ID audio flows. It returns an error only when no
// VoiceDAA answers; a chip that answers but fails later in the bring-up gives a Dev that reports
// itself Faulty and keeps retrying from Tick.
func New(r hal.Regs, name string, o *Opts) (*Dev, error) {
	if o == nil {
		o = &DefaultOpts
	}
	c, err := lookupCountry(o.Zone)
	if err != nil {
		return nil, fmt.Errorf("si3050 %s: %w", name, err)
	}
	maxSlot := 127
	if o.Linear {
		maxSlot = 126
	}
	if o.Timeslot < 0 || o.Timeslot > maxSlot {
		return nil, fmt.Errorf("si3050 %s: timeslot %d out of range 0..%d", name, o.Timeslot, maxSlot)
	}
	d := &Dev{name: name, opts: *o, c: c, r: r, log: o.Log, ev: make([]hal.Event, 0, maxEvents)}
	if d.log == nil {
		d.log = slog.New(slog.DiscardHandler)
	}
	d.log = d.log.With("port", name)
	if ch := r.Channel(); ch >= 0 {
		if ch > 31 {
			return nil, fmt.Errorf("si3050 %s: daisy-chain channel %d out of range 0..31", name, ch)
		}
		d.cid = cidByte(ch)
	}
	d.ctrl2 = probeCtrl2
	if o.IRQ != nil {
		d.ctrl2 |= ctrl2INTE | ctrl2RDI
	}
	d.pcmMode = pcmPCME | pcmULaw
	switch {
	case o.Linear:
		d.pcmMode = pcmPCME | pcmLinear
	case o.Law == hal.ALaw:
		d.pcmMode = pcmPCME | pcmALaw
	}
	if err := d.probe(); err != nil {
		return nil, err
	}
	d.boot = bootReset
	d.sanityDue = sanityEvery
	if o.Step == nil {
		return d, nil // Tick finishes the bring-up
	}
	for !d.up && !d.failed {
		o.Step()
		d.bootStep()
	}
	return d, nil
}

// Name returns the port's label, such as "fxo1".
func (d *Dev) Name() string { return d.name }

// Kind returns hal.KindFXO.
func (d *Dev) Kind() hal.Kind { return hal.KindFXO }

// Timeslot returns the PCM timeslot the port was given in Opts.
func (d *Dev) Timeslot() int { return d.opts.Timeslot }

// Seized reports whether the port holds the line off hook (also during a flash).
func (d *Dev) Seized() bool { return d.seized }

// Status reports the port's health: faulty while the chip fails, while the ring detector is
// stuck, or while the line has had no battery for the zone's alarm time.
func (d *Dev) Status() hal.Status {
	why := d.faultReason()
	return hal.Status{Faulty: why != "", Reason: why, Chip: d.chip}
}

// Events appends the events recognised since the last call to buf and returns it.
func (d *Dev) Events(buf []hal.Event) []hal.Event {
	buf = append(buf, d.ev...)
	d.ev = d.ev[:0]
	return buf
}

// Seize goes off hook (reg 5 = OH | ONHM) to answer an incoming call or start an outgoing one.
// A ring burst in progress ends with a RingStop event. While the chip is being re-initialised
// (after a reset) the seizure is applied when the bring-up finishes; a faulty port refuses it.
func (d *Dev) Seize() error {
	if !d.up {
		if d.failWhy != "" {
			return fmt.Errorf("si3050 %s: seize: port faulty: %s", d.name, d.failWhy)
		}
		d.seized = true // bring-up in progress: it goes off hook when it finishes
		return nil
	}
	if d.ring.on {
		d.emit(hal.RingStop, "")
	}
	d.ring = ringTrack{}
	d.flash = 0
	if err := d.write(regDAACtrl1, daaONHM|daaOH); err != nil {
		return fmt.Errorf("si3050 %s: seize: %w", d.name, err)
	}
	d.seized = true
	return nil
}

// Release goes on hook, keeping the line monitor on for caller ID.
func (d *Dev) Release() error {
	d.seized, d.flash = false, 0
	d.ring = ringTrack{}
	if !d.up {
		return nil // the bring-up leaves the line on hook
	}
	if err := d.write(regDAACtrl1, daaONHM); err != nil {
		return fmt.Errorf("si3050 %s: release: %w", d.name, err)
	}
	return nil
}

// Flash goes on hook for dur (rounded up to whole frames, at least one), then off hook again
// from Tick. The port must be seized and not already flashing.
func (d *Dev) Flash(dur time.Duration) error {
	switch {
	case !d.up:
		return fmt.Errorf("si3050 %s: flash: port not in service", d.name)
	case !d.seized:
		return fmt.Errorf("si3050 %s: flash: line not seized", d.name)
	case d.flash > 0:
		return fmt.Errorf("si3050 %s: flash: already flashing", d.name)
	case dur <= 0 || dur > 10*time.Second:
		return fmt.Errorf("si3050 %s: flash of %v out of range (0, 10s]", d.name, dur)
	}
	if err := d.write(regDAACtrl1, daaONHM); err != nil {
		return fmt.Errorf("si3050 %s: flash: %w", d.name, err)
	}
	d.flash = int(hal.Frames(dur))
	return nil
}

// LineVoltage reads the line voltage in volts (reg 29, 1 V per step, ±10 %); the sign is the
// polarity. About the exchange battery on hook, a few volts off hook, 0 with no battery.
func (d *Dev) LineVoltage() (int, error) {
	if !d.up {
		return 0, fmt.Errorf("si3050 %s: line voltage: port not in service", d.name)
	}
	v, err := d.read(regLineVolt)
	if err != nil {
		return 0, fmt.Errorf("si3050 %s: line voltage: %w", d.name, err)
	}
	return int(int8(v)), nil
}

// LoopCurrent reads the loop current in mA (reg 12 LCS, 3.3 mA per step, 0..99); 0 on hook.
// An overloaded loop (LCS all ones, over about 100 mA) returns the reading and an error.
func (d *Dev) LoopCurrent() (int, error) {
	if !d.up {
		return 0, fmt.Errorf("si3050 %s: loop current: port not in service", d.name)
	}
	if !d.seized {
		return 0, nil
	}
	v, err := d.read(regLineStat)
	if err != nil {
		return 0, fmt.Errorf("si3050 %s: loop current: %w", d.name, err)
	}
	lcs := int(v & lineLCSMask)
	if lcs == lcsOverload {
		return lcs * 33 / 10, fmt.Errorf("si3050 %s: loop current overload", d.name)
	}
	return lcs * 33 / 10, nil
}

// Halt leaves the line on hook with the line monitor and interrupts off.
func (d *Dev) Halt() error {
	d.seized, d.flash = false, 0
	if err := d.write(regDAACtrl1, 0); err != nil {
		return fmt.Errorf("si3050 %s: halt: %w", d.name, err)
	}
	if d.opts.IRQ != nil {
		if err := d.write(regCtrl2, probeCtrl2); err != nil {
			return fmt.Errorf("si3050 %s: halt: %w", d.name, err)
		}
	}
	return nil
}

// emit queues an event stamped with the current frame; when the queue is full the oldest
// event is dropped.
func (d *Dev) emit(t hal.EventType, reason string) {
	if len(d.ev) == cap(d.ev) {
		copy(d.ev, d.ev[1:])
		d.ev = d.ev[:len(d.ev)-1]
	}
	d.ev = append(d.ev, hal.Event{Type: t, Reason: reason, Frame: d.frame})
}

// write sets register reg to v: three chip-select frames (control, address, data).
func (d *Dev) write(reg, v byte) error {
	for _, b := range [3]byte{ctlWrite | d.cid, reg, v} {
		d.w[0] = b
		if err := d.r.Tx(d.w[:], nil); err != nil {
			return fmt.Errorf("write reg %d: %w", reg, err)
		}
	}
	return nil
}

// read returns register reg: control and address frames, then one frame that clocks out a
// dummy byte and reads the data.
func (d *Dev) read(reg byte) (byte, error) {
	d.w[0] = ctlRead | d.cid
	if err := d.r.Tx(d.w[:], nil); err != nil {
		return 0, fmt.Errorf("read reg %d: %w", reg, err)
	}
	d.w[0] = reg
	if err := d.r.Tx(d.w[:], nil); err != nil {
		return 0, fmt.Errorf("read reg %d: %w", reg, err)
	}
	d.w[0] = 0
	if err := d.r.Tx(d.w[:], d.rd[:]); err != nil {
		return 0, fmt.Errorf("read reg %d: %w", reg, err)
	}
	return d.rd[0], nil
}
