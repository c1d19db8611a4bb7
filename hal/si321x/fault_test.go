package si321x

import (
	"strings"
	"testing"
	"time"

	"github.com/analogpbx/pbx/hal"
	"github.com/analogpbx/pbx/testbench/sim"
)

// TestFaultRecovery injects each fault, waits for Faulty, clears it and waits for Recovered.
func TestFaultRecovery(t *testing.T) {
	tests := []struct {
		fault     string
		faultyIn  time.Duration // Faulty must come within this
		reason    string
		recoverIn time.Duration // Recovered must come within this after clear
	}{
		{"chip-dead", time.Second, "not answering", 5 * time.Second},
		{"spi-errors", 2 * time.Second, "spi transfer failed", 5 * time.Second},
		{"power-alarm", 3500 * time.Millisecond, "too many power alarms", 5 * time.Second},
		{"stuck-ring", 3 * time.Second, "not applied", 5 * time.Second},
		{"vbat-low", time.Second, "battery low", 5 * time.Second},
		{"leakage", time.Second, "battery low", 5 * time.Second},
	}
	for _, irq := range []bool{false, true} {
		for _, tc := range tests {
			name := tc.fault + "/polling"
			if irq {
				name = tc.fault + "/interrupt"
			}
			t.Run(name, func(t *testing.T) { faultRecovery(t, irq, tc.fault, tc.faultyIn, tc.reason, tc.recoverIn) })
		}
	}
}

// faultRecovery runs one fault through faulty and recovered.
func faultRecovery(t *testing.T, irq bool, fault string, faultyIn time.Duration, reason string, recoverIn time.Duration) {
	g := newRig(t, func(o *Opts, s *sim.SLIC) {
		if irq {
			o.IRQ = s.IRQPin()
		}
	})
	g.run(10)
	if err := g.slic.Fault(fault); err != nil {
		t.Fatal(err)
	}
	n, ok := g.until(faultyIn, func() bool { return g.dev.Status().Faulty })
	if !ok {
		t.Fatalf("not faulty %v after %s; events %q", faultyIn, fault, types(g.ev))
	}
	t.Logf("%s: faulty after %d ms: %s", fault, n*10, g.dev.Status().Reason)
	if !strings.Contains(g.dev.Status().Reason, reason) {
		t.Errorf("reason %q, want it to mention %q", g.dev.Status().Reason, reason)
	}
	if got := types(g.take()); got != "faulty" {
		t.Errorf("events = %q, want faulty", got)
	}
	if err := g.dev.Ring(hal.Cadence{time.Second}); err == nil {
		t.Error("Ring on a faulty port succeeded")
	}
	g.runFor(10 * time.Second) // retries keep failing, no more events
	if got := types(g.take()); got != "" {
		t.Errorf("events while the fault lasts = %q, want none", got)
	}
	if err := g.slic.Fault("clear"); err != nil {
		t.Fatal(err)
	}
	n, ok = g.until(recoverIn, func() bool { return !g.dev.Status().Faulty })
	if !ok {
		t.Fatalf("not recovered %v after clear: %s", recoverIn, g.dev.Status().Reason)
	}
	t.Logf("%s: recovered %d ms after clear", fault, n*10)
	if got := types(g.take()); got != "recovered" {
		t.Errorf("events = %q, want recovered", got)
	}
	if got := g.slic.Reg(regLinefeed); got != 0x11 {
		t.Errorf("reg 64 after recovery = %#02x, want 0x11", got)
	}
	// The port works again.
	g.phone.OffHook()
	g.runFor(100 * time.Millisecond)
	if got := types(g.take()); got != "offhook" {
		t.Errorf("events after lifting = %q, want offhook", got)
	}
}

func TestPowerAlarmResets(t *testing.T) {
	g := newRig(t, nil)
	g.phone.OffHook()
	g.runFor(100 * time.Millisecond)
	g.take()
	if err := g.slic.Fault("power-alarm"); err != nil {
		t.Fatal(err)
	}
	// Each check (250 ms) finds the line open and rewrites it: 10 times, then faulty.
	g.runFor(2600 * time.Millisecond)
	if g.dev.Status().Faulty {
		t.Fatalf("faulty before the 11th alarm: %s", g.dev.Status().Reason)
	}
	if got := g.dev.health.alarms; got != 10 {
		t.Errorf("alarms counted = %d, want 10", got)
	}
	g.runFor(300 * time.Millisecond)
	if !g.dev.Status().Faulty {
		t.Fatal("not faulty after the 11th alarm")
	}
	if got := types(g.take()); got != "faulty" {
		t.Errorf("events = %q, want faulty only (the line drops are not hook events)", got)
	}
}

