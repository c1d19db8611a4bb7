package sim_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/analogpbx/pbx/dsp"
	"github.com/analogpbx/pbx/dsp/cid"
	"github.com/analogpbx/pbx/dsp/codec"
	"github.com/analogpbx/pbx/dsp/dtmf"
	"github.com/analogpbx/pbx/dsp/tone"
	"github.com/analogpbx/pbx/hal"
	"github.com/analogpbx/pbx/hal/si3050"
	"github.com/analogpbx/pbx/testbench/sim"
	"periph.io/x/conn/v3/physic"
	"periph.io/x/conn/v3/spi"
)

type daaRegs struct{ c spi.Conn }

func (r daaRegs) Tx(w, rd []byte) error { return r.c.Tx(w, rd) }
func (r daaRegs) Channel() int          { return -1 }

// exch is an exchange line behind a DAA driven by the real FXO driver on a one-chip card.
type exch struct {
	t     *testing.T
	zone  *tone.Zone
	line  *sim.Line
	daa   *sim.DAA
	card  *sim.Card
	dev   *si3050.Dev
	frame int64
	ev    []hal.Event
	tx    [][]byte
	rx    [][]byte
	send  func([]int16)
	recv  func([]int16)
}

func newExch(t *testing.T, zone string) *exch {
	t.Helper()
	z, err := tone.Lookup(zone)
	if err != nil {
		t.Fatal(err)
	}
	x := &exch{t: t, zone: z}
	x.line = sim.NewLine("line1", z)
	x.daa = sim.NewDAA("fxo1", x.line)
	x.card = sim.NewCard([]sim.Chip{x.daa}, 2)
	x.tx = [][]byte{make([]byte, hal.FrameSamples), make([]byte, hal.FrameSamples)}
	x.rx = [][]byte{make([]byte, hal.FrameSamples), make([]byte, hal.FrameSamples)}
	c, err := x.daa.Port().Connect(physic.MegaHertz, spi.Mode3, 8)
	if err != nil {
		t.Fatal(err)
	}
	o := si3050.DefaultOpts
	o.Zone = zone
	if z.Law == codec.ALaw {
		o.Law = hal.ALaw
	}
	o.Step = func() { x.daa.Step(0) }
	if x.dev, err = si3050.New(daaRegs{c}, "fxo1", &o); err != nil {
		t.Fatal(err)
	}
	x.run(20)
	return x
}

func (x *exch) run(n int) {
	var f [hal.FrameSamples]int16
	for range n {
		clear(f[:])
		if x.send != nil {
			x.send(f[:])
		}
		codec.Encode(x.zone.Law, x.tx[0], f[:])
		if err := x.card.Transfer(x.tx, x.rx); err != nil {
			x.t.Fatal(err)
		}
		x.dev.Tick(x.frame)
		x.frame++
		x.ev = x.dev.Events(x.ev)
		if x.recv != nil {
			codec.Decode(x.zone.Law, f[:], x.rx[0])
			x.recv(f[:])
		}
	}
}

func (x *exch) runFor(d time.Duration) { x.run(int(hal.Frames(d))) }

func (x *exch) count(typ hal.EventType) int {
	n := 0
	for _, e := range x.ev {
		if e.Type == typ {
			n++
		}
	}
	return n
}

func TestCallerIDPerZone(t *testing.T) {
	tests := []struct {
		zone       string
		beforeRing bool
	}{
		{"us", false},
		{"cn", false},
		{"de", false},
		{"uk", true},
	}
	for _, tt := range tests {
		t.Run(tt.zone, func(t *testing.T) {
			x := newExch(t, tt.zone)
			dem := cid.NewDemodulator(x.zone.CID)
			var got string
			var gotAt int64
			x.recv = func(f []int16) {
				dem.Feed(f)
				if m, ok := dem.Message(); ok && got == "" {
					if msg, err := cid.Decode(m); err == nil {
						got, gotAt = msg.Number, x.frame
					}
				}
			}
			x.line.Call("13800138000")
			x.runFor(8 * time.Second)
			if got != "13800138000" {
				t.Fatalf("caller ID %q, want 13800138000", got)
			}
			var rings []int64
			for _, e := range x.ev {
				if e.Type == hal.RingStart {
					rings = append(rings, e.Frame)
				}
			}
			if len(rings) < 2 {
				t.Fatalf("%d rings in 8 s", len(rings))
			}
			switch {
			case tt.beforeRing && gotAt > rings[0]:
				t.Errorf("caller ID at frame %d, after the first ring at %d", gotAt, rings[0])
			case !tt.beforeRing && (gotAt < rings[0] || gotAt > rings[1]):
				t.Errorf("caller ID at frame %d, not between the rings at %d and %d", gotAt, rings[0], rings[1])
			}
			if tt.beforeRing && x.count(hal.PolarityReversed) == 0 {
				t.Error("no line reversal before the caller ID")
			}
		})
	}
}

func TestGiveUp(t *testing.T) {
	x := newExch(t, "us")
	x.line.Call("")
	x.runFor(time.Second)
	x.line.GiveUp()
	x.runFor(10 * time.Second)
	if n := x.count(hal.RingStart); n != 1 {
		t.Errorf("%d rings after GiveUp during the first burst, want 1", n)
	}
	if n := x.count(hal.RingStop); n != 1 {
		t.Errorf("%d RingStop, want 1", n)
	}
}

