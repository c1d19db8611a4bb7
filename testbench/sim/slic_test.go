package sim

import (
	"strings"
	"testing"

	"github.com/analogpbx/pbx/dsp"
	"github.com/analogpbx/pbx/dsp/codec"
	"github.com/analogpbx/pbx/dsp/dtmf"
	"github.com/analogpbx/pbx/hal"
)

// host drives a SLIC byte by byte as a driver would.
type host struct {
	t *testing.T
	s *SLIC
}

func (h host) wr(a, v uint8) {
	h.t.Helper()
	for _, b := range []byte{a, v} {
		if err := h.s.Conn().Tx([]byte{b}, nil); err != nil {
			h.t.Fatal(err)
		}
	}
}

func (h host) rd(a uint8) uint8 {
	h.t.Helper()
	r := []byte{0}
	if err := h.s.Conn().Tx([]byte{a | 0x80}, nil); err != nil {
		h.t.Fatal(err)
	}
	if err := h.s.Conn().Tx([]byte{0}, r); err != nil {
		h.t.Fatal(err)
	}
	return r[0]
}

func (h host) steps(n int) {
	for range n {
		h.s.Step(0)
	}
}

func TestSLICResetValues(t *testing.T) {
	h := host{t, NewSLIC("s", NewPhone("p", nil))}
	for _, tc := range []struct{ reg, want uint8 }{
		{0, 0x03}, {1, 0x88}, {8, 0x02}, {11, 0x33}, {14, 0x10}, {64, 0x00}, {68, 0x00}, {31, 0x00},
	} {
		if got := h.rd(tc.reg); got != tc.want {
			t.Errorf("reg %d = %#02x after reset, want %#02x", tc.reg, got, tc.want)
		}
	}
}

func TestSLICStrictFraming(t *testing.T) {
	s := NewSLIC("s", NewPhone("p", nil))
	if err := s.Conn().Tx([]byte{64, 1}, nil); err == nil {
		t.Error("two-byte frame accepted")
	}
	if err := s.Conn().TxPackets(nil); err == nil {
		t.Error("TxPackets accepted")
	}
	if got := len(s.Violations()); got != 2 {
		t.Errorf("%d violations recorded, want 2", got)
	}
}

func TestSLICIndirect(t *testing.T) {
	h := host{t, NewSLIC("s", NewPhone("p", nil))}
	h.wr(28, 0xFD)
	h.wr(29, 0x7E)
	h.wr(30, 7)
	if h.rd(31) != 1 || h.rd(31) != 0 {
		t.Error("indirect status does not show busy, then done")
	}
	h.wr(30, 7)    // read back
	h.wr(28, 0x00) // while busy: refused
	if len(h.s.Violations()) != 1 || !strings.Contains(h.s.Violations()[0], "busy") {
		t.Errorf("violations = %q, want one for writing while busy", h.s.Violations())
	}
	for h.rd(31) != 0 {
	}
	if lo, hi := h.rd(28), h.rd(29); lo != 0xFD || hi != 0x7E {
		t.Errorf("IR 7 reads %#02x%02x, want 0x7efd", hi, lo)
	}
	h.wr(30, 40) // not on a Si3215
	if n := len(h.s.Violations()); n != 2 {
		t.Errorf("%d violations, want 2 after a missing indirect register", n)
	}
}

func TestSLICPowerAndCalibration(t *testing.T) {
	h := host{t, NewSLIC("s", NewPhone("p", nil))}
	h.wr(14, 0)
	n := 0
	for h.rd(82) < 0xC0 {
		h.steps(1)
		if n++; n > 50 {
			t.Fatalf("VBAT %#02x after 500 ms", h.rd(82))
		}
	}
	t.Logf("VBAT ready after %d ms", n*10)
	h.wr(96, 0x5F)
	n = 0
	for h.rd(96) != 0 {
		h.steps(1)
		n++
	}
	if n < 20 || n > 40 {
		t.Errorf("calibration took %d ms, want about 300", n*10)
	}
	h.wr(14, 0x10)
	h.steps(25)
	if v := h.rd(82); v < 0x06 {
		t.Errorf("VBAT %#02x 250 ms after power-down, want ≥ 0x06 (no leakage)", v)
	}
}

