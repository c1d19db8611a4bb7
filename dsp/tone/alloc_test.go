package tone

import "testing"

func TestZeroAllocs(t *testing.T) {
	z, _ := Lookup("uk")
	var g Generator
	g.Play(&z.Stutter)
	m, _ := NewMatcher(z, "stutter")
	b := NewBusyDetector(z)
	f := make([]int16, 80)
	if n := testing.AllocsPerRun(500, func() { g.Read(f); m.Feed(f); b.Feed(f) }); n != 0 {
		t.Errorf("%v allocs per frame", n)
	}
}