func TestPowerAlarmForgiven(t *testing.T) {
	g := newRig(t, nil)
	// A power alarm every 20 s is reset each time and never makes the port faulty.
	for range 15 {
		if err := g.slic.Fault("power-alarm"); err != nil {
			t.Fatal(err)
		}
		g.runFor(50 * time.Millisecond) // the chip opens the line once
		if err := g.slic.Fault("clear"); err != nil {
			t.Fatal(err)
		}
		g.runFor(20 * time.Second)
	}
	if g.dev.Status().Faulty {
		t.Fatalf("faulty after spaced power alarms: %s", g.dev.Status().Reason)
	}
	if got := g.dev.health.alarms; got != 0 {
		t.Errorf("alarms left = %d, want 0 (one forgiven per 10 s)", got)
	}
	if got := g.slic.Reg(regLinefeed); got != 0x11 {
		t.Errorf("reg 64 = %#02x, want 0x11", got)
	}
}

func TestChipReset(t *testing.T) {
	g := newRig(t, nil)
	g.phone.OffHook()
	g.runFor(200 * time.Millisecond)
	g.take()
	if err := g.slic.Fault("chip-reset"); err != nil {
		t.Fatal(err)
	}
	n, ok := g.until(2*time.Second, func() bool { return g.dev.mode == modeRun && g.slic.Reg(regLinefeed) == 0x11 })
	if !ok {
		t.Fatalf("not usable 2 s after a chip reset: mode %d reg 64 %#02x", g.dev.mode, g.slic.Reg(regLinefeed))
	}
	t.Logf("usable %d ms after the chip reset", n*10)
	if n > 100 {
		t.Errorf("re-init took %d ms, want ≤ 1 s", n*10)
	}
	if got := g.slic.Reg(regLoopback); got != 0 {
		t.Errorf("reg 8 = %#02x after re-init, want 0", got)
	}
	if _, _, on := g.slic.Timeslots(); !on {
		t.Error("PCM not re-enabled")
	}
	g.runFor(time.Second)
	if got := types(g.take()); got != "" {
		t.Errorf("events across the re-init = %q, want none (the call goes on)", got)
	}
	if !g.dev.OffHook() {
		t.Error("hook state lost across the re-init")
	}
	g.phone.OnHook()
	g.runFor(time.Second)
	if got := types(g.take()); got != "onhook" {
		t.Errorf("events = %q, want onhook", got)
	}
	g.noViolations()
}

func TestChipResetWhileRinging(t *testing.T) {
	g := newRig(t, nil)
	if err := g.dev.Ring(hal.Cadence{2 * time.Second, 4 * time.Second}); err != nil {
		t.Fatal(err)
	}
	g.runFor(time.Second)
	if err := g.slic.Fault("chip-reset"); err != nil {
		t.Fatal(err)
	}
	g.runFor(1500 * time.Millisecond)
	if !g.dev.rg.on {
		t.Fatal("ring state lost across the re-init")
	}
	bursts, _ := g.measureRing(800)
	if len(bursts) == 0 {
		t.Error("no ring bursts after the re-init")
	}
}

func TestSPINoise(t *testing.T) {
	tests := []struct {
		name    string
		garbage bool
	}{
		{"errors", false},
		{"garbage", true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			g := newRig(t, nil)
			g.slic.SetSPIErrors(0.01, tc.garbage)
			g.phone.OffHook()
			g.runFor(time.Second)
			g.phone.DialPulse("42")
			g.runFor(4 * time.Second)
			g.phone.Flash(400 * time.Millisecond)
			g.runFor(2 * time.Second)
			g.phone.OnHook()
			g.runFor(60 * time.Second)
			if g.dev.Status().Faulty {
				t.Errorf("faulty at 1%% SPI %s: %s", tc.name, g.dev.Status().Reason)
			}
			want := "offhook pulse-digit:4 pulse-digit:2 flash onhook"
			if got := types(g.take()); got != want {
				t.Errorf("events = %q, want %q", got, want)
			}
		})
	}
}

