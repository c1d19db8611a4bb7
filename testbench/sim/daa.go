package sim

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/analogpbx/pbx/dsp/codec"
	"github.com/analogpbx/pbx/hal"
	"periph.io/x/conn/v3/spi"
)

// DAA register addresses and bits the model implements (hardware.md §5).
const (
	daaCtrl1     = 1
	daaCtrl2     = 2
	daaIntMask   = 3
	daaIntSource = 4
	daaDAACtrl1  = 5
	daaDAACtrl2  = 6
	daaDAACtrl3  = 10
	daaRevision  = 11
	daaLineStat  = 12
	daaLineRev   = 13
	daaLineVolt  = 29
	daaDAACtrl5  = 31
	daaPCMMode   = 33
	daaPCMTxLo   = 34
	daaPCMTxHi   = 35
	daaPCMRxLo   = 36
	daaPCMRxHi   = 37

	daaSysRev  = 0x05 // system-side revision reported in reg 11
	daaLSID    = 0x3  // line-side device id reported in reg 11 once linked (Si3019)
	daaLineRv  = 0x02 // line-side revision in reg 13 bits 5:2
	daaLinkLag = 3    // frames from reg 6 = 0 to the isolation link being up (30 ms)

	daaRingThresh = 20.0 // volts of ring signal that set RDTP/RDTN
	daaRDTHold    = 500  // frames RDT stays set after the last ring (5 s)
)

// DAA is a register-level model of a Si3050 VoiceDAA with its Si3019 line side, wired to a
// simulated exchange Line. It implements Chip: the driver reaches it only through Conn (one
// byte per chip-select frame, hardware.md §2.3) and the PCM bus.
// Call its methods from one goroutine (the frame loop or the test driving it).
type DAA struct {
	name string
	line *Line
	conn daaConn

	regs [128]byte
	cid  byte // control-byte CID this chip answers to (0 on its own chip select)

	// SPI framing state machine: control byte → address byte → data or read byte.
	spiState uint8
	spiRead  bool
	spiMine  bool
	spiAddr  byte
	// Violations counts frames the chip had to reject (more than one byte per chip select).
	violations int

	steps    int64 // frames stepped since power-on
	linkAt   int64 // frame at which the isolation link comes up; -1 while powered down
	linked   bool
	ohAt     int64 // frame at which a requested off-hook reaches the line (off-hook counter)
	lineOH   bool  // the line side holds the loop closed
	ringV    float64
	ringOn   bool // the line rings (or the detector is stuck) in this frame
	rdtUntil int64
	lastPol  int

	dead      bool
	stuckRing bool
	errRate   float64 // probability that a transfer fails
	rng       uint32

	rx, tx [hal.FrameSamples]int16 // PCM decoded from the host, PCM to encode for the host
	loop   [hal.FrameSamples]byte  // host bytes held for the PCM loopback
}

var _ Chip = (*DAA)(nil)

// NewDAA returns a powered-on DAA named name (for errors, e.g. "fxo1") wired to the exchange
// line l; registers hold their reset values and the line side is powered down.
func NewDAA(name string, l *Line) *DAA {
	d := &DAA{name: name, line: l, rng: 0x9E3779B9}
	for _, c := range name {
		d.rng = d.rng*31 + uint32(c)
	}
	d.conn.d = d
	d.reset()
	return d
}

// reset puts every register at its power-on value: reg 2 = 0x03 (the probe), reg 11 without a
// line-side id, reg 13 bit 6, reg 31 = 0x20, line side powered down, loop open.
func (d *DAA) reset() {
	d.regs = [128]byte{}
	d.regs[daaCtrl2] = 0x03
	d.regs[daaDAACtrl2] = 0x10
	d.regs[daaLineRev] = 0x40 | daaLineRv<<2
	d.regs[daaDAACtrl5] = 0x20
	d.spiState = 0
	d.linkAt, d.linked = -1, false
	d.ohAt = -1
	if d.lineOH {
		d.lineOH = false
		d.line.setHook(false)
	}
}

