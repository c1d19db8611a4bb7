package cid

import (
	"testing"

	"github.com/analogpbx/pbx/dsp/tone"
)

func TestZeroAllocs(t *testing.T) {
	msg := EncodeMDMF(Message{Number: "801", Name: "Reception", MWI: -1})
	m := NewModulator(tone.Bell202, msg)
	d := NewDemodulator(tone.Bell202)
	f := make([]int16, 80)
	if n := testing.AllocsPerRun(60, func() { m.Read(f); d.Feed(f) }); n != 0 {
		t.Errorf("%v allocs per frame", n)
	}
}
