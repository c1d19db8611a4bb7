package sim

import (
	"errors"
	"fmt"
	"hash/fnv"
	"math/rand/v2"

	"github.com/analogpbx/pbx/hal"
	"periph.io/x/conn/v3"
	"periph.io/x/conn/v3/physic"
	"periph.io/x/conn/v3/spi"
)

// SLIC is a register-level model of a Si3215 rev C ProSLIC with a Phone on its line.
// It decodes the SPI byte framing of the Si321x (one byte per chip-select frame: address
// with bit 7 = read, then data), keeps direct and indirect registers, and runs the
// analog side in 1 ms steps: DC-DC and VBAT, calibrations that take time, linefeed with
// LFS read-back, loop closure and ring trip from the phone's hook switch, latched
// interrupts (write 1 to clear), and PCM in the programmed law and timeslots.
//
// Strict framing: a Tx of more than one byte, or a register access while the indirect
// access is busy, is recorded as a violation (see Violations) and rejected, as a real chip
// would corrupt it. Daisy-chain mode is not modelled.
//
// Modelling choices where the datasheet facts are unconfirmed: an indirect access (write
// to reg 30) is a write when IDA (reg 28 or 29) was written since the previous one, else a
// read into IDA; it stays busy (reg 31 = 1) for the next two register accesses. Calibration
// takes 300 ms, DC-DC calibration 100 ms; VBAT ramps at 0.6 V/ms to 1.5 V × reg 74 and decays
// by 0.3 %/ms with the DC-DC off. Loop closure and ring trip are debounced by reg 69 and 70 at
// 1.25 ms per step. A transfer that fails (injected error) leaves the framing at an address
// byte. Hook-switch time is sampled every 1 ms.
type SLIC struct {
	name  string
	phone *Phone
	conn  slicConn
	reg   [128]uint8
	ir    [128]uint16
	rng   *rand.Rand

	st   spiState
	addr uint8

	idaWritten bool // IDA written since the last indirect access: the next one is a write
	iasBusy    int  // register accesses the indirect access stays busy

	vbat      float64 // VBATH in V
	calLeft   int     // ms until calibration is done
	dcCalLeft int     // ms until DC-DC calibration is done
	lcr       bool    // debounced loop closure
	lcrDeb    int     // ms the loop differs from lcr
	rtp       bool    // ring trip
	rtpDeb    int
	alarmMs   int // ms the line is fed under the power-alarm fault

	dead       bool
	powerAlarm bool
	stuckRing  bool
	vbatLow    bool
	leak       bool
	spiRate    float64
	spiGarbage bool
	errInject  error

	violations []string
	rx, tx     [hal.FrameSamples]int16
}

// spiState is where the chip is in its byte framing.
type spiState uint8

const (
	stAddr  spiState = iota // next byte is an address
	stWrite                 // next byte is data to write
	stRead                  // next frame clocks data out
)

// Model constants.
const (
	slicRev        = 0x03 // reg 0: Si3210 family bits 00, revision C
	slicPCMReset   = 0x88 // reg 1: Si3215 family, μ-law, PCM off
	vbatStep       = 0.6  // V per ms while the DC-DC ramps up
	vbatDecay      = 0.997
	vbatFed        = 20.0 // V needed to feed or ring the line
	vbatLowMax     = 45.0 // V the DC-DC reaches under the vbat-low fault
	vbatLeak       = 0.8  // VBAT kept per ms under the leakage fault
	calMs          = 300  // calibration time
	dcCalMs        = 100  // DC-DC calibration time
	alarmTripMs    = 30   // power-alarm fault: time fed before the chip opens the line
	maxViolations  = 32
	slicIRQPowerQ1 = 0x0C // reg 19 bits set by a power alarm (Q1, Q2)
)

// NewSLIC returns a freshly reset Si3215 model with phone p on its line.
func NewSLIC(name string, p *Phone) *SLIC {
	h := fnv.New64a()
	h.Write([]byte(name))
	s := &SLIC{name: name, phone: p, rng: rand.New(rand.NewPCG(h.Sum64(), 0x5113))}
	s.conn.s = s
	s.errInject = fmt.Errorf("sim slic %s: spi transfer failed (injected error)", name)
	s.reset()
	return s
}

