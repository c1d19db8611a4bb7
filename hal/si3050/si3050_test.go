package si3050_test

import (
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/analogpbx/pbx/dsp/cid"
	"github.com/analogpbx/pbx/dsp/dtmf"
	"github.com/analogpbx/pbx/hal"
	"github.com/analogpbx/pbx/hal/si3050"
	"github.com/analogpbx/pbx/testbench/sim"
)

func TestBringUp(t *testing.T) {
	r := newRig(t, "us", nil)
	if got := r.dev.Status().Chip; got != "Si3050 rev 5 + Si3019 rev 2" {
		t.Errorf("chip = %q", got)
	}
	if tx, rx, ok := r.daa.Timeslots(); !ok || tx != slot || rx != slot {
		t.Errorf("timeslots = %d, %d, %v; want %d, %d, true", tx, rx, ok, slot, slot)
	}
	if got := r.daa.Reg(5); got != 0x08 {
		t.Errorf("reg 5 = %#02x, want 0x08 (on hook, line monitor)", got)
	}
	if v := r.daa.Violations(); v != 0 {
		t.Errorf("%d framing violations", v)
	}
	v, err := r.dev.LineVoltage()
	if err != nil || v != 48 {
		t.Errorf("line voltage = %d, %v; want 48", v, err)
	}
	r.runFor(time.Second)
	if len(r.ev) != 0 {
		t.Errorf("events on an idle line: %v", r.ev)
	}
}

func TestZoneSettings(t *testing.T) {
	tests := []struct {
		zone                    string
		law                     hal.Law
		r16, r26, r30, r31, r33 byte
	}{
		{"us", hal.ULaw, 0x01, 0xC0, 0x00, 0xA3, 0x28},
		{"cn", hal.ALaw, 0x00, 0xC0, 0x0A, 0xA3, 0x20},
		{"uk", hal.ALaw, 0x00, 0xC2, 0x05, 0xAB, 0x20},
		{"de", hal.ALaw, 0x00, 0xC2, 0x03, 0xAB, 0x20},
	}
	for _, tt := range tests {
		t.Run(tt.zone, func(t *testing.T) {
			r := newRig(t, tt.zone, func(_ *rig, o *si3050.Opts) { o.Law = tt.law })
			for _, c := range []struct {
				reg  int
				want byte
			}{{16, tt.r16}, {26, tt.r26}, {30, tt.r30}, {31, tt.r31}, {33, tt.r33}} {
				if got := r.daa.Reg(c.reg); got != c.want {
					t.Errorf("reg %d = %#02x, want %#02x", c.reg, got, c.want)
				}
			}
		})
	}
}

func TestOptsChecked(t *testing.T) {
	tests := []struct {
		name string
		o    si3050.Opts
	}{
		{"unknown zone", si3050.Opts{Zone: "xx"}},
		{"timeslot too high", si3050.Opts{Timeslot: 128}},
		{"linear timeslot too high", si3050.Opts{Linear: true, Timeslot: 127}},
		{"negative timeslot", si3050.Opts{Timeslot: -1}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := sim.NewDAA("fxo1", sim.NewLine("line1", nil))
			if _, err := si3050.New(regs{c: d.Conn()}, "fxo1", &tt.o); err == nil {
				t.Fatal("New succeeded")
			}
		})
	}
}

func TestNoChip(t *testing.T) {
	d := sim.NewDAA("fxo1", sim.NewLine("line1", nil))
	if err := d.Fault("chip-dead"); err != nil {
		t.Fatal(err)
	}
	_, err := si3050.New(regs{c: d.Conn()}, "fxo1", &si3050.DefaultOpts)
	if !errors.Is(err, si3050.ErrNoChip) {
		t.Fatalf("New = %v, want ErrNoChip", err)
	}
}

