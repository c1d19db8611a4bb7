package dsp

import (
	"math"
	"testing"
)

func sine(hz, amp float64, n int) []int16 {
	out := make([]int16, n)
	for i := range out {
		out[i] = Clamp16(amp * math.Sin(2*math.Pi*hz*float64(i)/SampleRate))
	}
	return out
}

func TestLevel(t *testing.T) {
	tests := []struct {
		name string
		in   []int16
		want float64
	}{
		{"silence", make([]int16, 80), Silence},
		{"empty", nil, Silence},
		{"0 dBm0", sine(1004, Amplitude(0), 800), 0},
		{"-10 dBm0", sine(1004, Amplitude(-10), 800), -10},
		{"full scale", sine(1000, 32767, 800), 3.14},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Level(tt.in); math.Abs(got-tt.want) > 0.05 {
				t.Errorf("Level = %.3f, want %.3f", got, tt.want)
			}
		})
	}
}

func TestPower(t *testing.T) {
	a := Amplitude(-10)
	x := sine(1000, a, 80)
	if got, want := Power(x, 1000), a*a/2; math.Abs(got/want-1) > 0.02 {
		t.Errorf("Power at 1000 Hz = %.0f, want %.0f", got, want)
	}
	if got := Power(x, 2000); got > a*a/2*0.01 {
		t.Errorf("Power at 2000 Hz = %.0f, want about 0", got)
	}
	if Power(nil, 1000) != 0 {
		t.Error("Power(nil) != 0")
	}
}

func TestLevelAllocs(t *testing.T) {
	x := sine(1000, 1000, 80)
	if n := testing.AllocsPerRun(100, func() { Level(x); Power(x, 1000) }); n != 0 {
		t.Errorf("%v allocs per frame", n)
	}
}
