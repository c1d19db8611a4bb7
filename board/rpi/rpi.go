// Package rpi opens the real voice card on a Raspberry Pi-class carrier: module positions on
// SPI0 chip selects, a shared reset and interrupt line, and the PCM voice path through ALSA
// (hal/alsa). Each position is probed with both drivers, ProSLIC first (hal/si321x) then
// VoiceDAA (hal/si3050), as DAHDI does. On a machine without the hardware Open fails at once
// with an error, and the caller falls back to the simulated board.
package rpi

import (
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/analogpbx/pbx/board"
	"github.com/analogpbx/pbx/dsp/codec"
	"github.com/analogpbx/pbx/hal"
	"github.com/analogpbx/pbx/hal/alsa"
	"github.com/analogpbx/pbx/hal/si3050"
	"github.com/analogpbx/pbx/hal/si321x"
	"periph.io/x/conn/v3/gpio"
	"periph.io/x/conn/v3/gpio/gpioreg"
	"periph.io/x/conn/v3/spi"
	"periph.io/x/conn/v3/spi/spireg"
	"periph.io/x/host/v3"
)

// Opts are the zone settings the drivers need. Start from DefaultOpts.
type Opts struct {
	// Zone selects the VoiceDAA country settings (si3050 zones: us, cn, uk, de, tbr21, au).
	Zone string
	// Law is the companding law of the voice frames the board exchanges with the call core.
	Law hal.Law
	// RingHz and FlashMin/FlashMax go to the FXS driver (the zone's ring frequency and
	// hook-flash window).
	RingHz             int
	FlashMin, FlashMax time.Duration
	// Log receives the drivers' faults and recoveries; nil discards.
	Log *slog.Logger
}

// DefaultOpts are North American settings.
var DefaultOpts = Opts{Zone: "us", Law: hal.ULaw, RingHz: 20,
	FlashMin: 100 * time.Millisecond, FlashMax: 800 * time.Millisecond}

// ErrNoCarrier means the carrier's SPI bus is not there: this is not the appliance hardware.
var ErrNoCarrier = errors.New("board rpi: no carrier (SPI0 not found)")

// Open opens the eight-position carrier (Carrier8) with DefaultOpts.
func Open() (*board.Board, error) { return OpenWith(Carrier8(), DefaultOpts) }

// OpenWith opens carrier c: it starts the PCM path (the chips clock from it), pulses /RESET,
// then probes every position that has a PCM channel, ProSLIC first, then VoiceDAA. A position
// where neither answers is empty; a chip that answers but fails its bring-up stays as a faulty
// port that retries by itself. It fails when the SPI bus is missing (ErrNoCarrier), when the
// PCM path cannot be opened, or when no module answers at all.
func OpenWith(c Carrier, o Opts) (*board.Board, error) {
	if _, err := host.Init(); err != nil {
		return nil, fmt.Errorf("board rpi: host: %w", err)
	}
	var ports []spi.PortCloser
	closeAll := func() {
		for _, p := range ports {
			if p != nil {
				p.Close()
			}
		}
	}
	foundBus := false
	for _, pos := range c.Positions {
		if pos.Channel < 0 {
			continue
		}
		p, err := spireg.Open(pos.SPI)
		if err == nil {
			foundBus = true
		}
		ports = append(ports, p) // nil when the chip select is missing
	}
	if !foundBus {
		return nil, ErrNoCarrier
	}
	pcm, err := alsa.Open(&alsa.Opts{
		Card: c.Card, Device: c.Device, Channels: len(ports), Periods: 4,
		Decode: func(dst []int16, src []byte) { codec.Decode(codec.Law(o.Law), dst, src) },
		Encode: func(dst []byte, src []int16) { codec.Encode(codec.Law(o.Law), dst, src) },
	})
	if err != nil {
		closeAll()
		return nil, fmt.Errorf("board rpi: voice path: %w", err)
	}
	if err := pulseReset(c); err != nil {
		pcm.Close()
		closeAll()
		return nil, err
	}
	var irq gpio.PinIn
	if p := gpioreg.ByName(c.IRQ); p != nil {
		if err := p.In(gpio.PullUp, gpio.NoEdge); err == nil {
			irq = p
		}
	}
	b := &board.Board{Name: c.Name, PCM: pcm, Law: o.Law, RealTime: true}
	found := 0
	for i, p := range ports {
		pos := c.Positions[i]
		var port hal.Port
		if p != nil {
			if port, err = probe(c, pos, p, pcm, irq, o); err != nil {
				pcm.Close()
				closeAll()
				return nil, err
			}
		}
		if port != nil {
			found++
		}
		b.Ports = append(b.Ports, port)
	}
	if found == 0 {
		pcm.Close()
		closeAll()
		return nil, fmt.Errorf("board rpi: no voice module answers on %d positions", len(ports))
	}
	b.Close = func() error {
		closeAll()
		return pcm.Close()
	}
	return b, nil
}