func TestBringUpWithoutStep(t *testing.T) {
	r := newRig(t, "us", nil)
	d := sim.NewDAA("fxo2", r.line)
	o := si3050.DefaultOpts
	dev, err := si3050.New(regs{c: d.Conn()}, "fxo2", &o)
	if err != nil {
		t.Fatal(err)
	}
	for f := range int64(30) {
		d.Step(f)
		dev.Tick(f)
	}
	if got := d.Reg(5); got != 0x08 {
		t.Fatalf("reg 5 = %#02x after Tick-driven bring-up, want 0x08", got)
	}
	if err := dev.Seize(); err != nil {
		t.Fatal(err)
	}
}

// TestRingCadence checks one RingStart and one RingStop per burst, timed by the zone's cadence.
func TestRingCadence(t *testing.T) {
	tests := []struct {
		zone  string
		burst []time.Duration // on, off, on, off ... of the zone
	}{
		{"us", []time.Duration{2 * time.Second, 4 * time.Second}},
		{"cn", []time.Duration{1 * time.Second, 4 * time.Second}},
		{"uk", []time.Duration{400 * time.Millisecond, 200 * time.Millisecond, 400 * time.Millisecond, 2000 * time.Millisecond}},
	}
	const tol = 150 * time.Millisecond
	for _, tt := range tests {
		t.Run(tt.zone, func(t *testing.T) {
			r := newRig(t, tt.zone, nil)
			start := r.frame
			r.line.Call("")
			var period time.Duration
			for _, d := range tt.burst {
				period += d
			}
			r.runFor(2*period + 100*time.Millisecond)
			var want []time.Duration // expected event times since Call: start, stop, start, stop...
			at := time.Duration(0)
			for i := 0; len(want) < 2*len(tt.burst); i++ {
				d := tt.burst[i%len(tt.burst)]
				if i%2 == 0 {
					want = append(want, at, at+d)
				}
				at += d
			}
			var got []hal.Event
			for _, e := range r.ev {
				if e.Type == hal.RingStart || e.Type == hal.RingStop {
					got = append(got, e)
				}
			}
			if len(got) < len(want) {
				t.Fatalf("%d ring events in two cadences, want %d: %v", len(got), len(want), got)
			}
			for i, w := range want {
				typ := hal.RingStart
				if i%2 == 1 {
					typ = hal.RingStop
				}
				e := got[i]
				at := time.Duration(e.Frame-start) * hal.FrameDuration
				if e.Type != typ || at < w || at > w+tol {
					t.Errorf("event %d = %v at %v, want %v in [%v, %v]", i, e.Type, at, typ, w, w+tol)
				}
			}
		})
	}
}

func TestCallerIDBetweenRings(t *testing.T) {
	r := newRig(t, "us", nil)
	r.line.Now = func() time.Time { return time.Date(2026, 11, 23, 9, 30, 0, 0, time.Local) }
	r.line.Call("13800138000")
	if _, ok := r.waitEvent(hal.RingStop, 3*time.Second); !ok {
		t.Fatal("no end of the first ring burst")
	}
	stop := r.frame
	r.rec, r.heard = true, nil
	if _, ok := r.waitEvent(hal.RingStart, 5*time.Second); !ok {
		t.Fatal("no second ring")
	}
	dem := cid.NewDemodulator(r.zone.CID)
	onset := -1
	for i, f := range r.heard {
		if onset < 0 && energy(f) > 1e5 {
			onset = i
		}
		dem.Feed(f)
	}
	msg, ok := dem.Message()
	if !ok {
		t.Fatal("no caller ID message between the first and second ring")
	}
	m, err := cid.Decode(msg)
	if err != nil {
		t.Fatal(err)
	}
	if m.Number != "13800138000" {
		t.Errorf("caller ID number = %q, want 13800138000", m.Number)
	}
	if m.Time.Month() != 11 || m.Time.Day() != 23 || m.Time.Hour() != 9 || m.Time.Minute() != 30 {
		t.Errorf("caller ID time = %v, want 11-23 09:30", m.Time)
	}
	// RingStop comes a ring debounce after the burst; the data starts ≥ 500 ms after the burst.
	if after := time.Duration(onset) * hal.FrameDuration; after < 400*time.Millisecond {
		t.Errorf("caller ID starts %v after RingStop, want ≥ 500 ms after the burst", after)
	}
	_ = stop
}

