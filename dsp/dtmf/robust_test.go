package dtmf

import (
	"math/rand/v2"
	"testing"
	"time"

	"github.com/analogpbx/pbx/dsp/codec"
)

// TestQ24Margins repeats the must-accept and must-reject cases with many random start
// offsets and phases (run with -v for the counts).
func TestQ24Margins(t *testing.T) {
	r := rand.New(rand.NewPCG(99, 1))
	reps := 3
	if testing.Verbose() {
		reps = 25
	}
	cases := []struct {
		name   string
		mod    func(*sig)
		accept bool
	}{
		{"low+1.5%", func(s *sig) { s.devLo = 0.015 }, true},
		{"low-1.5%", func(s *sig) { s.devLo = -0.015 }, true},
		{"high+1.5%", func(s *sig) { s.devHi = 0.015 }, true},
		{"high-1.5%", func(s *sig) { s.devHi = -0.015 }, true},
		{"both+1.5% at -30 dBm0", func(s *sig) { s.devLo, s.devHi, s.lvlLo, s.lvlHi = 0.015, 0.015, -30, -30 }, true},
		{"40 ms", func(s *sig) { s.on = 40 * time.Millisecond }, true},
		{"40 ms at -36 dBm0, twist 4 dB", func(s *sig) { s.on, s.lvlLo, s.lvlHi = 40*time.Millisecond, -36, -32 }, true},
		{"low+3.5%", func(s *sig) { s.devLo = 0.035 }, false},
		{"high-3.5%", func(s *sig) { s.devHi = -0.035 }, false},
		{"20 ms", func(s *sig) { s.on = 20 * time.Millisecond }, false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			s := nominal
			c.mod(&s)
			got := score(s, reps, codec.ULaw, r)
			if c.accept && got < 1 || !c.accept && got > 0 {
				t.Errorf("recognised %.2f%% of %d keys", 100*got, 16*reps)
			}
		})
	}
}