// wait lets n frames of 10 ms pass while the board is being opened (before the frame loop runs).
func wait(n int) {
	for range n {
		time.Sleep(hal.FrameDuration)
	}
}

// pulseReset holds /RESET low, releases it and waits for the chips.
func pulseReset(c Carrier) error {
	pin := gpioreg.ByName(c.Reset)
	if pin == nil {
		return fmt.Errorf("board rpi: reset line %s not found", c.Reset)
	}
	if err := pin.Out(gpio.Low); err != nil {
		return fmt.Errorf("board rpi: reset: %w", err)
	}
	wait(c.ResetLow)
	if err := pin.Out(gpio.High); err != nil {
		return fmt.Errorf("board rpi: reset: %w", err)
	}
	wait(c.ResetWait)
	return nil
}

// probe finds out what sits on one position and opens its driver: a ProSLIC (8-bit companded
// slot at the start of its channel) or a VoiceDAA (16-bit linear). nil, nil means empty.
func probe(c Carrier, pos Position, p spi.PortCloser, pcm *alsa.PCM, irq gpio.PinIn, o Opts) (hal.Port, error) {
	conn, err := p.Connect(c.SPIHz, c.SPIMode, 8)
	if err != nil {
		return nil, fmt.Errorf("board rpi: port %d: %w", pos.Port, err)
	}
	r := regs{conn}
	slot := alsa.PortSlot(pos.Channel)
	step := func() { time.Sleep(hal.FrameDuration) }
	fo := si321x.DefaultOpts
	fo.RingHz, fo.FlashMin, fo.FlashMax = o.RingHz, o.FlashMin, o.FlashMax
	fo.Law, fo.Timeslot, fo.IRQ, fo.Step, fo.Log = o.Law, slot, irq, step, o.Log
	name := fmt.Sprintf("port%d", pos.Port)
	fxs, err := si321x.New(r, name, &fo)
	if fxs != nil && !errors.Is(err, si321x.ErrNoChip) {
		return fxs, pcm.SetFormat(slot, alsa.Companded8)
	}
	do := si3050.DefaultOpts
	do.Zone, do.Law, do.Linear, do.Timeslot, do.IRQ, do.Step, do.Log = o.Zone, o.Law, true, slot, irq, step, o.Log
	fxo, err := si3050.New(r, name, &do)
	switch {
	case errors.Is(err, si3050.ErrNoChip):
		return nil, nil
	case err != nil:
		return nil, fmt.Errorf("board rpi: %w", err)
	}
	return fxo, pcm.SetFormat(slot, alsa.Linear16)
}

// regs is a chip's own chip select.
type regs struct{ c spi.Conn }

// Tx is one chip-select frame.
func (r regs) Tx(w, rd []byte) error { return r.c.Tx(w, rd) }

// Channel is -1: one chip per chip select.
func (r regs) Channel() int { return -1 }
