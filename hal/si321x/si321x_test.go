package si321x

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/analogpbx/pbx/hal"
	"github.com/analogpbx/pbx/testbench/sim"
)

func TestBringUp(t *testing.T) {
	g := newRig(t, func(o *Opts, _ *sim.SLIC) { o.Timeslot = 5; o.Law = hal.ALaw })
	g.noViolations()
	if got, want := g.dev.Status().Chip, "Si3215 rev C"; got != want {
		t.Errorf("chip = %q, want %q", got, want)
	}
	if g.dev.Status().Faulty {
		t.Errorf("faulty after bring-up: %s", g.dev.Status().Reason)
	}
	if got := g.slic.Reg(regLinefeed); got != 0x11 {
		t.Errorf("reg 64 = %#02x, want 0x11 (forward active applied)", got)
	}
	if got := g.slic.Reg(regLoopback); got != 0 {
		t.Errorf("reg 8 = %#02x, want 0", got)
	}
	tx, rx, on := g.slic.Timeslots()
	if tx != 5 || rx != 5 || !on {
		t.Errorf("timeslots = %d/%d enabled %v, want 5/5 true", tx, rx, on)
	}
	if got := g.slic.Reg(regPCMMode) & 0x38; got != pcmEnable {
		t.Errorf("PCM mode bits = %#02x, want A-law on (0x20)", got)
	}
	for _, e := range irTable(20, 63) {
		a := alt(e.addr)
		if a == irNone {
			continue
		}
		if got := g.slic.IndirectReg(a); got != e.val {
			t.Errorf("IR %d (Si3215 %d) = %#04x, want %#04x", e.addr, a, got, e.val)
		}
	}
	if ev := g.take(); len(ev) != 0 {
		t.Errorf("events after a clean bring-up: %s", types(ev))
	}
	g.run(300)
	if ev := g.take(); len(ev) != 0 {
		t.Errorf("events while idle: %s", types(ev))
	}
	g.noViolations()
}

func TestRingCoefficients(t *testing.T) {
	tests := []struct {
		hz        int
		vpk       float64
		rco, rngx uint16
	}{
		{20, 63, 0x7EFD, 0x0155}, // SL-api 20 Hz preset
		{25, 85, 0x7E6C, 0x023A}, // DAHDI TBR21 zone
	}
	near := func(a, b uint16) bool { return int(a)-int(b) <= 4 && int(b)-int(a) <= 4 }
	for _, tc := range tests {
		t.Run(fmt.Sprintf("%dHz", tc.hz), func(t *testing.T) {
			rco, rngx := ringCoef(tc.hz, tc.vpk)
			if !near(rco, tc.rco) || !near(rngx, tc.rngx) {
				t.Errorf("ringCoef(%d, %.0f) = %#04x, %#04x, want about %#04x, %#04x", tc.hz, tc.vpk, rco, rngx, tc.rco, tc.rngx)
			}
		})
	}
}

func TestBringUpFromTick(t *testing.T) {
	g := newRig(t, func(o *Opts, _ *sim.SLIC) { o.Step = nil })
	if g.dev.mode != modeInit {
		t.Fatalf("mode after New without Step = %d, want bring-up pending", g.dev.mode)
	}
	n, ok := g.until(3*time.Second, func() bool { return g.dev.mode == modeRun })
	if !ok {
		t.Fatalf("bring-up from Tick did not finish: %s", g.dev.Status().Reason)
	}
	t.Logf("bring-up from Tick took %d frames", n)
	if got := g.slic.Reg(regLinefeed); got != 0x11 {
		t.Errorf("reg 64 = %#02x, want 0x11", got)
	}
	g.noViolations()
}

func TestNewFailures(t *testing.T) {
	tests := []struct {
		name   string
		fault  string
		noChip bool
	}{
		{"dead chip", "chip-dead", true},
		{"spi errors", "spi-errors", false},
		{"power alarm", "power-alarm", false},
		{"no power", "vbat-low", false},
		{"short circuit", "leakage", false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			phone := sim.NewPhone("p", nil)
			slic := sim.NewSLIC("fxs", phone)
			if err := slic.Fault(tc.fault); err != nil {
				t.Fatal(err)
			}
			o := DefaultOpts
			o.Step = func() { slic.Step(0) }
			d, err := New(connRegs{slic.Conn()}, "fxs", &o)
			if err == nil {
				t.Fatal("New succeeded on a faulty chip")
			}
			if d == nil || !d.Status().Faulty {
				t.Fatalf("New returned %v, want a faulty Dev", d)
			}
			if got := errors.Is(err, ErrNoChip); got != tc.noChip {
				t.Errorf("errors.Is(%v, ErrNoChip) = %v, want %v", err, got, tc.noChip)
			}
			t.Logf("%s: %v", tc.fault, err)
			if !strings.HasPrefix(err.Error(), "si321x") {
				t.Errorf("error %q lacks the package prefix", err)
			}
		})
	}
}

