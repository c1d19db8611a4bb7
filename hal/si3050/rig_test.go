package si3050_test

import (
	"testing"
	"time"

	"github.com/analogpbx/pbx/dsp"
	"github.com/analogpbx/pbx/dsp/codec"
	"github.com/analogpbx/pbx/dsp/tone"
	"github.com/analogpbx/pbx/hal"
	"github.com/analogpbx/pbx/hal/si3050"
	"github.com/analogpbx/pbx/testbench/sim"
	"periph.io/x/conn/v3"
)

// regs is the register bus of one chip select over a connection, as a board builds it.
type regs struct {
	c conn.Conn
	n *int // transfers made, when counting
}

func (r regs) Tx(w, rd []byte) error {
	if r.n != nil {
		*r.n++
	}
	return r.c.Tx(w, rd)
}
func (r regs) Channel() int { return -1 }

const slot = 3 // the test port's PCM timeslot

// rig is one DAA port on a simulated card: the driver, its chip model and exchange line, and
// the frame loop (PCM transfer, Tick, Events) that the card runs.
type rig struct {
	t     *testing.T
	zone  *tone.Zone
	line  *sim.Line
	daa   *sim.DAA
	card  *sim.Card
	dev   *si3050.Dev
	law   codec.Law
	frame int64
	ev    []hal.Event
	tx    [][]byte
	rx    [][]byte
	send  func(dst []int16) // audio the PBX sends this frame (nil: silence)
	heard [][]int16         // every frame received from the line (when recording)
	rec   bool
	nTx   int
}

// newRig brings a port up in zone (and with the options changed by opt).
func newRig(t *testing.T, zone string, opt func(*rig, *si3050.Opts)) *rig {
	t.Helper()
	z, err := tone.Lookup(zone)
	if err != nil {
		t.Fatal(err)
	}
	r := &rig{t: t, zone: z, law: z.Law}
	r.line = sim.NewLine("line1", z)
	r.daa = sim.NewDAA("fxo1", r.line)
	r.card = sim.NewCard([]sim.Chip{r.daa}, 8)
	for range 8 {
		r.tx = append(r.tx, make([]byte, hal.FrameSamples))
		r.rx = append(r.rx, make([]byte, hal.FrameSamples))
	}
	o := si3050.DefaultOpts
	o.Zone, o.Timeslot = zone, slot
	o.Law = hal.ULaw
	if z.Law == codec.ALaw {
		o.Law = hal.ALaw
	}
	o.Step = func() { r.daa.Step(0) }
	if opt != nil {
		opt(r, &o)
	}
	r.dev, err = si3050.New(regs{c: r.daa.Conn(), n: &r.nTx}, "fxo1", &o)
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	if st := r.dev.Status(); st.Faulty {
		t.Fatalf("port faulty after New: %s", st.Reason)
	}
	r.runFor(200 * time.Millisecond) // let the driver learn the idle line
	r.nTx = 0
	return r
}

// run advances n frames the way the card's frame loop does.
func (r *rig) run(n int) {
	var lin [hal.FrameSamples]int16
	for range n {
		clear(lin[:])
		if r.send != nil {
			r.send(lin[:])
		}
		codec.Encode(r.law, r.tx[slot], lin[:])
		if err := r.card.Transfer(r.tx, r.rx); err != nil {
			r.t.Fatal(err)
		}
		r.dev.Tick(r.frame)
		r.frame++
		r.ev = r.dev.Events(r.ev)
		if r.rec {
			f := make([]int16, hal.FrameSamples)
			codec.Decode(r.law, f, r.rx[slot])
			r.heard = append(r.heard, f)
		}
	}
}

// runFor advances d of simulated time.
func (r *rig) runFor(d time.Duration) { r.run(int(hal.Frames(d))) }

// until runs frames until cond holds, at most d; it reports whether cond held.
func (r *rig) until(d time.Duration, cond func() bool) bool {
	for range hal.Frames(d) {
		if cond() {
			return true
		}
		r.run(1)
	}
	return cond()
}

// waitEvent runs until an event of type typ arrives (within d) and returns it.
func (r *rig) waitEvent(typ hal.EventType, d time.Duration) (hal.Event, bool) {
	r.t.Helper()
	seen := len(r.ev)
	var got hal.Event
	ok := r.until(d, func() bool {
		for _, e := range r.ev[seen:] {
			if e.Type == typ {
				got = e
				return true
			}
		}
		return false
	})
	return got, ok
}

// count returns how many events of typ have arrived.
func (r *rig) count(typ hal.EventType) int {
	n := 0
	for _, e := range r.ev {
		if e.Type == typ {
			n++
		}
	}
	return n
}

// hears reports whether the PBX side hears the zone's tone word within d, listening from the
// first sound on.
func (r *rig) hears(word string, d time.Duration) bool {
	r.t.Helper()
	m, err := tone.NewMatcher(r.zone, word)
	if err != nil {
		r.t.Fatal(err)
	}
	f := make([]int16, hal.FrameSamples)
	started := false
	return r.until(d, func() bool {
		codec.Decode(r.law, f, r.rx[slot])
		started = started || dsp.Level(f) > -50
		return started && m.Feed(f)
	})
}
