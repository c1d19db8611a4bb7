package sim

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/analogpbx/pbx/board"
	"github.com/analogpbx/pbx/dsp/tone"
	"github.com/analogpbx/pbx/hal"
	"github.com/analogpbx/pbx/hal/si3050"
	"github.com/analogpbx/pbx/hal/si321x"
	tbsim "github.com/analogpbx/pbx/testbench/sim"
	"periph.io/x/conn/v3/physic"
	"periph.io/x/conn/v3/spi"
)

// Board limits.
const (
	// Slots is the number of 8-bit timeslots on the simulated PCM bus (2.048 MHz PCLK).
	Slots = 32
	// DefaultFXS and DefaultFXO are the ports of the default card ("" spec).
	DefaultFXS, DefaultFXO = 4, 4
	// spiSpeed and spiMode are what the chips need (hardware.md §1, §9).
	spiSpeed = 1 * physic.MegaHertz
	spiMode  = spi.Mode3
)

// Sim is the simulated card's control panel for the scenario runner and tests. Its
// methods are called from the frame goroutine, between frames.
type Sim struct {
	card   *tbsim.Card
	kinds  []hal.Kind
	chips  []tbsim.Chip // by physical port - 1; nil for an empty position
	phones []*tbsim.Phone
	slics  []*tbsim.SLIC
	lines  []*tbsim.Line
	daas   []*tbsim.DAA
	frame  int64 // frames stepped during bring-up, for the chip models' Step
}

// ParseSpec reads a card size such as "8fxs4fxo", "4fxs" or "2fxo"; "" is the default
// 4 FXS + 4 FXO. A card has 1..32 ports (one PCM timeslot each).
func ParseSpec(spec string) (fxs, fxo int, err error) {
	if spec == "" {
		return DefaultFXS, DefaultFXO, nil
	}
	bad := fmt.Errorf("board sim: bad card size %q: want NfxsMfxo, such as 8fxs4fxo", spec)
	rest := spec
	if i := strings.Index(rest, "fxs"); i >= 0 {
		if fxs, err = strconv.Atoi(rest[:i]); err != nil || rest[0] == '+' || rest[0] == '-' {
			return 0, 0, bad
		}
		rest = rest[i+3:]
	}
	if rest != "" {
		n, ok := strings.CutSuffix(rest, "fxo")
		if !ok || n == "" || n[0] == '+' || n[0] == '-' {
			return 0, 0, bad
		}
		if fxo, err = strconv.Atoi(n); err != nil {
			return 0, 0, bad
		}
	}
	if n := fxs + fxo; n < 1 || n > Slots {
		return 0, 0, fmt.Errorf("board sim: card size %q has %d ports, want 1..%d", spec, n, Slots)
	}
	return fxs, fxo, nil
}

// Open builds the simulated card for spec (see ParseSpec; FXS ports first in physical
// order) and opens the drivers with the zone's ring frequency, flash window and law;
// timeslot = physical port - 1. A port whose chip fails to probe or initialise is kept
// and reported faulty; the board still opens. The board's PCM is the card (RealTime false).
func Open(spec string, zone *tone.Zone) (*board.Board, *Sim, error) {
	if zone == nil {
		return nil, nil, fmt.Errorf("board sim: no tone zone")
	}
	nfxs, nfxo, err := ParseSpec(spec)
	if err != nil {
		return nil, nil, err
	}
	s := &Sim{}
	ports := make([]hal.Port, 0, nfxs+nfxo)
	for i := range nfxs {
		p, err := s.addFXS(i+1, len(ports)+1, zone)
		if err != nil {
			return nil, nil, err
		}
		ports = append(ports, p)
	}
	for i := range nfxo {
		ports = append(ports, s.addFXO(i+1, len(ports)+1, zone))
	}
	s.card = tbsim.NewCard(s.chips, Slots)
	b := &board.Board{
		Name:     "sim",
		Ports:    ports,
		PCM:      s.card,
		Law:      hal.Law(zone.Law),
		RealTime: false,
	}
	if spec != "" {
		b.Name = "sim:" + spec
	}
	return b, s, nil
}

