package si3050

import (
	"fmt"

	"github.com/analogpbx/pbx/hal"
	"periph.io/x/conn/v3/gpio"
)

// Tick runs the driver for one frame: finishes a bring-up or recovery in progress, times a
// flash, and (in service) reads the chip: the interrupt source when the IRQ line is asserted,
// reg 5 for ring detection and hook supervision (every frame when polling, while a ring is
// being followed when interrupt-driven), reg 29 for battery and polarity, and every 250 ms a
// sanity check that catches a chip reset or a chip that stopped answering. At most a handful
// of register accesses per frame; nothing blocks.
func (d *Dev) Tick(frame int64) {
	d.frame = frame
	switch {
	case d.failed:
		if d.retryIn--; d.retryIn <= 0 {
			d.failed, d.boot = false, bootProbe
			d.bootStep()
		}
	case !d.up:
		d.bootStep()
	default:
		if err := d.run(); err != nil {
			d.lastErr = err
			if d.bad++; d.bad >= badFrameLimit {
				d.fail("spi errors", err)
			}
		} else {
			d.bad = 0
		}
	}
	d.report()
}

// run is one in-service frame. An error means the frame's SPI traffic failed; nothing was
// concluded from it.
func (d *Dev) run() error {
	if d.flash > 0 {
		if d.flash--; d.flash == 0 {
			if err := d.write(regDAACtrl1, daaONHM|daaOH); err != nil {
				d.flash = 1 // try again next frame
				return err
			}
		}
	}
	irq := d.opts.IRQ != nil
	if irq && d.opts.IRQ.Read() == gpio.Low {
		src, err := d.read(regIntSource)
		if err != nil {
			return err
		}
		if err := d.write(regIntSource, 0); err != nil {
			return err
		}
		if src&intRDTI != 0 {
			d.ringInterrupt()
		}
	}
	if !irq || d.ring.watch || d.ring.on {
		r5, err := d.read(regDAACtrl1)
		if err != nil {
			return err
		}
		if r5&daaReserved != 0 {
			return d.sanity() // reads as if nobody answers: find out now
		}
		if r5&daaSupervise != d.wantHook() {
			if err := d.sanity(); err != nil || !d.up {
				return err
			}
			if err := d.write(regDAACtrl1, d.wantHook()); err != nil {
				return err
			}
		}
		d.trackRing(r5)
	}
	lvs, err := d.read(regLineVolt)
	if err != nil {
		return err
	}
	if err := d.trackLine(int(int8(lvs))); err != nil || !d.up {
		return err
	}
	if d.sanityDue--; d.sanityDue <= 0 {
		d.sanityDue = sanityEvery
		if err := d.sanity(); err != nil || !d.up {
			return err
		}
		if irq {
			r5, err := d.read(regDAACtrl1)
			if err != nil {
				return err
			}
			if r5&daaSupervise != d.wantHook() {
				return d.write(regDAACtrl1, d.wantHook())
			}
		}
	}
	return nil
}

// wantHook is the value reg 5 must hold (masked with daaSupervise) in the current hook state.
func (d *Dev) wantHook() byte {
	if d.seized && d.flash == 0 {
		return daaONHM | daaOH
	}
	return daaONHM
}

// sanity checks that the chip still answers and still holds its configuration. A chip that no
// longer answers is marked faulty; a chip that lost its configuration (reset, brown-out,
// isolation link lost) is brought up again, keeping the hook state. An error is an SPI error.
func (d *Dev) sanity() error {
	v2, err := d.read(regCtrl2)
	if err != nil {
		return err
	}
	v33, err := d.read(regPCMMode)
	if err != nil {
		return err
	}
	v12, err := d.read(regLineStat)
	if err != nil {
		return err
	}
	switch {
	case v2 == d.ctrl2 && v33 == d.pcmMode && v12&lineFDT != 0:
		return nil
	case v2 == probeCtrl2 || v2 == d.ctrl2:
		// Reset values (or a lost isolation link): the chip answers but forgot its setup.
		d.log.Warn("chip reset detected, re-initialising", "reg2", v2, "reg33", v33, "reg12", v12)
		d.restart()
		return nil
	default:
		d.fail("chip not answering", fmt.Errorf("reg 2 reads %#02x, want %#02x", v2, d.ctrl2))
		return nil
	}
}

// restart begins a fresh bring-up without reporting a fault (a chip reset); if the bring-up
// fails, the port becomes faulty then.
func (d *Dev) restart() {
	if d.ring.on {
		d.emit(hal.RingStop, "")
	}
	d.up, d.boot = false, bootProbe
	d.ring = ringTrack{}
	d.flash = 0
}

// fail marks the chip faulty, stops following the line and schedules a re-probe with a
// back-off that doubles up to retryMax frames.
func (d *Dev) fail(why string, err error) {
	if d.ring.on {
		d.emit(hal.RingStop, "")
	}
	if err != nil {
		why = why + ": " + err.Error()
	}
	if d.failWhy == "" {
		// The first failure names the fault; failed retries keep it until the chip is back.
		d.log.Warn("port faulty", "err", why)
		d.failWhy = why
	}
	d.failed, d.up = true, false
	d.ring, d.line = ringTrack{}, lineTrack{}
	d.flash, d.bad = 0, 0
	switch {
	case d.backoff == 0:
		d.backoff = retryFirst
	case d.backoff < retryMax:
		d.backoff = min(2*d.backoff, retryMax)
	}
	d.retryIn = d.backoff
}

// faultReason is the port's current fault, "" when healthy.
func (d *Dev) faultReason() string {
	switch {
	case d.failWhy != "":
		return d.failWhy
	case d.ring.stuck:
		return "ring detect stuck"
	case d.line.alarm:
		return "no battery"
	}
	return ""
}

// report sends Faulty when the port's fault starts or changes and Recovered when it clears.
func (d *Dev) report() {
	why := d.faultReason()
	if why == d.reported {
		return
	}
	switch {
	case why == "":
		d.log.Info("port recovered")
		d.emit(hal.Recovered, "")
	default:
		d.emit(hal.Faulty, why)
	}
	d.reported = why
}
