package si321x

import (
	"testing"
	"time"
)

func TestDiag(t *testing.T) {
	g := newRig(t, nil)
	g.run(10)
	res, err := g.dev.Diag()
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("diag: %+v", res)
	if res.Chip != "Si3215 rev C" || !res.Calibrated || !res.RingTested || !res.RingOK {
		t.Errorf("diag = %+v, want chip, calibration and ring test OK", res)
	}
	if res.VBAT < 72 || res.VBAT > 80 {
		t.Errorf("VBAT = %.1f V, want 72..80", res.VBAT)
	}
	if got := g.slic.Reg(regLinefeed); got != 0x11 {
		t.Errorf("reg 64 after the ring test = %#02x, want 0x11", got)
	}
	if ev := g.take(); len(ev) != 0 {
		t.Errorf("events from the ring test: %s", types(ev))
	}

	g.phone.OffHook()
	g.runFor(100 * time.Millisecond)
	res, err = g.dev.Diag()
	if err != nil {
		t.Fatal(err)
	}
	if res.RingTested || !res.OffHook || res.LoopCurrent < 15 {
		t.Errorf("diag off hook = %+v, want no ring test, loop closed, loop current ≥ 15 mA", res)
	}

	if err := g.slic.Fault("stuck-ring"); err != nil {
		t.Fatal(err)
	}
	g.phone.OnHook()
	g.runFor(3 * time.Second)
	if _, err := g.dev.Diag(); err == nil {
		t.Error("Diag on a faulty port returned no error")
	}
}

func TestDiagRingFails(t *testing.T) {
	g := newRig(t, nil)
	if err := g.slic.Fault("power-alarm"); err != nil {
		t.Fatal(err)
	}
	res, err := g.dev.Diag()
	if err != nil {
		t.Fatal(err)
	}
	if res.RingOK {
		t.Errorf("ring test passed under a power alarm: %+v", res)
	}
}