func energy(f []int16) float64 {
	var e float64
	for _, v := range f {
		e += float64(v) * float64(v)
	}
	return e / float64(len(f))
}

func TestSeizeDialTone(t *testing.T) {
	r := newRig(t, "us", nil)
	if err := r.dev.Seize(); err != nil {
		t.Fatal(err)
	}
	r.runFor(300 * time.Millisecond)
	if !r.line.Seized() {
		t.Fatal("the exchange does not see the seizure")
	}
	i, err := r.dev.LoopCurrent()
	if err != nil || i < 25 || i > 35 {
		t.Errorf("loop current = %d mA, %v; want ≈ 30", i, err)
	}
	if v, _ := r.dev.LineVoltage(); v < 3 || v > 10 {
		t.Errorf("off-hook line voltage = %d V, want a few volts", v)
	}
	if !r.hears("dialtone", 2*time.Second) {
		t.Error("no dial tone after seizure")
	}
	if err := r.dev.Release(); err != nil {
		t.Fatal(err)
	}
	r.runFor(100 * time.Millisecond)
	if r.line.Seized() {
		t.Error("line still seized after Release")
	}
	if i, _ := r.dev.LoopCurrent(); i != 0 {
		t.Errorf("loop current on hook = %d", i)
	}
}

// dial makes the PBX side send digits as DTMF.
func (r *rig) dial(digits string) {
	g := dtmf.NewGenerator(-10)
	g.Dial(digits, 80*time.Millisecond, 80*time.Millisecond)
	r.send = g.Read
	r.until(10*time.Second, func() bool { return !g.Busy() })
	r.send = nil
}

func TestDialedDigits(t *testing.T) {
	r := newRig(t, "us", nil)
	if err := r.dev.Seize(); err != nil {
		t.Fatal(err)
	}
	r.runFor(800 * time.Millisecond)
	r.dial("0123456789*#")
	r.runFor(100 * time.Millisecond)
	if got := r.line.Dialed(); got != "0123456789*#" {
		t.Errorf("Dialed = %q, want 0123456789*#", got)
	}
	if !r.hears("ringback", 7*time.Second) {
		t.Errorf("no ringback after the digits (state %s)", r.line.State())
	}
}

// connect sets up an outgoing call the far end answered.
func (r *rig) connect() {
	r.t.Helper()
	if err := r.dev.Seize(); err != nil {
		r.t.Fatal(err)
	}
	r.runFor(800 * time.Millisecond)
	r.dial("5551234#")
	r.runFor(500 * time.Millisecond)
	if err := r.line.Answer(); err != nil {
		r.t.Fatal(err)
	}
	if _, ok := r.waitEvent(hal.PolarityReversed, 300*time.Millisecond); !ok {
		r.t.Fatal("answer: no polarity reversal")
	}
	if !r.line.Connected() {
		r.t.Fatalf("line %s, want connected", r.line.State())
	}
}

func TestFarEndClear(t *testing.T) {
	tests := []struct {
		method string
		event  hal.EventType // 0: none expected, busy tone instead
		within time.Duration
	}{
		{"battery", hal.BatteryLost, 200 * time.Millisecond},
		{"polarity", hal.PolarityReversed, 200 * time.Millisecond},
		{"busytone", 0, 0},
		{"", 0, 0},
	}
	for _, tt := range tests {
		t.Run("by "+tt.method, func(t *testing.T) {
			r := newRig(t, "us", nil)
			r.connect()
			if err := r.line.Hangup(tt.method); err != nil {
				t.Fatal(err)
			}
			if tt.event != 0 {
				if _, ok := r.waitEvent(tt.event, tt.within); !ok {
					t.Fatalf("no %v within %v", tt.event, tt.within)
				}
			} else if !r.hears("busy", 5*time.Second) {
				t.Fatal("no busy tone from the far end")
			}
			if err := r.dev.Release(); err != nil {
				t.Fatal(err)
			}
			r.runFor(2 * time.Second)
			if r.line.State() != "idle" {
				t.Errorf("line %s after release, want idle", r.line.State())
			}
			if st := r.dev.Status(); st.Faulty {
				t.Errorf("port faulty after a far-end clear: %s", st.Reason)
			}
		})
	}
}

