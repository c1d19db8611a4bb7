package sim

import (
	"time"

	"periph.io/x/conn/v3/gpio"
)

// IRQPin returns the chip's /INT output as a gpio.PinIn: Read is Low while an enabled
// interrupt is pending (active low, level-triggered). Edges are not modelled: WaitForEdge
// reports whether the line is asserted.
func (s *SLIC) IRQPin() gpio.PinIn { return &irqPin{s: s} }

// irqPin is the live /INT level of a SLIC.
type irqPin struct{ s *SLIC }

func (p *irqPin) String() string   { return p.s.name + "-INT" }
func (p *irqPin) Name() string     { return p.s.name + "-INT" }
func (p *irqPin) Number() int      { return -1 }
func (p *irqPin) Function() string { return "In/" + p.Read().String() }
func (p *irqPin) Halt() error      { return nil }

func (p *irqPin) In(pull gpio.Pull, edge gpio.Edge) error { return nil }

func (p *irqPin) Read() gpio.Level {
	if p.s.IRQ() {
		return gpio.Low
	}
	return gpio.High
}

func (p *irqPin) WaitForEdge(timeout time.Duration) bool { return p.s.IRQ() }
func (p *irqPin) Pull() gpio.Pull                        { return gpio.PullUp }
func (p *irqPin) DefaultPull() gpio.Pull                 { return gpio.PullUp }

var _ gpio.PinIn = (*irqPin)(nil)
