package si321x

import (
	"testing"
	"time"

	"github.com/analogpbx/pbx/hal"
	"github.com/analogpbx/pbx/testbench/sim"
	"periph.io/x/conn/v3"
)

// connRegs is a hal.Regs on one chip select.
type connRegs struct{ c conn.Conn }

func (r connRegs) Tx(w, rd []byte) error { return r.c.Tx(w, rd) }
func (r connRegs) Channel() int          { return -1 }

// rig is one SLIC model with its phone and the driver, run frame by frame as the card does.
type rig struct {
	t     *testing.T
	slic  *sim.SLIC
	phone *sim.Phone
	dev   *Dev
	frame int64
	ev    []hal.Event // every event so far
	pcm   [hal.FrameSamples]byte
}

// newRig brings up a driver on a fresh model; mod adjusts the options.
func newRig(t *testing.T, mod func(*Opts, *sim.SLIC)) *rig {
	t.Helper()
	g := &rig{t: t}
	g.phone = sim.NewPhone("p1", nil)
	g.slic = sim.NewSLIC("fxs1", g.phone)
	o := DefaultOpts
	o.Step = func() { g.slic.Step(g.frame) }
	if mod != nil {
		mod(&o, g.slic)
	}
	d, err := New(connRegs{g.slic.Conn()}, "fxs1", &o)
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	g.dev = d
	return g
}

// run advances n frames: PCM, chip step, driver tick, events.
func (g *rig) run(n int) {
	for range n {
		for i := range g.pcm {
			g.pcm[i] = 0xFF
		}
		g.slic.WritePCM(g.pcm[:])
		g.slic.Step(g.frame)
		g.slic.ReadPCM(g.pcm[:])
		g.dev.Tick(g.frame)
		g.ev = g.dev.Events(g.ev)
		g.frame++
	}
}

// runFor advances by d.
func (g *rig) runFor(d time.Duration) { g.run(int(hal.Frames(d))) }

// until runs until cond holds or limit passes; it returns the frames it took.
func (g *rig) until(limit time.Duration, cond func() bool) (int, bool) {
	for n := 0; n < int(hal.Frames(limit)); n++ {
		if cond() {
			return n, true
		}
		g.run(1)
	}
	return int(hal.Frames(limit)), cond()
}

// take returns the events since the last take.
func (g *rig) take() []hal.Event {
	ev := g.ev
	g.ev = nil
	return ev
}

// types lists event types (and digits) as a compact string.
func types(ev []hal.Event) string {
	s := ""
	for _, e := range ev {
		if s != "" {
			s += " "
		}
		s += e.Type.String()
		if e.Type == hal.PulseDigit {
			s += ":" + string(e.Digit)
		}
	}
	return s
}

// noViolations fails the test if the chip model saw framing or protocol errors.
func (g *rig) noViolations() {
	g.t.Helper()
	if v := g.slic.Violations(); len(v) > 0 {
		g.t.Errorf("chip saw %d protocol violations, first: %s", len(v), v[0])
	}
}
