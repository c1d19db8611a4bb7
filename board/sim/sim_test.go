package sim

import (
	"errors"
	"math"
	"strings"
	"testing"
	"time"

	"github.com/analogpbx/pbx/board"
	"github.com/analogpbx/pbx/dsp"
	"github.com/analogpbx/pbx/dsp/cid"
	"github.com/analogpbx/pbx/dsp/codec"
	"github.com/analogpbx/pbx/dsp/tone"
	"github.com/analogpbx/pbx/hal"
)

func TestParseSpec(t *testing.T) {
	tests := []struct {
		spec     string
		fxs, fxo int
		err      bool
	}{
		{"", 4, 4, false},
		{"8fxs4fxo", 8, 4, false},
		{"4fxs", 4, 0, false},
		{"2fxo", 0, 2, false},
		{"16fxs16fxo", 16, 16, false},
		{"fxs", 0, 0, true},
		{"4fxo2fxs", 0, 0, true},
		{"20fxs20fxo", 0, 0, true},
		{"0fxs0fxo", 0, 0, true},
		{"-1fxs4fxo", 0, 0, true},
		{"8FXS", 0, 0, true},
		{"4fxs4fxo ", 0, 0, true},
	}
	for _, tc := range tests {
		t.Run(tc.spec, func(t *testing.T) {
			fxs, fxo, err := ParseSpec(tc.spec)
			if (err != nil) != tc.err || fxs != tc.fxs || fxo != tc.fxo {
				t.Errorf("ParseSpec(%q) = %d, %d, %v; want %d, %d, error %v", tc.spec, fxs, fxo, err, tc.fxs, tc.fxo, tc.err)
			}
			if err != nil && !strings.HasPrefix(err.Error(), "board sim:") {
				t.Errorf("error %q lacks the prefix", err)
			}
		})
	}
}

// card runs an opened board frame by frame as the card's frame loop does.
type card struct {
	t      testing.TB
	b      *board.Board
	s      *Sim
	frame  int64
	tx, rx [][]byte
	ev     [][]hal.Event // per physical port
}

func open(t testing.TB, spec, zone string) *card {
	t.Helper()
	z, err := tone.Lookup(zone)
	if err != nil {
		t.Fatal(err)
	}
	b, s, err := Open(spec, z)
	if err != nil {
		t.Fatal(err)
	}
	c := &card{t: t, b: b, s: s, ev: make([][]hal.Event, len(b.Ports))}
	for range b.PCM.Slots() {
		c.tx = append(c.tx, make([]byte, hal.FrameSamples))
		c.rx = append(c.rx, make([]byte, hal.FrameSamples))
	}
	for _, p := range b.Ports {
		if p != nil && p.Status().Faulty {
			t.Fatalf("%s faulty after Open: %s", p.Name(), p.Status().Reason)
		}
	}
	return c
}

func (c *card) run(d time.Duration) {
	for range hal.Frames(d) {
		if err := c.b.PCM.Transfer(c.tx, c.rx); err != nil {
			c.t.Fatal(err)
		}
		for i, p := range c.b.Ports {
			if p != nil {
				p.Tick(c.frame)
				c.ev[i] = p.Events(c.ev[i])
			}
		}
		c.frame++
	}
}

func (c *card) take(port int) string {
	var s []string
	for _, e := range c.ev[port-1] {
		s = append(s, e.Type.String())
	}
	c.ev[port-1] = nil
	return strings.Join(s, " ")
}

func TestOpen(t *testing.T) {
	c := open(t, "8fxs4fxo", "us")
	if got := len(c.b.Ports); got != 12 {
		t.Fatalf("%d ports, want 12", got)
	}
	for i, p := range c.b.Ports[:8] {
		if p == nil || p.Kind() != hal.KindFXS || p.Timeslot() != i {
			t.Errorf("port %d = %v, want FXS on timeslot %d", i+1, p, i)
		}
	}
	if c.b.Law != hal.ULaw || c.b.RealTime || c.b.Name != "sim:8fxs4fxo" {
		t.Errorf("board = %s law %v realtime %v", c.b.Name, c.b.Law, c.b.RealTime)
	}
	if c.s.Phone(9) != nil || c.s.Phone(0) != nil || c.s.Phone(8) == nil {
		t.Error("Phone index out of range handled wrongly")
	}
	if _, _, err := Open("9x", c.s.phones[0].Zone()); err == nil {
		t.Error("Open with a bad spec succeeded")
	}
	if err := c.s.Fault(13, "chip-dead"); err == nil {
		t.Error("Fault on port 13 succeeded")
	}
	if err := c.s.Fault(1, "melted"); err == nil {
		t.Error("unknown fault accepted")
	}
}

