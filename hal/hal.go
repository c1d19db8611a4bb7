package hal

import (
	"time"
)

// Audio framing shared by every port, the card's PCM bus and the call core.
const (
	// SampleRate is the PCM sample rate in Hz.
	SampleRate = 8000
	// FrameSamples is the number of samples in one frame (one PCM period).
	FrameSamples = 80
	// FrameDuration is the length of one frame: the tick of the card's frame clock.
	FrameDuration = 10 * time.Millisecond
)

// Frames converts a duration to whole frames, rounding up.
func Frames(d time.Duration) int64 {
	return int64((d + FrameDuration - 1) / FrameDuration)
}

// Law is the companding law of the 8-bit PCM timeslots.
type Law uint8

const (
	// ULaw is G.711 μ-law (North America, Japan).
	ULaw Law = iota
	// ALaw is G.711 A-law (Europe, China).
	ALaw
)

// String returns "ulaw" or "alaw".
func (l Law) String() string {
	if l == ALaw {
		return "alaw"
	}
	return "ulaw"
}

// Kind says what a port of the card holds.
type Kind uint8

const (
	// Empty is a position with no module.
	Empty Kind = iota
	// KindFXS is a SLIC module: an analog phone plugs in here.
	KindFXS
	// KindFXO is a DAA module: a PSTN line plugs in here.
	KindFXO
)

// String returns "fxs", "fxo" or "empty".
func (k Kind) String() string {
	switch k {
	case KindFXS:
		return "fxs"
	case KindFXO:
		return "fxo"
	}
	return "empty"
}

// EventType says what happened on a port.
type EventType uint8

// Port events. FXS ports report hook events, FXO ports line events; both report faults.
const (
	// OffHook: the FXS phone went off hook (debounced), or ring trip.
	OffHook EventType = iota + 1
	// OnHook: the FXS phone hung up (on hook longer than the flash window).
	OnHook
	// Flash: a hook flash inside the flash window.
	Flash
	// PulseDigit: a rotary digit, in Event.Digit ('1'..'9', '0').
	PulseDigit
	// RingStart: the FXO line started a validated ring burst.
	RingStart
	// RingStop: the ring burst ended (ring trailer passed).
	RingStop
	// BatteryLost: the FXO line voltage fell below the battery threshold for the debounce time.
	BatteryLost
	// BatteryBack: battery returned on the FXO line.
	BatteryBack
	// PolarityReversed: the FXO line voltage changed sign (debounced).
	PolarityReversed
	// Faulty: the port stopped working (Event.Reason says why); it is retried automatically.
	Faulty
	// Recovered: a faulty port works again.
	Recovered
)

var eventNames = [...]string{"", "offhook", "onhook", "flash", "pulse-digit", "ring-start", "ring-stop",
	"battery-lost", "battery-back", "polarity-reversed", "faulty", "recovered"}

// String returns the event's name, such as "offhook".
func (t EventType) String() string {
	if int(t) < len(eventNames) {
		return eventNames[t]
	}
	return "unknown"
}

// Event is one thing a port reported, stamped with the frame in which it was recognised.
type Event struct {
	Type   EventType
	Digit  byte   // PulseDigit only
	Reason string // Faulty only
	Frame  int64
}

// Cadence is an on/off pattern: on, off, on, off, ... repeated from the start.
// A single element means continuous.
type Cadence []time.Duration

// Status is a port's health as `pbx status` shows it.
type Status struct {
	Faulty bool
	Reason string // why it is faulty, or ""
	Chip   string // chip name and revision, e.g. "Si3215 rev C"
}

// Port is one position of a card: an FXS or FXO module with its driver.
// The card's frame loop is the only caller of every method (one goroutine), so
// implementations need no locking against each other's methods.
type Port interface {
	// Name is a short label for logs, such as "fxs1".
	Name() string
	// Kind says whether this is an FXS or FXO port.
	Kind() Kind
	// Tick runs the driver for one frame: polls the chip (or reacts to its interrupt),
	// debounces, advances cadences and recovery timers. frame counts from 0.
	Tick(frame int64)
	// Events appends the events recognised since the last call to buf and returns it.
	Events(buf []Event) []Event
	// Status reports the port's health.
	Status() Status
	// Timeslot is the PCM timeslot that carries this port's audio.
	Timeslot() int
	// Halt leaves the line safe: loop open or on hook, ringing off.
	Halt() error
}

// Feed is the FXS line state the driver keeps when it is not ringing.
type Feed uint8

const (
	// FeedActive: normal polarity, loop powered (idle and talking).
	FeedActive Feed = iota
	// FeedOHT: on-hook transmission: audio reaches an on-hook phone (caller ID, MWI).
	FeedOHT
	// FeedReverse: reversed polarity, loop powered.
	FeedReverse
	// FeedOpen: line disabled.
	FeedOpen
)

// FXS is a SLIC port where an analog phone plugs in.
type FXS interface {
	Port
	// Ring starts ringing with cadence c (the driver times it from the frame clock).
	// Between bursts the line is held in on-hook transmission so caller ID reaches the phone.
	Ring(c Cadence) error
	// StopRing stops ringing and returns to the current feed.
	StopRing() error
	// Ringing reports whether ring voltage is on the line right now.
	Ringing() bool
	// SetFeed sets the linefeed used when not ringing.
	SetFeed(f Feed) error
	// OffHook reports the debounced hook state.
	OffHook() bool
}

// FXO is a DAA port where a PSTN line plugs in.
type FXO interface {
	Port
	// Seize goes off hook (answer an incoming call or start an outgoing one).
	Seize() error
	// Release goes on hook.
	Release() error
	// Flash goes on hook for d, then off hook again.
	Flash(d time.Duration) error
	// Seized reports whether the port is off hook.
	Seized() bool
	// LineVoltage reports the line voltage in volts (signed: the sign is the polarity).
	LineVoltage() (int, error)
	// LoopCurrent reports the loop current in mA (off hook only, else 0).
	LoopCurrent() (int, error)
}

// PCM is the card's voice path: one period (one frame of FrameSamples samples) of every
// timeslot at a time. On hardware a transfer blocks until the period is due; on the
// simulated card it advances the simulated world by one frame.
type PCM interface {
	// Slots is the number of timeslots in a frame.
	Slots() int
	// Transfer sends tx[slot] (FrameSamples companded bytes each) and fills rx[slot]
	// with what the card received in the same period. len(tx) == len(rx) == Slots().
	Transfer(tx, rx [][]byte) error
}

// Regs is the register bus a chip driver talks through: one chip select, or one
// channel of a daisy chain sharing one SPI connection. The board builds it.
type Regs interface {
	// Tx sends w as one chip-select frame and reads len(r) bytes in the same frame
	// (periph.io spi.Conn semantics: one Tx is one /CS assertion).
	Tx(w, r []byte) error
	// Channel is this chip's position on a daisy chain, or -1 when it has its own chip select.
	Channel() int
}

// Kinds describes a card of fxs FXS ports followed by fxo FXO ports, in physical order:
// the shape of the simulated cards ("4fxs4fxo") and what pbx.Default numbers.
func Kinds(fxs, fxo int) []Kind {
	k := make([]Kind, 0, fxs+fxo)
	for range fxs {
		k = append(k, KindFXS)
	}
	for range fxo {
		k = append(k, KindFXO)
	}
	return k
}
