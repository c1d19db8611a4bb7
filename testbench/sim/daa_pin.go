package sim

import (
	"errors"
	"time"

	"periph.io/x/conn/v3/gpio"
	"periph.io/x/conn/v3/pin"
)

// IRQPin returns the chip's interrupt output as a GPIO input: its level follows the pending
// interrupts live, active low unless reg 2 INTP selects active high. Only Read is meaningful;
// WaitForEdge is not supported (the driver polls the level once per frame).
func (d *DAA) IRQPin() gpio.PinIn { return &daaPin{d: d} }

// daaPin is the /INT line of a DAA model.
type daaPin struct{ d *DAA }

func (p *daaPin) String() string                       { return "sim-daa-int(" + p.d.name + ")" }
func (p *daaPin) Halt() error                          { return nil }
func (p *daaPin) Name() string                         { return p.String() }
func (p *daaPin) Number() int                          { return -1 }
func (p *daaPin) Function() string                     { return "In/" + p.Read().String() }
func (p *daaPin) Func() pin.Func                       { return gpio.IN }
func (p *daaPin) SupportedFuncs() []pin.Func           { return []pin.Func{gpio.IN} }
func (p *daaPin) SetFunc(f pin.Func) error             { return errors.New("sim daa: interrupt pin is input only") }
func (p *daaPin) In(pull gpio.Pull, e gpio.Edge) error { return nil }
func (p *daaPin) Pull() gpio.Pull                      { return gpio.PullUp }
func (p *daaPin) DefaultPull() gpio.Pull               { return gpio.PullUp }
func (p *daaPin) WaitForEdge(time.Duration) bool       { return false }

// Read returns the live level of /INT.
func (p *daaPin) Read() gpio.Level {
	activeHigh := p.d.regs[daaCtrl2]&0x40 != 0
	if p.d.IRQ() {
		return gpio.Level(activeHigh)
	}
	return gpio.Level(!activeHigh)
}