func TestPhoneLifts(t *testing.T) {
	c := open(t, "", "us")
	c.s.Phone(2).OffHook()
	c.run(100 * time.Millisecond)
	if got := c.take(2); got != "offhook" {
		t.Errorf("port 2 events = %q, want offhook", got)
	}
	if got := c.take(1); got != "" {
		t.Errorf("port 1 events = %q, want none", got)
	}
}

func TestRingAtPhone(t *testing.T) {
	for _, zone := range []string{"us", "uk"} {
		t.Run(zone, func(t *testing.T) {
			c := open(t, "", zone)
			z := c.s.phones[0].Zone()
			fxs := c.b.Ports[2].(hal.FXS)
			if err := fxs.Ring(z.Ring); err != nil {
				t.Fatal(err)
			}
			ph := c.s.Phone(3)
			var runs []time.Duration
			cur, n := false, 0
			for range 1200 {
				c.run(hal.FrameDuration)
				if r := ph.Ringing(); r != cur {
					if n > 0 {
						runs = append(runs, time.Duration(n)*hal.FrameDuration)
					}
					cur, n = r, 0
				}
				n++
			}
			for i, want := range z.Ring {
				if i >= len(runs) {
					t.Fatalf("measured %v, want the cadence %v", runs, z.Ring)
				}
				got := runs[i]
				if d := got - want; d < -10*time.Millisecond || d > 10*time.Millisecond {
					t.Errorf("element %d = %v, want %v", i, got, want)
				}
			}
		})
	}
}

// level of frequency hz in a frame, dBm0 (-100 when absent).
func toneLevel(f []int16, hz float64) float64 {
	p := dsp.Power(f, hz)
	if p <= 0 {
		return -100
	}
	return dsp.MeanSquareDBm0(p)
}

func TestAudioBothWays(t *testing.T) {
	for _, zone := range []string{"us", "cn"} {
		t.Run(zone, func(t *testing.T) {
			c := open(t, "", zone)
			law := codec.Law(c.b.Law)
			ph := c.s.Phone(4) // timeslot 3
			ph.OffHook()
			c.run(200 * time.Millisecond)
			// Phone → PCM.
			ph.SetTone(1004)
			c.run(50 * time.Millisecond)
			got := make([]int16, hal.FrameSamples)
			codec.Decode(law, got, c.rx[3])
			if l := dsp.Level(got); l < -13 || l > -7 {
				t.Errorf("phone → timeslot 3: level %.1f dBm0, want about -10", l)
			}
			other := make([]int16, hal.FrameSamples)
			codec.Decode(law, other, c.rx[2])
			if l := dsp.Level(other); l > -60 {
				t.Errorf("timeslot 2 carries %.1f dBm0, want silence", l)
			}
			ph.SetTone(0)
			// PCM → phone: a 1804 Hz tone at -10 dBm0 in timeslot 3.
			pcm := make([]int16, hal.FrameSamples)
			a := dsp.Amplitude(-10)
			for fr := range 5 {
				for i := range pcm {
					n := float64(fr*hal.FrameSamples + i)
					pcm[i] = int16(a * math.Sin(2*math.Pi*1804*n/hal.SampleRate))
				}
				codec.Encode(law, c.tx[3], pcm)
				c.run(hal.FrameDuration)
			}
			if l := dsp.Level(ph.Received()); l < -13 || l > -7 {
				t.Errorf("timeslot 3 → phone: level %.1f dBm0, want about -10", l)
			}
			if l := dsp.Level(c.s.Phone(3).Received()); l > -60 {
				t.Errorf("an on-hook phone hears %.1f dBm0, want silence", l)
			}
		})
	}
}

func TestHookSignals(t *testing.T) {
	tests := []struct {
		name string
		do   func(c *card)
		want string
	}{
		{"flash", func(c *card) { c.s.Phone(1).Flash(450 * time.Millisecond) }, "flash"},
		{"hang up", func(c *card) { c.s.Phone(1).OnHook() }, "onhook"},
		{"pulse digits", func(c *card) { c.s.Phone(1).DialPulse("802") }, "pulse-digit pulse-digit pulse-digit"},
		{"hook bounce", func(c *card) {
			if err := c.s.Fault(1, "hook-bounce"); err != nil {
				c.t.Fatal(err)
			}
		}, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			c := open(t, "", "us")
			c.s.Phone(1).OffHook()
			c.run(200 * time.Millisecond)
			c.take(1)
			tc.do(c)
			c.run(5 * time.Second)
			if got := c.take(1); got != tc.want {
				t.Errorf("events = %q, want %q", got, tc.want)
			}
		})
	}
}