// reset puts every register to its power-on value (a chip reset or brown-out).
func (s *SLIC) reset() {
	s.reg = [128]uint8{}
	s.ir = [128]uint16{}
	s.reg[0] = slicRev
	s.reg[1] = slicPCMReset
	s.reg[8] = 0x02
	s.reg[11] = 0x33
	s.reg[14] = 0x10
	s.reg[69] = 0x0A
	s.reg[70] = 0x0A
	s.reg[71] = 0x03
	s.reg[72] = 0x20
	s.reg[73] = 0x02
	s.reg[74] = 0x32
	s.reg[75] = 0x10
	s.reg[92] = 0xFF
	s.reg[93] = 0x14
	s.st, s.idaWritten, s.iasBusy = stAddr, false, 0
	s.calLeft, s.dcCalLeft = 0, 0
	s.lcr, s.lcrDeb, s.rtp, s.rtpDeb, s.alarmMs = false, 0, false, 0, 0
}

// Name is the chip's label.
func (s *SLIC) Name() string { return s.name }

// Phone is the phone on this chip's line.
func (s *SLIC) Phone() *Phone { return s.phone }

// Conn is the chip's SPI connection: one Tx is one chip-select frame of one byte.
func (s *SLIC) Conn() spi.Conn { return &s.conn }

// Violations lists the framing and protocol errors the driver made (at most 32).
func (s *SLIC) Violations() []string { return s.violations }

// Reg returns direct register a as the chip holds it (for tests; no side effects).
func (s *SLIC) Reg(a uint8) uint8 { return s.reg[a&0x7F] }

// IndirectReg returns indirect register a in the Si3215's numbering (for tests).
func (s *SLIC) IndirectReg(a uint8) uint16 { return s.ir[a&0x7F] }

// SetSPIErrors makes a fraction rate (0..1) of SPI transfers fail: with garbage false
// the transfer returns an error; with garbage true it succeeds but a read returns a
// random byte. Fault("spi-errors") is SetSPIErrors(1, false).
func (s *SLIC) SetSPIErrors(rate float64, garbage bool) {
	s.spiRate, s.spiGarbage = rate, garbage
}

func (s *SLIC) violate(format string, a ...any) {
	if len(s.violations) < maxViolations {
		s.violations = append(s.violations, fmt.Sprintf("sim slic %s: ", s.name)+fmt.Sprintf(format, a...))
	}
}

// slicConn is the SLIC's spi.Conn.
type slicConn struct{ s *SLIC }

func (c *slicConn) String() string { return "sim-slic-" + c.s.name }

func (c *slicConn) Duplex() conn.Duplex { return conn.Full }

// TxPackets is not supported: the chip needs one chip-select frame per byte.
func (c *slicConn) TxPackets(p []spi.Packet) error {
	c.s.violate("TxPackets of %d packets", len(p))
	return errors.New("sim slic: TxPackets not supported")
}

// Tx is one chip-select frame.
func (c *slicConn) Tx(w, r []byte) error {
	s := c.s
	if len(w) != 1 || len(r) > 1 {
		s.violate("frame of %d bytes written, %d read: one byte per chip select", len(w), len(r))
		s.st = stAddr
		return fmt.Errorf("sim slic %s: multi-byte frame", s.name)
	}
	if s.dead {
		if len(r) == 1 {
			r[0] = 0xFF
		}
		return nil
	}
	garbage := false
	if s.spiRate > 0 && s.rng.Float64() < s.spiRate {
		if !s.spiGarbage {
			s.st = stAddr
			return s.errInject
		}
		garbage = true
	}
	out := s.frame(w[0])
	if len(r) == 1 {
		r[0] = out
		if garbage {
			r[0] = uint8(s.rng.UintN(256))
		}
	}
	return nil
}

// frame takes one byte from the host and returns the byte shifted out.
func (s *SLIC) frame(b uint8) uint8 {
	switch s.st {
	case stAddr:
		s.addr = b & 0x7F
		s.st = stWrite
		if b&0x80 != 0 {
			s.st = stRead
		}
		return 0
	case stWrite:
		s.st = stAddr
		s.access()
		s.write(s.addr, b)
		return 0
	}
	s.st = stAddr
	s.access()
	return s.read(s.addr)
}

