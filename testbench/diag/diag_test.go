package diag_test

import (
	"bytes"
	"fmt"
	"strings"
	"testing"

	"github.com/analogpbx/pbx/board"
	simboard "github.com/analogpbx/pbx/board/sim"
	"github.com/analogpbx/pbx/dsp/tone"
	"github.com/analogpbx/pbx/hal"
	"github.com/analogpbx/pbx/hal/si3050"
	"github.com/analogpbx/pbx/hal/si321x"
	"github.com/analogpbx/pbx/testbench/diag"
	"github.com/analogpbx/pbx/testbench/sim"
	"periph.io/x/conn/v3/physic"
	"periph.io/x/conn/v3/spi"
)

type regs struct{ c spi.Conn }

func (r regs) Tx(w, rd []byte) error { return r.c.Tx(w, rd) }
func (r regs) Channel() int          { return -1 }

// card is a simulated card of 2 FXS and 2 FXO ports with the real drivers.
type card struct {
	b     *board.Board
	chips []sim.Chip
}

func newCard(t *testing.T) *card {
	t.Helper()
	z, err := tone.Lookup("us")
	if err != nil {
		t.Fatal(err)
	}
	c := &card{}
	var ports []hal.Port
	var frame int64
	for i := range 2 {
		name := []string{"fxs1", "fxs2"}[i]
		s := sim.NewSLIC(name, sim.NewPhone(name, z))
		conn, err := s.Port().Connect(physic.MegaHertz, spi.Mode3, 8)
		if err != nil {
			t.Fatal(err)
		}
		o := si321x.DefaultOpts
		o.Timeslot = i
		o.Step = func() { s.Step(frame); frame++ }
		d, err := si321x.New(regs{conn}, name, &o)
		if err != nil {
			t.Fatal(err)
		}
		c.chips = append(c.chips, s)
		ports = append(ports, d)
	}
	for i := range 2 {
		name := []string{"fxo1", "fxo2"}[i]
		d := sim.NewDAA(name, sim.NewLine("line"+name[3:], z))
		conn, err := d.Port().Connect(physic.MegaHertz, spi.Mode3, 8)
		if err != nil {
			t.Fatal(err)
		}
		o := si3050.DefaultOpts
		o.Timeslot = 2 + i
		o.Step = func() { d.Step(frame); frame++ }
		dev, err := si3050.New(regs{conn}, name, &o)
		if err != nil {
			t.Fatal(err)
		}
		c.chips = append(c.chips, d)
		ports = append(ports, dev)
	}
	c.b = &board.Board{Name: "sim:2fxs2fxo", Ports: ports, PCM: sim.NewCard(c.chips, 8), Law: hal.ULaw}
	return c
}

func TestAllPass(t *testing.T) {
	c := newCard(t)
	var out bytes.Buffer
	ok := diag.Run(c.b, 0, &out)
	t.Logf("\n%s", out.String())
	if !ok {
		t.Fatal("a healthy card failed its self-test")
	}
	for _, want := range []string{"line voltage", "loop current", "dtmf loopback", "tone loopback", "isolation link", "calibration"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("table lacks a %q row", want)
		}
	}
}

func TestFaultyPortFails(t *testing.T) {
	tests := []struct {
		port  int
		fault string
		row   string // the failing check
	}{
		{3, "chip-dead", "status"},
		{4, "battery-loss", "line voltage"},
		{1, "chip-dead", "battery"},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprintf("port %d %s", tt.port, tt.fault), func(t *testing.T) {
			c := newCard(t)
			if err := c.chips[tt.port-1].Fault(tt.fault); err != nil {
				t.Fatal(err)
			}
			var out bytes.Buffer
			ok := diag.Run(c.b, 0, &out)
			t.Logf("\n%s", out.String())
			if ok {
				t.Fatal("self-test passed with a faulty port")
			}
			found := false
			for _, l := range strings.Split(out.String(), "\n") {
				if !strings.Contains(l, "FAIL") {
					continue
				}
				if !strings.HasPrefix(l, string(rune('0'+tt.port))) {
					t.Errorf("FAIL on another port: %q", l)
				}
				found = found || strings.Contains(l, tt.row)
			}
			if !found {
				t.Errorf("no FAIL row for %q on port %d", tt.row, tt.port)
			}
		})
	}
}

func TestPortSelection(t *testing.T) {
	c := newCard(t)
	var out bytes.Buffer
	if !diag.Run(c.b, 3, &out) {
		t.Fatalf("port 3 failed:\n%s", out.String())
	}
	if strings.Contains(out.String(), "\n1 ") || !strings.Contains(out.String(), "\n3 ") {
		t.Errorf("port 3 only, got:\n%s", out.String())
	}
	out.Reset()
	if diag.Run(c.b, 9, &out) {
		t.Errorf("port 9 of 4 passed:\n%s", out.String())
	}
	c.b.Ports[1] = nil
	out.Reset()
	if diag.Run(c.b, 2, &out) {
		t.Errorf("an empty position asked for by number passed:\n%s", out.String())
	}
}

// TestSimBoard runs the self-test on the default simulated board (4 FXS + 4 FXO), as
// `testbench diag -board sim` does, then with an injected fault.
func TestSimBoard(t *testing.T) {
	z, err := tone.Lookup("us")
	if err != nil {
		t.Fatal(err)
	}
	b, s, err := simboard.Open("", z)
	if err != nil {
		t.Fatal(err)
	}
	defer b.Halt()
	var out bytes.Buffer
	ok := diag.Run(b, 0, &out)
	t.Logf("\n%s", out.String())
	if !ok {
		t.Fatal("the simulated board failed its self-test")
	}
	if !strings.Contains(out.String(), "8 ports tested, 0 failed") {
		t.Error("not all 8 ports tested")
	}
	if err := s.Fault(6, "chip-dead"); err != nil {
		t.Fatal(err)
	}
	out.Reset()
	if diag.Run(b, 6, &out) {
		t.Errorf("port 6 with a dead chip passed:\n%s", out.String())
	}
}