func TestPulseDigitValues(t *testing.T) {
	c := open(t, "", "us")
	c.s.Phone(1).OffHook()
	c.run(200 * time.Millisecond)
	c.take(1)
	c.s.Phone(1).DialPulse("8021")
	c.run(6 * time.Second)
	var got string
	for _, e := range c.ev[0] {
		got += string(e.Digit)
	}
	if got != "8021" {
		t.Errorf("pulse digits = %q, want 8021", got)
	}
}

func TestFaultIsolation(t *testing.T) {
	for _, fault := range []string{"power-alarm", "chip-dead", "spi-errors", "chip-reset"} {
		t.Run(fault, func(t *testing.T) {
			c := open(t, "", "us")
			// A call's worth of activity on port 1 while port 3 fails and recovers.
			c.s.Phone(1).OffHook()
			c.run(200 * time.Millisecond)
			c.take(1)
			if err := c.s.Fault(3, fault); err != nil {
				t.Fatal(err)
			}
			c.run(4 * time.Second)
			p3 := c.b.Ports[2]
			if fault == "chip-reset" {
				if got := c.take(3); got != "" || p3.Status().Faulty {
					t.Errorf("chip reset: events %q faulty %v, want a silent re-init", got, p3.Status().Faulty)
				}
			} else if !p3.Status().Faulty || c.take(3) != "faulty" {
				t.Fatalf("port 3 not faulty after %s", fault)
			}
			c.s.Phone(1).DialPulse("5")
			c.run(2 * time.Second)
			if err := c.s.Fault(3, "clear"); err != nil {
				t.Fatal(err)
			}
			c.run(5 * time.Second)
			if p3.Status().Faulty {
				t.Errorf("port 3 still faulty 5 s after clear: %s", p3.Status().Reason)
			}
			if fault != "chip-reset" {
				if got := c.take(3); got != "recovered" {
					t.Errorf("port 3 events = %q, want recovered", got)
				}
			}
			c.s.Phone(1).OnHook()
			c.run(time.Second)
			if got := c.take(1); got != "pulse-digit onhook" {
				t.Errorf("port 1 events = %q, want pulse-digit onhook (unaffected)", got)
			}
			c.s.Phone(3).OffHook()
			c.run(100 * time.Millisecond)
			if got := c.take(3); got != "offhook" {
				t.Errorf("port 3 after recovery: events %q, want offhook", got)
			}
		})
	}
}

func TestCallerIDAtPhone(t *testing.T) {
	tests := []struct {
		zone   string
		before bool
	}{
		{"us", false},
		{"uk", true},
		{"cn", false},
	}
	for _, tc := range tests {
		t.Run(tc.zone, func(t *testing.T) {
			c := open(t, "", tc.zone)
			z := c.s.phones[0].Zone()
			fxs := c.b.Ports[1].(hal.FXS)
			ph := c.s.Phone(2)
			msg := cid.EncodeMDMF(cid.Message{Number: "13800138000", Name: "ACME", MWI: -1})
			send := func() {
				m := cid.NewModulator(z.CID, msg)
				pcm := make([]int16, hal.FrameSamples)
				for done := false; !done; {
					done = m.Read(pcm)
					codec.Encode(codec.Law(c.b.Law), c.tx[1], pcm)
					c.run(hal.FrameDuration)
				}
				codec.Encode(codec.Law(c.b.Law), c.tx[1], make([]int16, hal.FrameSamples))
			}
			if tc.before {
				if err := fxs.SetFeed(hal.FeedOHT); err != nil {
					t.Fatal(err)
				}
				c.run(200 * time.Millisecond)
				send()
				if err := fxs.SetFeed(hal.FeedActive); err != nil {
					t.Fatal(err)
				}
			}
			if err := fxs.Ring(z.Ring); err != nil {
				t.Fatal(err)
			}
			if !tc.before {
				c.run(z.Ring[0] + 500*time.Millisecond)
				send()
			}
			c.run(2 * time.Second)
			if got := ph.CallerID(); got != "13800138000" {
				t.Errorf("caller ID = %q, want 13800138000", got)
			}
			if err := fxs.StopRing(); err != nil {
				t.Fatal(err)
			}
			// A later call without caller ID clears the display.
			c.run(10 * time.Second)
			if err := fxs.Ring(z.Ring); err != nil {
				t.Fatal(err)
			}
			c.run(time.Second)
			if got := ph.CallerID(); got != "" {
				t.Errorf("caller ID on the next call = %q, want cleared", got)
			}
		})
	}
}