func TestHookBounce(t *testing.T) {
	tests := []struct {
		name string
		off  bool
	}{
		{"on hook", false},
		{"off hook", true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			g := newRig(t, nil)
			if tc.off {
				g.phone.OffHook()
				g.runFor(200 * time.Millisecond)
				g.take()
			}
			if err := g.slic.Fault("hook-bounce"); err != nil {
				t.Fatal(err)
			}
			for g.phone.Glitches() < 1000 {
				g.run(100)
			}
			if got := types(g.take()); got != "" {
				t.Errorf("events from %d bounce glitches: %q, want none", g.phone.Glitches(), got)
			}
			// Real dial pulses still decode while the contact bounces.
			if tc.off {
				g.phone.DialPulse("7")
				g.runFor(2 * time.Second)
				if got := types(g.take()); got != "pulse-digit:7" {
					t.Errorf("pulse digit under bounce = %q, want pulse-digit:7", got)
				}
			}
		})
	}
}

func TestIRQMode(t *testing.T) {
	var slic *sim.SLIC
	g := newRig(t, func(o *Opts, s *sim.SLIC) { o.IRQ = s.IRQPin(); slic = s })
	g.run(30)
	ops := g.dev.ops
	g.run(1000)
	per := float64(g.dev.ops-ops) / 1000
	t.Logf("interrupt line: %.2f register accesses per idle frame (the 250 ms health check)", per)
	if per > 0.2 {
		t.Errorf("%.2f register accesses per idle frame with an interrupt line, want ≤ 0.2", per)
	}
	g.phone.OffHook()
	g.runFor(100 * time.Millisecond)
	g.phone.DialPulse("3")
	g.runFor(2 * time.Second)
	g.phone.OnHook()
	g.runFor(time.Second)
	if got := types(g.take()); got != "offhook pulse-digit:3 onhook" {
		t.Errorf("events = %q, want offhook pulse-digit:3 onhook", got)
	}
	if slic.IRQ() {
		t.Error("interrupt left pending")
	}
	g.noViolations()
}

func TestPollingTraffic(t *testing.T) {
	g := newRig(t, nil)
	g.run(10)
	ops := g.dev.ops
	g.run(1000)
	per := float64(g.dev.ops-ops) / 1000
	t.Logf("polling: %.2f register accesses per frame", per)
	if per > 1.5 {
		t.Errorf("%.2f register accesses per idle frame, want ≤ 1.5", per)
	}
}

func TestTickAllocs(t *testing.T) {
	g := newRig(t, nil)
	g.phone.OffHook()
	g.run(50)
	if err := g.dev.Ring(hal.Cadence{time.Second}); err == nil {
		t.Fatal("Ring off hook succeeded")
	}
	buf := make([]hal.Event, 0, 8)
	allocs := testing.AllocsPerRun(500, func() {
		g.slic.Step(g.frame)
		g.dev.Tick(g.frame)
		buf = g.dev.Events(buf[:0])
		g.frame++
	})
	if allocs != 0 {
		t.Errorf("%.1f allocations per frame, want 0", allocs)
	}
}

func TestHalt(t *testing.T) {
	g := newRig(t, nil)
	if err := g.dev.Ring(hal.Cadence{time.Second}); err != nil {
		t.Fatal(err)
	}
	g.run(5)
	if err := g.dev.Halt(); err != nil {
		t.Fatal(err)
	}
	g.run(5)
	if got := g.slic.Reg(regLinefeed); got != 0 {
		t.Errorf("reg 64 after Halt = %#02x, want 0", got)
	}
	if g.phone.Ringing() {
		t.Error("ringing after Halt")
	}
}

// BenchmarkTick measures one polled frame of the driver with its chip model: ns per frame
// and how many ports one core could poll.
func BenchmarkTick(b *testing.B) {
	for _, irq := range []bool{false, true} {
		name := "polling"
		if irq {
			name = "interrupt"
		}
		b.Run(name, func(b *testing.B) {
			phone := sim.NewPhone("p", nil)
			slic := sim.NewSLIC("fxs", phone)
			o := DefaultOpts
			o.Step = func() { slic.Step(0) }
			if irq {
				o.IRQ = slic.IRQPin()
			}
			d, err := New(connRegs{slic.Conn()}, "fxs", &o)
			if err != nil {
				b.Fatal(err)
			}
			var f int64
			buf := make([]hal.Event, 0, 8)
			b.ReportAllocs()
			for b.Loop() {
				d.Tick(f)
				buf = d.Events(buf[:0])
				f++
			}
			per := b.Elapsed() / time.Duration(b.N)
			b.ReportMetric(float64(per), "ns/frame")
			b.ReportMetric(float64(hal.FrameDuration)/float64(per), "ports/core")
		})
	}
}