func TestBatteryLossFault(t *testing.T) {
	r := newRig(t, "us", nil)
	if err := r.daa.Fault("battery-loss"); err != nil {
		t.Fatal(err)
	}
	lost, ok := r.waitEvent(hal.BatteryLost, 200*time.Millisecond)
	if !ok {
		t.Fatal("no BatteryLost")
	}
	f, ok := r.waitEvent(hal.Faulty, 1500*time.Millisecond)
	if !ok || f.Reason != "no battery" {
		t.Fatalf("faulty = %v %+v, want \"no battery\"", ok, f)
	}
	if d := time.Duration(f.Frame-lost.Frame) * hal.FrameDuration; d < 950*time.Millisecond || d > 1100*time.Millisecond {
		t.Errorf("alarm %v after BatteryLost, want ≈ 1 s", d)
	}
	if err := r.daa.Fault("clear"); err != nil {
		t.Fatal(err)
	}
	back, ok := r.waitEvent(hal.BatteryBack, 200*time.Millisecond)
	if !ok {
		t.Fatal("no BatteryBack")
	}
	rec, ok := r.waitEvent(hal.Recovered, 1500*time.Millisecond)
	if !ok {
		t.Fatal("alarm not cleared")
	}
	if d := time.Duration(rec.Frame-back.Frame) * hal.FrameDuration; d < 950*time.Millisecond || d > 1100*time.Millisecond {
		t.Errorf("alarm cleared %v after BatteryBack, want ≈ 1 s", d)
	}
}

func TestChipFaults(t *testing.T) {
	tests := []struct {
		fault   string
		faultIn time.Duration // the port must be faulty within this
	}{
		{"chip-dead", 300 * time.Millisecond},
		{"spi-errors", 300 * time.Millisecond},
	}
	for _, tt := range tests {
		t.Run(tt.fault, func(t *testing.T) {
			for _, irq := range []bool{false, true} {
				r := newRig(t, "us", nil)
				if irq {
					r = newRigIRQ(t)
				}
				if err := r.daa.Fault(tt.fault); err != nil {
					t.Fatal(err)
				}
				at := r.frame
				f, ok := r.waitEvent(hal.Faulty, tt.faultIn)
				if !ok {
					t.Fatalf("irq %v: not faulty within %v", irq, tt.faultIn)
				}
				if n := r.count(hal.BatteryLost); n != 0 {
					t.Errorf("irq %v: dead chip taken for a dead line (%d BatteryLost)", irq, n)
				}
				if !r.dev.Status().Faulty {
					t.Errorf("irq %v: Status not faulty after %+v", irq, f)
				}
				r.runFor(3 * time.Second) // retries while the fault lasts
				if n := r.count(hal.Faulty); n != 1 {
					t.Errorf("irq %v: %d Faulty events while the fault lasted, want 1", irq, n)
				}
				if err := r.daa.Fault("clear"); err != nil {
					t.Fatal(err)
				}
				cleared := r.frame
				rec, ok := r.waitEvent(hal.Recovered, 5*time.Second)
				if !ok {
					t.Fatalf("irq %v: not recovered within 5 s of clear", irq)
				}
				t.Logf("irq %v: faulty %v after the fault (%s), recovered %v after clear", irq,
					time.Duration(f.Frame-at)*hal.FrameDuration, f.Reason, time.Duration(rec.Frame-cleared)*hal.FrameDuration)
				if err := r.dev.Seize(); err != nil {
					t.Fatalf("irq %v: seize after recovery: %v", irq, err)
				}
				r.runFor(300 * time.Millisecond)
				if !r.line.Seized() {
					t.Errorf("irq %v: line not seized after recovery", irq)
				}
			}
		})
	}
}