func TestFXOPorts(t *testing.T) {
	c := open(t, "", "us")
	for i, p := range c.b.Ports[4:] {
		if p == nil || p.Kind() != hal.KindFXO || p.Timeslot() != 4+i {
			t.Fatalf("port %d = %v, want FXO on timeslot %d", 5+i, p, 4+i)
		}
	}
	c.s.Line(2).Call("5551234")
	c.run(3 * time.Second)
	if got := c.take(6); !strings.HasPrefix(got, "ring-start") {
		t.Errorf("port 6 events = %q, want ring-start first", got)
	}
	if got := c.take(5); got != "" {
		t.Errorf("port 5 events = %q, want none", got)
	}
	if err := c.s.Fault(7, "power-alarm"); err == nil {
		t.Error("power-alarm accepted on an FXO port")
	}
	if c.s.Line(5) != nil || c.s.Line(4) == nil {
		t.Error("Line index out of range handled wrongly")
	}
}

// TestLateFXO opens a driver whose chip answers only on the fourth probe.
func TestLateFXO(t *testing.T) {
	fails := 3
	var opened *fakeFXO
	p := newLateFXO("fxo1", 4, func(first bool) (hal.FXO, error) {
		if fails > 0 {
			fails--
			return nil, errNoChip
		}
		opened = &fakeFXO{}
		return opened, nil
	})
	if !p.Status().Faulty || p.Kind() != hal.KindFXO || p.Timeslot() != 4 {
		t.Fatalf("placeholder status %+v", p.Status())
	}
	var ev []hal.Event
	for f := int64(0); f < 1000 && opened == nil; f++ {
		p.Tick(f)
		ev = p.Events(ev)
	}
	if opened == nil || p.Status().Faulty {
		t.Fatalf("driver not opened after retries: %+v", p.Status())
	}
	if len(ev) != 2 || ev[0].Type != hal.Faulty || ev[1].Type != hal.Recovered {
		t.Errorf("events = %v, want faulty, recovered", ev)
	}
	if err := p.(hal.FXO).Seize(); err != nil || !opened.seized {
		t.Errorf("Seize did not reach the driver: %v", err)
	}
}

var errNoChip = errors.New("no chip")

// fakeFXO is a driver that works.
type fakeFXO struct{ seized bool }

func (f *fakeFXO) Name() string                     { return "fxo1" }
func (f *fakeFXO) Kind() hal.Kind                   { return hal.KindFXO }
func (f *fakeFXO) Tick(int64)                       {}
func (f *fakeFXO) Events(b []hal.Event) []hal.Event { return b }
func (f *fakeFXO) Status() hal.Status               { return hal.Status{} }
func (f *fakeFXO) Timeslot() int                    { return 4 }
func (f *fakeFXO) Halt() error                      { return nil }
func (f *fakeFXO) Seize() error                     { f.seized = true; return nil }
func (f *fakeFXO) Release() error                   { return nil }
func (f *fakeFXO) Flash(time.Duration) error        { return nil }
func (f *fakeFXO) Seized() bool                     { return f.seized }
func (f *fakeFXO) LineVoltage() (int, error)        { return 48, nil }
func (f *fakeFXO) LoopCurrent() (int, error)        { return 0, nil }

func TestLoopback(t *testing.T) {
	c := open(t, "", "cn")
	law := codec.Law(c.b.Law)
	dev := c.b.Ports[1].(interface{ Loopback(bool) error })
	if err := dev.Loopback(true); err != nil {
		t.Fatal(err)
	}
	pcm := make([]int16, hal.FrameSamples)
	a := dsp.Amplitude(-10)
	got := make([]int16, hal.FrameSamples)
	for fr := range 10 {
		for i := range pcm {
			n := float64(fr*hal.FrameSamples + i)
			pcm[i] = int16(a * math.Sin(2*math.Pi*1004*n/hal.SampleRate))
		}
		codec.Encode(law, c.tx[1], pcm)
		c.run(hal.FrameDuration)
	}
	codec.Decode(law, got, c.rx[1])
	if l := toneLevel(got, 1004); l < -11 || l > -9 {
		t.Errorf("looped-back 1004 Hz at %.1f dBm0, want -10", l)
	}
	c.run(time.Second) // a health check passes with the loopback on
	if err := dev.Loopback(false); err != nil {
		t.Fatal(err)
	}
	c.run(50 * time.Millisecond)
	codec.Decode(law, got, c.rx[1])
	if l := dsp.Level(got); l > -60 {
		t.Errorf("%.1f dBm0 in the slot after loopback off, want silence", l)
	}
	if got := c.take(2); got != "" {
		t.Errorf("events = %q, want none", got)
	}
}
