package sim

import (
	"errors"
	"fmt"
	"math"

	"periph.io/x/conn/v3"
	"periph.io/x/conn/v3/physic"
	"periph.io/x/conn/v3/spi"
)

// errSPI is what an injected bus fault returns, like EIO from spidev.
var errSPI = errors.New("input/output error")

// daaConn is the DAA's side of its chip select.
type daaConn struct{ d *DAA }

// String names the connection, e.g. "sim-daa(fxo1)".
func (c *daaConn) String() string { return "sim-daa(" + c.d.name + ")" }

// Duplex reports a full-duplex bus.
func (c *daaConn) Duplex() conn.Duplex { return conn.Full }

// TxPackets is refused: the chip takes one byte per chip-select frame (hardware.md §2.4).
func (c *daaConn) TxPackets(p []spi.Packet) error {
	return fmt.Errorf("sim daa %s: TxPackets not supported, use one Tx per byte", c.d.name)
}

// Tx is one chip-select frame. It must carry exactly one byte (w of length 1, r empty or of
// length 1); a longer frame is rejected and resets the framing, as a real chip would misread it.
func (c *daaConn) Tx(w, r []byte) error {
	d := c.d
	if d.errRate > 0 && d.chance() < d.errRate {
		d.spiState = 0
		return fmt.Errorf("sim daa %s: %w", d.name, errSPI)
	}
	if len(w) > 1 || len(r) > 1 || (len(w) == 0 && len(r) == 0) {
		d.violations++
		d.spiState = 0
		return fmt.Errorf("sim daa %s: %d-byte frame, the chip takes one byte per chip select", d.name, max(len(w), len(r)))
	}
	var b byte
	if len(w) == 1 {
		b = w[0]
	}
	out := d.frame(b)
	if len(r) == 1 {
		r[0] = out
	}
	return nil
}

// frame runs one byte through the framing state machine (hardware.md §2.3) and returns what
// the chip drives on SDO meanwhile (0xFF, the pulled-up idle line, outside a read).
func (d *DAA) frame(b byte) byte {
	if d.dead {
		return 0xFF
	}
	switch d.spiState {
	case 0: // control byte: 0x20 | CID write, 0x60 | CID read, 0xA0 broadcast write
		if b&0x20 == 0 || (b&0x80 != 0 && b&0x40 != 0) {
			return 0xFF // not a DAA control byte: ignored
		}
		d.spiRead = b&0x40 != 0
		d.spiMine = b&0x80 != 0 || b&0x1F == d.cid
		d.spiState = 1
	case 1:
		d.spiAddr = b & 0x7F
		d.spiState = 2
	case 2:
		d.spiState = 0
		if !d.spiMine {
			return 0xFF
		}
		if d.spiRead {
			return d.readReg(d.spiAddr)
		}
		d.writeReg(d.spiAddr, b)
	}
	return 0xFF
}

// readReg returns a register as the driver sees it, with the live status bits.
func (d *DAA) readReg(a byte) byte {
	switch a {
	case daaDAACtrl1:
		v := d.regs[a] & 0x09
		if d.linked && d.rdtUntil > d.steps {
			v |= 0x04
		}
		if d.linked && (d.ringOn || d.stuckRing) && !d.lineOH {
			switch {
			case d.ringV > daaRingThresh:
				v |= 0x20
			case d.ringV < -daaRingThresh:
				v |= 0x40
			}
		}
		return v
	case daaRevision:
		if d.linked {
			return daaLSID<<4 | daaSysRev
		}
		return daaSysRev
	case daaLineStat:
		if !d.linked {
			return 0
		}
		v := byte(0x40)
		if d.lineOH {
			lcs := int(math.Round(d.line.current() / 3.3))
			v |= byte(min(lcs, 0x1F))
		}
		return v
	case daaLineVolt:
		if !d.linked {
			return 0
		}
		v := d.line.voltage(d.lineOH) + d.ringV
		if d.regs[daaDAACtrl5]&0x01 == 0 && math.Abs(v) <= 3 {
			v = 0 // LVFD off: small voltages read 0
		}
		return byte(int8(max(-127, min(127, math.Round(v)))))
	}
	return d.regs[a]
}

// writeReg applies a register write, with the side effects the model implements.
func (d *DAA) writeReg(a, v byte) {
	switch a {
	case daaCtrl1:
		if v&0x80 != 0 {
			d.reset() // SR: soft reset, self-clearing
			return
		}
	case daaIntSource:
		v &= d.regs[a] // write 0 to clear
	case daaDAACtrl1:
		v &= 0x09 // OH and ONHM; the rest is status
	case daaDAACtrl2:
		if v&0x10 == 0 && d.regs[a]&0x10 != 0 {
			d.linkAt = d.steps + daaLinkLag
		}
		if v&0x10 != 0 {
			d.linkAt, d.linked = -1, false
		}
	case daaRevision, daaLineStat, daaLineRev, daaLineVolt:
		return // read-only
	}
	d.regs[a] = v
}

// chance returns a deterministic pseudo-random number in [0, 1).
func (d *DAA) chance() float64 {
	d.rng ^= d.rng << 13
	d.rng ^= d.rng >> 17
	d.rng ^= d.rng << 5
	return float64(d.rng) / (1 << 32)
}

// Port returns the DAA's chip select as a periph SPI port: Connect (once, as on real spidev)
// returns Conn. The speed and mode are accepted as given; the model does not check timing.
func (d *DAA) Port() spi.PortCloser { return &daaPort{d: d} }

// daaPort is the DAA's chip select before Connect.
type daaPort struct {
	d         *DAA
	connected bool
}

func (p *daaPort) String() string                      { return "sim-daa(" + p.d.name + ")" }
func (p *daaPort) Close() error                        { return nil }
func (p *daaPort) LimitSpeed(f physic.Frequency) error { return nil }

// Connect returns the chip's connection; a second call fails as it does on spidev.
func (p *daaPort) Connect(f physic.Frequency, mode spi.Mode, bits int) (spi.Conn, error) {
	if p.connected {
		return nil, fmt.Errorf("sim daa %s: Connect called twice", p.d.name)
	}
	if bits != 8 {
		return nil, fmt.Errorf("sim daa %s: %d bits per word, the chip takes 8", p.d.name, bits)
	}
	p.connected = true
	return &p.d.conn, nil
}