func TestSLICLinefeedAndHook(t *testing.T) {
	p := NewPhone("p", nil)
	h := host{t, NewSLIC("s", p)}
	h.wr(14, 0)
	h.steps(30)
	h.wr(22, 0xFF)
	h.wr(64, 1)
	h.steps(1)
	if got := h.rd(64); got != 0x11 {
		t.Errorf("reg 64 = %#02x, want 0x11", got)
	}
	p.OffHook()
	h.steps(2) // reg 69 debounce: 12.5 ms after reset
	if h.rd(68)&1 == 0 || !h.s.IRQ() || h.rd(19)&0x02 == 0 {
		t.Error("loop closure, its interrupt or its status missing")
	}
	h.wr(19, 0x02)
	if h.s.IRQ() {
		t.Error("interrupt still pending after write-1-to-clear")
	}
	p.OnHook()
	h.wr(64, 4)
	h.steps(1)
	if !p.Ringing() || h.rd(64) != 0x44 {
		t.Errorf("ringing: phone %v reg 64 %#02x", p.Ringing(), h.rd(64))
	}
	p.OffHook()
	h.steps(2)
	if h.rd(68)&2 == 0 || h.rd(19)&0x01 == 0 {
		t.Error("ring trip not seen")
	}
	if err := h.s.Fault("power-alarm"); err != nil {
		t.Fatal(err)
	}
	h.wr(64, 1)
	h.steps(4)
	if got := h.rd(64); got != 0 || h.rd(19)&0xFC == 0 {
		t.Errorf("power alarm: reg 64 = %#02x, reg 19 = %#02x", got, h.rd(19))
	}
}

func TestSLICLaw(t *testing.T) {
	for _, tc := range []struct {
		mode uint8
		law  codec.Law
	}{{0x28, codec.ULaw}, {0x20, codec.ALaw}} {
		p := NewPhone("p", nil)
		h := host{t, NewSLIC("s", p)}
		h.wr(14, 0)
		h.steps(30)
		h.wr(1, tc.mode)
		h.wr(8, 0) // digital loopback off (on after reset)
		h.wr(64, 1)
		p.OffHook()
		p.SetTone(1004)
		h.steps(2)
		b := make([]byte, hal.FrameSamples)
		h.s.ReadPCM(b)
		got := make([]int16, hal.FrameSamples)
		codec.Decode(tc.law, got, b)
		if l := dsp.Level(got); l < -10.5 || l > -9.5 {
			t.Errorf("law %v: decoded test tone at %.2f dBm0, want -10", tc.law, l)
		}
	}
}

func TestPhoneKeypad(t *testing.T) {
	p := NewPhone("p", nil)
	s := NewSLIC("s", p)
	h := host{t, s}
	h.wr(14, 0)
	h.steps(30)
	h.wr(1, 0x28)
	h.wr(8, 0)
	h.wr(64, 1)
	p.OffHook()
	p.Dial("80,2#")
	det := dtmf.NewDetector()
	b := make([]byte, hal.FrameSamples)
	pcm := make([]int16, hal.FrameSamples)
	var got string
	frames := 0
	for p.Busy() {
		s.Step(0)
		s.ReadPCM(b)
		codec.Decode(codec.ULaw, pcm, b)
		if d, ok := det.Process(pcm); ok {
			got += string(d)
		}
		frames++
	}
	if got != "802#" {
		t.Errorf("host detected %q, want 802#", got)
	}
	if want := 4*16 + 100; frames < want-2 || frames > want+2 {
		t.Errorf("dialling took %d ms, want about %d", frames*10, want*10)
	}
}

func TestPhonePulseTiming(t *testing.T) {
	p := NewPhone("p", nil)
	p.OffHook()
	p.DialPulse("3")
	var breaks, makes []int
	cur, run := true, 0
	for p.Busy() {
		p.step(0)
		for ms := range 10 {
			if c := p.hookAt(ms); c != cur {
				if cur {
					makes = append(makes, run)
				} else {
					breaks = append(breaks, run)
				}
				cur, run = c, 0
			}
			run++
		}
	}
	if len(breaks) != 3 || breaks[0] != 60 || breaks[2] != 60 || makes[1] != 40 {
		t.Errorf("breaks %v makes %v, want 3 breaks of 60 ms and makes of 40 ms", breaks, makes)
	}
}