// access counts a register access against the indirect busy time.
func (s *SLIC) access() {
	if s.iasBusy > 0 {
		s.iasBusy--
	}
}

func (s *SLIC) read(a uint8) uint8 {
	switch a {
	case 31:
		if s.iasBusy > 0 {
			return 1
		}
		return 0
	case 68:
		var v uint8
		if s.lcr {
			v |= 0x01
		}
		if s.rtp {
			v |= 0x02
		}
		return v
	case 78, 79, 80, 81, 82, 83:
		return s.sense(a)
	}
	return s.reg[a]
}

func (s *SLIC) write(a, v uint8) {
	switch a {
	case 1:
		s.reg[1] = v&0x7F | 0x80
	case 6, 31, 68, 78, 79, 80, 81, 82, 83:
		s.violate("write %#02x to read-only reg %d", v, a)
	case 18, 19, 20:
		s.reg[a] &^= v
	case 28, 29:
		if s.iasBusy > 0 {
			s.violate("write reg %d while the indirect access is busy", a)
			return
		}
		s.reg[a] = v
		s.idaWritten = true
	case 30:
		s.indirect(v)
	case 64:
		s.reg[64] = s.reg[64]&0x70 | v&0x07
	case 93:
		s.reg[93] = v
		if v&0x80 != 0 {
			s.dcCalLeft = dcCalMs
		}
	case 96:
		s.reg[96] = v
		if v&0x40 != 0 {
			s.calLeft = calMs
		}
	default:
		s.reg[a] = v
	}
}

// indirect runs an indirect access: a write when IDA was written since the last one,
// else a read into IDA.
func (s *SLIC) indirect(a uint8) {
	if s.iasBusy > 0 {
		s.violate("indirect access to %d while busy", a)
		return
	}
	s.reg[30] = a
	write := s.idaWritten
	s.idaWritten = false
	s.iasBusy = 2
	if !si3215IR(a) {
		s.violate("indirect register %d does not exist on the Si3215", a)
		return
	}
	if write {
		s.ir[a] = uint16(s.reg[29])<<8 | uint16(s.reg[28])
		return
	}
	s.reg[28], s.reg[29] = uint8(s.ir[a]), uint8(s.ir[a]>>8)
}

// si3215IR reports whether a is an indirect register of the Si3215.
func si3215IR(a uint8) bool {
	return a <= 27 || a == 64 || a == 66 || (a >= 69 && a <= 85)
}

// sense returns the analog measurement registers.
func (s *SLIC) sense(a uint8) uint8 {
	const lsb = 0.376
	volts := func(v float64) uint8 { return uint8(min(255, max(0, v/lsb))) }
	fed := s.fed()
	switch a {
	case 78:
		switch {
		case fed && s.lcr:
			return volts(9)
		case fed:
			return volts(1.5 * float64(s.reg[72]))
		}
		return 0
	case 79:
		if fed && s.lcr {
			return uint8(min(255, float64(20+3*int(s.reg[71]&7))/0.4))
		}
		return 0
	case 80, 81:
		return volts(2)
	case 82:
		return volts(s.vbat)
	}
	return volts(1.5 * float64(s.reg[75]))
}

// SPI port semantics for boards that open a port rather than a connection.

// slicPort adapts the chip to spi.PortCloser for code that connects first.
type slicPort struct {
	s         *SLIC
	connected bool
}

// Port returns the chip as an spi.PortCloser whose Connect may be called once.
func (s *SLIC) Port() spi.PortCloser { return &slicPort{s: s} }

func (p *slicPort) String() string                      { return "sim-slic-" + p.s.name }
func (p *slicPort) Close() error                        { return nil }
func (p *slicPort) LimitSpeed(f physic.Frequency) error { return nil }
func (p *slicPort) Connect(f physic.Frequency, mode spi.Mode, bits int) (spi.Conn, error) {
	if p.connected {
		return nil, fmt.Errorf("sim slic %s: Connect called twice", p.s.name)
	}
	if bits != 8 {
		return nil, fmt.Errorf("sim slic %s: %d bits per word, want 8", p.s.name, bits)
	}
	p.connected = true
	return &p.s.conn, nil
}