func TestIncomingCallTalk(t *testing.T) {
	x := newExch(t, "us")
	x.line.Call("")
	x.runFor(500 * time.Millisecond)
	if err := x.line.Dial("1"); err == nil || err.Error() != "line1 is not connected" {
		t.Errorf("Dial before seizure = %v, want \"line1 is not connected\"", err)
	}
	if err := x.dev.Seize(); err != nil {
		t.Fatal(err)
	}
	x.runFor(300 * time.Millisecond)
	if !x.line.Connected() || !x.line.Seized() {
		t.Fatalf("line %s, seized %v; want connected", x.line.State(), x.line.Seized())
	}
	// The far end keys digits; the PBX side decodes them.
	det := dtmf.NewDetector()
	var keys []byte
	x.recv = func(f []int16) {
		if d, ok := det.Process(f); ok {
			keys = append(keys, d)
		}
	}
	if err := x.line.Dial("42#*"); err != nil {
		t.Fatal(err)
	}
	if !x.line.Busy() {
		t.Error("Busy false right after Dial")
	}
	for i := 0; i < 200 && x.line.Busy(); i++ {
		x.run(1)
	}
	x.runFor(200 * time.Millisecond)
	if string(keys) != "42#*" {
		t.Errorf("PBX heard keys %q, want 42#*", keys)
	}
	// Test tones both ways.
	var p1004 float64
	x.recv = func(f []int16) { p1004 = dsp.Power(f, 1004) }
	var g tone.Generator
	tn := tone.Tone{Parts: []tone.Part{{Freqs: [2]float64{1804, 0}, Level: -10}}}
	g.Play(&tn)
	x.send = g.Read
	x.line.SetTone(1004)
	x.runFor(200 * time.Millisecond)
	if l := dsp.MeanSquareDBm0(p1004); l < -13 {
		t.Errorf("PBX hears the far end's 1004 Hz at %.1f dBm0", l)
	}
	if l := dsp.MeanSquareDBm0(dsp.Power(x.line.Received(), 1804)); l < -13 {
		t.Errorf("far end hears the PBX's 1804 Hz at %.1f dBm0", l)
	}
	x.line.SetTone(0)
	x.send = nil
	x.runFor(100 * time.Millisecond)
	if l := dsp.MeanSquareDBm0(p1004); l > -50 {
		t.Errorf("1004 Hz still at %.1f dBm0 after SetTone(0)", l)
	}
}

func TestLineErrors(t *testing.T) {
	z, _ := tone.Lookup("us")
	l := sim.NewLine("line2", z)
	tests := []struct {
		name string
		err  error
		want string
	}{
		{"dial idle", l.Dial("1"), "line2 is not connected"},
		{"hangup idle", l.Hangup(""), "no call"},
		{"hangup bad method", l.Hangup("smoke"), "unknown hangup method"},
		{"answer idle", l.Answer(), "no outgoing call"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.err == nil || !strings.Contains(tt.err.Error(), tt.want) {
				t.Errorf("error %v, want one containing %q", tt.err, tt.want)
			}
		})
	}
}

func TestUnplugDuringCall(t *testing.T) {
	x := newExch(t, "us")
	if err := x.dev.Seize(); err != nil {
		t.Fatal(err)
	}
	x.runFor(time.Second)
	if err := x.daa.Fault("battery-loss"); err != nil {
		t.Fatal(err)
	}
	x.runFor(300 * time.Millisecond)
	if x.count(hal.BatteryLost) != 1 {
		t.Errorf("%d BatteryLost", x.count(hal.BatteryLost))
	}
	if x.line.State() != "cleared" {
		t.Errorf("line %s after unplugging, want cleared", x.line.State())
	}
	if err := x.dev.Release(); err != nil {
		t.Fatal(err)
	}
	if err := x.daa.Fault("clear"); err != nil {
		t.Fatal(err)
	}
	x.runFor(300 * time.Millisecond)
	if x.line.State() != "idle" || x.count(hal.BatteryBack) != 1 {
		t.Errorf("line %s, %d BatteryBack after plugging back", x.line.State(), x.count(hal.BatteryBack))
	}
}

func TestGlitches(t *testing.T) {
	tests := []struct {
		what  string
		d     time.Duration
		event hal.EventType
		want  int
	}{
		{"battery", 40 * time.Millisecond, hal.BatteryLost, 0},
		{"battery", 100 * time.Millisecond, hal.BatteryLost, 1},
		{"polarity", 40 * time.Millisecond, hal.PolarityReversed, 0},
		{"polarity", 100 * time.Millisecond, hal.PolarityReversed, 2}, // reversed, then back
	}
	for _, tt := range tests {
		t.Run(fmt.Sprintf("%s %v", tt.what, tt.d), func(t *testing.T) {
			for _, seized := range []bool{false, true} {
				x := newExch(t, "us")
				if seized {
					if err := x.dev.Seize(); err != nil {
						t.Fatal(err)
					}
				}
				x.runFor(time.Second)
				for range 20 {
					if err := x.line.Glitch(tt.what, tt.d); err != nil {
						t.Fatal(err)
					}
					x.runFor(500 * time.Millisecond)
				}
				if got := x.count(tt.event); got != 20*tt.want {
					t.Errorf("seized %v: %d %v events from 20 glitches, want %d", seized, got, tt.event, 20*tt.want)
				}
			}
		})
	}
	x := newExch(t, "us")
	if err := x.line.Glitch("smoke", time.Second); err == nil {
		t.Error("unknown glitch accepted")
	}
}
