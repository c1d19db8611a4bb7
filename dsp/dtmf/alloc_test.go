package dtmf

import (
	"testing"
	"time"
)

func TestZeroAllocs(t *testing.T) {
	g := NewGenerator(-10)
	d := NewDetector()
	g.Dial("0123456789*#ABCD0123456789", 50*time.Millisecond, 50*time.Millisecond)
	f := make([]int16, 80)
	if n := testing.AllocsPerRun(200, func() { g.Read(f); d.Process(f) }); n != 0 {
		t.Errorf("%v allocs per frame", n)
	}
}