// addFXS builds FXS port n (1-based among FXS) at physical port phys.
func (s *Sim) addFXS(n, phys int, zone *tone.Zone) (hal.Port, error) {
	name := "fxs" + strconv.Itoa(n)
	phone := tbsim.NewPhone(name, zone)
	slic := tbsim.NewSLIC(name, phone)
	s.chips = append(s.chips, slic)
	s.kinds = append(s.kinds, hal.KindFXS)
	s.phones = append(s.phones, phone)
	s.slics = append(s.slics, slic)
	c, err := slic.Port().Connect(spiSpeed, spiMode, 8)
	if err != nil {
		return nil, fmt.Errorf("board sim: %s: %w", name, err)
	}
	o := si321x.DefaultOpts
	o.RingHz = zone.RingHz
	o.FlashMin, o.FlashMax = zone.FlashMin, zone.FlashMax
	o.Law = hal.Law(zone.Law)
	o.Timeslot = phys - 1
	o.IRQ = slic.IRQPin()
	o.Step = func() { slic.Step(s.frame); s.frame++ }
	d, err := si321x.New(regs{c}, name, &o)
	if d == nil {
		return nil, fmt.Errorf("board sim: %w", err)
	}
	// A chip that failed its bring-up stays as a faulty port that retries by itself.
	return d, nil
}

// addFXO builds FXO port n (1-based among FXO) at physical port phys. A DAA that does not
// answer its probe gives a port that stays faulty and probes again from Tick.
func (s *Sim) addFXO(n, phys int, zone *tone.Zone) hal.Port {
	name := "fxo" + strconv.Itoa(n)
	line := tbsim.NewLine("line"+strconv.Itoa(n), zone)
	daa := tbsim.NewDAA(name, line)
	s.chips = append(s.chips, daa)
	s.kinds = append(s.kinds, hal.KindFXO)
	s.lines = append(s.lines, line)
	s.daas = append(s.daas, daa)
	o := si3050.DefaultOpts
	o.Zone = zone.Name
	o.Law = hal.Law(zone.Law)
	o.Timeslot = phys - 1
	o.IRQ = daa.IRQPin()
	o.Step = func() { daa.Step(s.frame); s.frame++ }
	open := func(first bool) (hal.FXO, error) {
		oo := o
		if !first {
			oo.Step = nil // a later probe runs from Tick; Tick finishes the bring-up
		}
		return si3050.New(regs{daa.Conn()}, name, &oo)
	}
	return newLateFXO(name, phys-1, open)
}

// regs is a chip's own chip select on the simulated bus.
type regs struct{ c spi.Conn }

func (r regs) Tx(w, rd []byte) error { return r.c.Tx(w, rd) }
func (r regs) Channel() int          { return -1 }

// Card is the simulated voice card (also the board's PCM).
func (s *Sim) Card() *tbsim.Card { return s.card }

// Kinds lists what each physical port holds (index 0 = port 1).
func (s *Sim) Kinds() []hal.Kind { return s.kinds }

// Phone is the simulated phone on the i-th FXS port (1-based, physical order), or nil.
func (s *Sim) Phone(i int) *tbsim.Phone {
	if i < 1 || i > len(s.phones) {
		return nil
	}
	return s.phones[i-1]
}

// SLIC is the chip model of the i-th FXS port (1-based), or nil.
func (s *Sim) SLIC(i int) *tbsim.SLIC {
	if i < 1 || i > len(s.slics) {
		return nil
	}
	return s.slics[i-1]
}

// Line is the simulated exchange line behind the i-th FXO port (1-based, physical order),
// or nil.
func (s *Sim) Line(i int) *tbsim.Line {
	if i < 1 || i > len(s.lines) {
		return nil
	}
	return s.lines[i-1]
}

// DAA is the chip model of the i-th FXO port (1-based), or nil.
func (s *Sim) DAA(i int) *tbsim.DAA {
	if i < 1 || i > len(s.daas) {
		return nil
	}
	return s.daas[i-1]
}

// Fault injects a fault (testbench name, or "clear") into the chip at physical port.
func (s *Sim) Fault(port int, kind string) error {
	if port < 1 || port > len(s.chips) {
		return fmt.Errorf("board sim: no port %d (the card has %d)", port, len(s.chips))
	}
	c := s.chips[port-1]
	if c == nil {
		return fmt.Errorf("board sim: port %d is empty", port)
	}
	if err := c.Fault(kind); err != nil {
		return fmt.Errorf("board sim: port %d: %w", port, err)
	}
	return nil
}