// Conn returns the chip's SPI connection: one Tx is one chip-select frame of exactly one byte.
func (d *DAA) Conn() spi.Conn { return &d.conn }

// Violations counts the frames the chip rejected because they carried more than one byte.
func (d *DAA) Violations() int { return d.violations }

// Line returns the exchange line wired to the chip.
func (d *DAA) Line() *Line { return d.line }

// Step advances the chip and its line by one 10 ms frame: isolation link, off-hook counter,
// ring detection and interrupts, the line's own timers and audio.
func (d *DAA) Step(frame int64) {
	d.steps++
	if d.linkAt >= 0 && !d.linked && d.steps >= d.linkAt {
		d.linked = true
	}
	off := d.regs[daaDAACtrl1]&0x01 != 0 && d.linked && !d.dead
	switch {
	case off && !d.lineOH && d.ohAt < 0:
		d.ohAt = d.steps + d.fohFrames()
	case !off:
		d.ohAt = -1
		if d.lineOH {
			d.lineOH = false
			d.line.setHook(false)
		}
	}
	if d.ohAt >= 0 && d.steps >= d.ohAt {
		d.ohAt = -1
		d.lineOH = true
		d.line.setHook(true)
	}
	for i := range d.tx {
		d.tx[i] = 0
	}
	if !d.lineOH {
		for i := range d.rx {
			d.rx[i] = 0
		}
	}
	d.line.step(d.rx[:], d.tx[:])
	d.sense()
}

// fohFrames is the off-hook counter of reg 31 FOH in frames (512, 128, 64 or 8 ms).
func (d *DAA) fohFrames() int64 {
	switch d.regs[daaDAACtrl5] >> 5 & 0x03 {
	case 0:
		return 52
	case 1:
		return 13
	case 2:
		return 7
	}
	return 1
}

// sense samples the line for this frame: ring signal, ring detect bits, polarity, and latches
// the interrupts of reg 4.
func (d *DAA) sense() {
	amp, hz := d.line.ring()
	if d.stuckRing {
		amp, hz = 90, 20
		if d.line.zone != nil && d.line.zone.RingHz > 0 {
			hz = d.line.zone.RingHz
		}
	}
	if d.lineOH || !d.linked {
		amp = 0
	}
	was := d.ringOn
	d.ringOn = amp > 0
	d.ringV = 0
	if d.ringOn {
		// The ring signal sampled in the middle of the frame.
		t := (float64(d.steps) + 0.5) * hal.FrameDuration.Seconds()
		d.ringV = amp * math.Sin(2*math.Pi*float64(hz)*t)
		d.rdtUntil = d.steps + daaRDTHold
	}
	if d.lineOH {
		d.rdtUntil = 0
	}
	if !d.linked {
		return
	}
	if d.ringOn != was && (d.ringOn || d.regs[daaCtrl2]&0x04 != 0) {
		d.regs[daaIntSource] |= 0x80 // RDTI
	}
	pol := 0
	if v := d.line.voltage(d.lineOH); v > 0 {
		pol = 1
	} else if v < 0 {
		pol = -1
	}
	if pol != 0 && d.lastPol != 0 && pol != d.lastPol {
		d.regs[daaIntSource] |= 0x01 // POLI
	}
	if pol == 0 && d.lastPol != 0 && d.lineOH {
		d.regs[daaIntSource] |= 0x08 // DODI: line-side supply dropped while off hook
	}
	d.lastPol = pol
}