func TestBadOpts(t *testing.T) {
	tests := []struct {
		name string
		mod  func(*Opts)
	}{
		{"ring frequency", func(o *Opts) { o.RingHz = 60 }},
		{"flash window", func(o *Opts) { o.FlashMin, o.FlashMax = time.Second, 500*time.Millisecond }},
		{"timeslot", func(o *Opts) { o.Timeslot = 128 }},
		{"law", func(o *Opts) { o.Law = 7 }},
		{"loop current", func(o *Opts) { o.LoopCurrent = 50 }},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			o := DefaultOpts
			tc.mod(&o)
			slic := sim.NewSLIC("fxs", sim.NewPhone("p", nil))
			if d, err := New(connRegs{slic.Conn()}, "fxs", &o); err == nil || d != nil {
				t.Errorf("New = %v, %v; want nil and an error", d, err)
			}
		})
	}
}

func TestHookEvents(t *testing.T) {
	tests := []struct {
		name string
		do   func(p *sim.Phone)
		wait time.Duration
		want string
	}{
		{"lift", func(p *sim.Phone) {}, time.Second, ""},
		{"flash 300 ms", func(p *sim.Phone) { p.Flash(300 * time.Millisecond) }, 2 * time.Second, "flash"},
		{"flash at FlashMin", func(p *sim.Phone) { p.Flash(110 * time.Millisecond) }, 2 * time.Second, "flash"},
		{"flash near FlashMax", func(p *sim.Phone) { p.Flash(780 * time.Millisecond) }, 2 * time.Second, "flash"},
		{"hang up", func(p *sim.Phone) { p.OnHook() }, 2 * time.Second, "onhook"},
		{"on hook past FlashMax", func(p *sim.Phone) { p.Flash(1200 * time.Millisecond) }, 3 * time.Second, "onhook offhook"},
		{"break of 12 ms", func(p *sim.Phone) { p.Flash(12 * time.Millisecond) }, time.Second, ""},
		{"pulse 1", func(p *sim.Phone) { p.DialPulse("1") }, 2 * time.Second, "pulse-digit:1"},
		{"pulse 5", func(p *sim.Phone) { p.DialPulse("5") }, 2 * time.Second, "pulse-digit:5"},
		{"pulse 0", func(p *sim.Phone) { p.DialPulse("0") }, 3 * time.Second, "pulse-digit:0"},
		{"pulse 8021", func(p *sim.Phone) { p.DialPulse("8021") }, 6 * time.Second,
			"pulse-digit:8 pulse-digit:0 pulse-digit:2 pulse-digit:1"},
		{"pulse then flash", func(p *sim.Phone) { p.DialPulse("3"); p.Flash(400 * time.Millisecond) }, 3 * time.Second,
			"pulse-digit:3 flash"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			g := newRig(t, nil)
			g.phone.OffHook()
			if _, ok := g.until(100*time.Millisecond, func() bool { return g.dev.OffHook() }); !ok {
				t.Fatal("no off-hook within 100 ms")
			}
			if got := types(g.take()); got != "offhook" {
				t.Fatalf("events after lifting = %q, want offhook", got)
			}
			tc.do(g.phone)
			g.runFor(tc.wait)
			if got := types(g.take()); got != tc.want {
				t.Errorf("events = %q, want %q", got, tc.want)
			}
			g.noViolations()
		})
	}
}

func TestOffHookLatency(t *testing.T) {
	g := newRig(t, nil)
	g.run(10)
	g.phone.OffHook()
	n, ok := g.until(time.Second, func() bool { return len(g.ev) > 0 })
	if !ok || g.ev[0].Type != hal.OffHook {
		t.Fatalf("events = %q, want offhook", types(g.ev))
	}
	if n > 5 {
		t.Errorf("off-hook reported after %d frames, want ≤ 5", n)
	}
	if got := g.slic.Reg(regLinefeed); got != 0x11 {
		t.Errorf("reg 64 = %#02x off hook, want 0x11", got)
	}
	t.Logf("off-hook latency %d ms", n*10)
}

func TestFlashTiming(t *testing.T) {
	g := newRig(t, nil)
	g.phone.OffHook()
	g.runFor(200 * time.Millisecond)
	g.take()
	g.phone.OnHook()
	start := g.frame
	n, ok := g.until(2*time.Second, func() bool { return len(g.ev) > 0 })
	if !ok || g.ev[0].Type != hal.OnHook {
		t.Fatalf("events = %q, want onhook", types(g.ev))
	}
	got := time.Duration(g.ev[0].Frame-start) * hal.FrameDuration
	if got < 800*time.Millisecond || got > 850*time.Millisecond {
		t.Errorf("hang-up reported %v after the handset went down, want just past FlashMax 800 ms", got)
	}
	_ = n
}
