package mix

import (
	"math"
	"testing"

	"github.com/analogpbx/pbx/dsp"
	"github.com/analogpbx/pbx/dsp/internal/testsig"
)

func frames(n int, f func(i int) []int16) [][]int16 {
	out := make([][]int16, n)
	for i := range out {
		out[i] = f(i)
	}
	return out
}

func TestEachHearsOthers(t *testing.T) {
	hz := []float64{500, 1000, 1500, 2000}
	in := frames(4, func(i int) []int16 { return testsig.Tone(80, hz[i], -20) })
	in[3] = nil // a listener
	out := frames(4, func(int) []int16 { return make([]int16, 80) })
	m := New(4)
	m.Mix(out, in)
	for i := range 4 {
		for j := range 3 {
			p := dsp.Power(out[i], hz[j])
			heard := p > dsp.MeanSquare(-23)
			if heard != (i != j) {
				t.Errorf("party %d hears party %d: %v (power %.0f)", i, j, heard, p)
			}
		}
	}
}

func TestSaturation(t *testing.T) {
	loud := make([]int16, 80)
	for i := range loud {
		loud[i] = 30000
	}
	in := [][]int16{loud, loud, loud}
	out := frames(3, func(int) []int16 { return make([]int16, 80) })
	New(3).Mix(out, in)
	if out[0][0] != math.MaxInt16 {
		t.Errorf("sum of two full-scale parties = %d, want %d", out[0][0], math.MaxInt16)
	}
}

func TestGain(t *testing.T) {
	m := New(2)
	if err := m.SetGain(0, -6); err != nil {
		t.Fatal(err)
	}
	in := [][]int16{testsig.Tone(80, 1000, -10), nil}
	out := frames(2, func(int) []int16 { return make([]int16, 80) })
	m.Mix(out, in)
	if l := dsp.Level(out[1]); math.Abs(l+16) > 0.3 {
		t.Errorf("level after -6 dB = %.2f dBm0, want -16", l)
	}
	for _, bad := range []struct {
		p  int
		db float64
	}{{-1, 0}, {2, 0}, {0, 20}, {0, math.NaN()}} {
		if err := m.SetGain(bad.p, bad.db); err == nil {
			t.Errorf("SetGain(%d, %v): no error", bad.p, bad.db)
		}
	}
}

func TestAGC(t *testing.T) {
	m := New(2)
	m.SetAGC(true)
	quiet := testsig.Tone(80, 1000, -34)
	out := frames(2, func(int) []int16 { return make([]int16, 80) })
	for range 200 {
		m.Mix(out, [][]int16{quiet, nil})
	}
	if l := dsp.Level(out[1]); math.Abs(l-(-22)) > 0.5 {
		t.Errorf("AGC output %.1f dBm0, want -22 (-34 dBm0 raised by the 12 dB limit)", l)
	}
}

func TestZeroAllocs(t *testing.T) {
	m := New(30)
	m.SetAGC(true)
	in := frames(30, func(i int) []int16 { return testsig.Noise(80, -20, uint64(i)) })
	out := frames(30, func(int) []int16 { return make([]int16, 80) })
	if n := testing.AllocsPerRun(100, func() { m.Mix(out, in) }); n != 0 {
		t.Errorf("%v allocs per frame", n)
	}
}