// Timeslots reports the programmed PCM slots (start count / 8); PCM counts as enabled when
// PCME is set with A-law or μ-law and the isolation link is up. 16-bit linear mode does not
// fit the simulated card's 8-bit slots and counts as disabled.
func (d *DAA) Timeslots() (tx, rx int, enabled bool) {
	tx = (int(d.regs[daaPCMTxHi]&0x03)<<8 | int(d.regs[daaPCMTxLo])) / 8
	rx = (int(d.regs[daaPCMRxHi]&0x03)<<8 | int(d.regs[daaPCMRxLo])) / 8
	m := d.regs[daaPCMMode]
	pcmf := m >> 3 & 0x03
	enabled = m&0x20 != 0 && pcmf <= 1 && !d.dead
	return tx, rx, enabled
}

// law is the companding law programmed in reg 33 (PCMF 00 A-law, 01 μ-law).
func (d *DAA) law() codec.Law {
	if d.regs[daaPCMMode]&0x18 == 0x08 {
		return codec.ULaw
	}
	return codec.ALaw
}

// loopback reports the PCM loopback (reg 33 PCML) or digital data loopback (reg 10 DDL).
func (d *DAA) loopback() bool {
	return d.regs[daaPCMMode]&0x80 != 0 || d.regs[daaDAACtrl3]&0x01 != 0
}

// WritePCM takes the host's bytes for this frame: decoded toward the line, or held for the
// loopback.
func (d *DAA) WritePCM(b []byte) {
	copy(d.loop[:], b)
	if d.dead || !d.linked || d.loopback() {
		for i := range d.rx {
			d.rx[i] = 0
		}
		return
	}
	codec.Decode(d.law(), d.rx[:], b)
}

// ReadPCM gives the host this frame's bytes: the loopback, or the line's audio while the line
// side is linked and either off hook or monitoring on hook (ONHM), else silence.
func (d *DAA) ReadPCM(b []byte) {
	switch {
	case d.dead:
		for i := range b {
			b[i] = 0xFF
		}
	case d.loopback():
		copy(b, d.loop[:])
	case d.linked && (d.lineOH || d.regs[daaDAACtrl1]&0x08 != 0):
		codec.Encode(d.law(), b, d.tx[:])
	default:
		var z [hal.FrameSamples]int16
		codec.Encode(d.law(), b, z[:len(b)])
	}
}

// IRQ reports whether an enabled interrupt is pending (INTE set and reg 4 & reg 3 non-zero).
func (d *DAA) IRQ() bool {
	return !d.dead && d.regs[daaCtrl2]&0x80 != 0 && d.regs[daaIntSource]&d.regs[daaIntMask] != 0
}

// Fault injects a fault by its testbench name: "spi-errors" (every transfer fails; "spi-errors:P"
// fails with probability P), "chip-dead" (reads 0xFF, writes lost), "chip-reset" (registers
// back to reset values, once), "battery-loss" (the line is unplugged), "stuck-ring" (ring
// detect never clears) and "clear" (all of these end).
func (d *DAA) Fault(kind string) error {
	switch k, arg, _ := strings.Cut(kind, ":"); k {
	case "spi-errors":
		d.errRate = 1
		if arg != "" {
			p, err := strconv.ParseFloat(arg, 64)
			if err != nil || p < 0 || p > 1 {
				return fmt.Errorf("sim daa %s: spi-errors probability %q not in 0..1", d.name, arg)
			}
			d.errRate = p
		}
	case "chip-dead":
		d.dead = true
	case "chip-reset":
		d.reset()
	case "battery-loss":
		d.line.unplug(true)
	case "stuck-ring":
		d.stuckRing = true
	case "clear":
		d.errRate, d.dead, d.stuckRing = 0, false, false
		d.line.unplug(false)
	case "power-alarm", "hook-bounce":
		return fmt.Errorf("sim daa %s: fault %s applies to FXS ports only", d.name, k)
	default:
		return fmt.Errorf("sim daa %s: unknown fault %q", d.name, kind)
	}
	return nil
}

// Reg returns register a (0..127) as the driver would read it, without touching the SPI framing;
// for tests that check what a driver programmed.
func (d *DAA) Reg(a int) byte {
	if a < 0 || a >= len(d.regs) {
		return 0
	}
	return d.readReg(byte(a))
}