func TestSPIErrorRate(t *testing.T) {
	r := newRig(t, "us", nil)
	if err := r.daa.Fault("spi-errors:0.01"); err != nil {
		t.Fatal(err)
	}
	r.line.Call("")
	r.runFor(13 * time.Second)
	if n := r.count(hal.Faulty); n != 0 {
		t.Errorf("%d Faulty events at 1%% SPI errors", n)
	}
	if n := r.count(hal.RingStart); n != 3 {
		t.Errorf("%d RingStart in 13 s at 1%% SPI errors, want 3", n)
	}
}

func TestChipReset(t *testing.T) {
	r := newRig(t, "us", nil)
	r.connect()
	if err := r.daa.Fault("chip-reset"); err != nil {
		t.Fatal(err)
	}
	r.runFor(50 * time.Millisecond) // detected, re-initialising
	if err := r.dev.Release(); err != nil {
		t.Fatalf("release during re-initialisation: %v", err)
	}
	if err := r.dev.Seize(); err != nil {
		t.Fatalf("seize during re-initialisation: %v", err)
	}
	ok := r.until(time.Second, func() bool { return r.daa.Reg(33) == 0x28 && r.daa.Reg(5)&0x01 != 0 })
	if !ok {
		t.Fatal("chip not re-initialised within 1 s")
	}
	r.runFor(300 * time.Millisecond)
	if !r.line.Seized() || !r.line.Connected() {
		t.Errorf("call lost across the chip reset: seized %v, line %s", r.line.Seized(), r.line.State())
	}
	if n := r.count(hal.Faulty); n != 0 {
		t.Errorf("%d Faulty events for a chip reset", n)
	}
}

func TestStuckRing(t *testing.T) {
	r := newRig(t, "us", nil)
	if err := r.daa.Fault("stuck-ring"); err != nil {
		t.Fatal(err)
	}
	if _, ok := r.waitEvent(hal.RingStart, 300*time.Millisecond); !ok {
		t.Fatal("no RingStart")
	}
	f, ok := r.waitEvent(hal.Faulty, 6*time.Second)
	if !ok || f.Reason != "ring detect stuck" {
		t.Fatalf("faulty = %v %+v, want ring detect stuck", ok, f)
	}
	if r.count(hal.RingStop) != 1 {
		t.Error("no RingStop when the detector is declared stuck")
	}
	if err := r.daa.Fault("clear"); err != nil {
		t.Fatal(err)
	}
	if _, ok := r.waitEvent(hal.Recovered, time.Second); !ok {
		t.Fatal("not recovered")
	}
}

func TestFlash(t *testing.T) {
	r := newRig(t, "us", nil)
	r.connect()
	if err := r.dev.Flash(300 * time.Millisecond); err != nil {
		t.Fatal(err)
	}
	if r.until(100*time.Millisecond, func() bool { return !r.line.Seized() }) == false {
		t.Fatal("the exchange saw no on-hook")
	}
	on := r.frame
	if !r.until(time.Second, r.line.Seized) {
		t.Fatal("line not seized again after the flash")
	}
	if d := time.Duration(r.frame-on) * hal.FrameDuration; d < 250*time.Millisecond || d > 500*time.Millisecond {
		t.Errorf("flash lasted %v on the line, want 300 ms plus the off-hook counter", d)
	}
	if !r.line.Connected() {
		t.Errorf("line %s after a flash, want connected", r.line.State())
	}
	if err := r.dev.Flash(0); err == nil {
		t.Error("Flash(0) accepted")
	}
}

func TestIRQFewerTransfers(t *testing.T) {
	poll := newRig(t, "us", nil)
	irq := newRigIRQ(t)
	for _, r := range []*rig{poll, irq} {
		r.runFor(time.Second)
		r.nTx = 0
		r.runFor(time.Second)
	}
	t.Logf("SPI frames per idle second: polling %d, interrupt %d", poll.nTx, irq.nTx)
	if irq.nTx >= poll.nTx {
		t.Errorf("interrupt mode made %d transfers, polling %d", irq.nTx, poll.nTx)
	}
	irq.line.Call("")
	if _, ok := irq.waitEvent(hal.RingStart, 300*time.Millisecond); !ok {
		t.Fatal("interrupt mode: no RingStart")
	}
	if _, ok := irq.waitEvent(hal.RingStop, 2200*time.Millisecond); !ok {
		t.Fatal("interrupt mode: no RingStop")
	}
}

func newRigIRQ(t *testing.T) *rig {
	return newRig(t, "us", func(r *rig, o *si3050.Opts) { o.IRQ = r.daa.IRQPin() })
}

func TestTickAllocs(t *testing.T) {
	r := newRig(t, "us", nil)
	r.connect()
	var f int64 = 1 << 20
	allocs := testing.AllocsPerRun(200, func() {
		r.daa.Step(f)
		r.dev.Tick(f)
		f++
	})
	if allocs != 0 {
		t.Errorf("Tick allocates %.1f times per frame", allocs)
	}
}

func BenchmarkTick(b *testing.B) {
	line := sim.NewLine("line1", nil)
	d := sim.NewDAA("fxo1", line)
	o := si3050.DefaultOpts
	o.Step = func() { d.Step(0) }
	dev, err := si3050.New(regs{c: d.Conn()}, "fxo1", &o)
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	var f int64
	for b.Loop() {
		d.Step(f)
		dev.Tick(f)
		f++
	}
}

// TestRingAfterRelease checks that a second incoming call shortly after the PBX released the
// first one reports RingStart on its first burst, whatever the phase of the ring signal when
// the driver first looks at reg 5: a reading at a zero crossing of the ring signal shows
// neither RDTP nor RDTN, which must not end the following of a ring that just started. The
// second call starts at each of the five frame offsets within one 20 Hz ring period.
func TestRingAfterRelease(t *testing.T) {
	modes := []struct {
		name string
		opt  func(*rig, *si3050.Opts)
	}{
		{"polled", nil},
		{"irq", func(r *rig, o *si3050.Opts) { o.IRQ = r.daa.IRQPin() }},
	}
	for _, m := range modes {
		for k := range 5 {
			t.Run(fmt.Sprintf("%s/offset %d", m.name, k), func(t *testing.T) {
				r := newRig(t, "us", m.opt)
				r.line.Call("13800138000")
				if _, ok := r.waitEvent(hal.RingStart, 300*time.Millisecond); !ok {
					t.Fatal("first call: no RingStart on the first burst")
				}
				if err := r.dev.Seize(); err != nil {
					t.Fatal(err)
				}
				r.runFor(time.Second)
				if !r.line.Connected() {
					t.Fatalf("first call: line %s after seizing, want connected", r.line.State())
				}
				if err := r.dev.Release(); err != nil {
					t.Fatal(err)
				}
				r.runFor(2 * time.Second)
				if r.line.State() != "idle" {
					t.Fatalf("line %s after release, want idle", r.line.State())
				}
				r.run(k)
				r.line.Call("13800138001")
				call := r.frame
				e, ok := r.waitEvent(hal.RingStart, 300*time.Millisecond)
				if !ok {
					t.Fatal("second call: no RingStart on the first burst")
				}
				if at := time.Duration(e.Frame-call) * hal.FrameDuration; at > 150*time.Millisecond {
					t.Errorf("second call: RingStart %v after the ring began, want ≤ 150ms", at)
				}
				if _, ok := r.waitEvent(hal.RingStop, 2200*time.Millisecond); !ok {
					t.Fatal("second call: no RingStop at the end of the first burst")
				}
			})
		}
	}
}
