package pbx_test

import (
	"testing"

	"github.com/analogpbx/pbx/pbx"
)

// Who hears whom while 804 monitors 801's call with 802 (801 at 600 Hz, 802 at 1400 Hz,
// 804 at 2200 Hz).
func TestMonitorAudio(t *testing.T) {
	tests := []struct {
		code  string
		hears [][3]bool // per listener 801, 802, 804: hears 801, 802, 804
	}{
		{"*81", [][3]bool{{false, true, false}, {true, false, false}, {true, true, false}}},
		{"*82", [][3]bool{{false, true, true}, {true, false, false}, {true, true, false}}},
		{"*83", [][3]bool{{false, true, true}, {true, false, true}, {true, true, false}}},
	}
	hz := [3]float64{600, 1400, 2200}
	slot := [3]int{0, 1, 3}
	for _, tc := range tests {
		t.Run(tc.code, func(t *testing.T) {
			r := newFrig(t, func(c *pbx.Config) { c.Extensions[3].MayMonitor = []string{"801"} }, nil)
			r.call(0, 1)
			r.fxs[3].Lift()
			r.run(5)
			r.dial(3, tc.code+"801")
			r.run(5)
			for i, s := range slot {
				r.tone[s] = hz[i]
			}
			r.run(5)
			for li, row := range tc.hears {
				for si, want := range row {
					if li == si {
						continue
					}
					if got := r.hears(slot[li], hz[si]); got != want {
						t.Errorf("%s hears %s: %v, want %v (%s)", ext(slot[li]), ext(slot[si]), got, want, r.states())
					}
				}
			}
		})
	}
}

// Monitoring an extension not in the may-monitor list gets congestion, and the call goes on.
func TestMonitorRefused(t *testing.T) {
	r := newFrig(t, func(c *pbx.Config) { c.Extensions[3].MayMonitor = []string{"803"} }, nil)
	r.call(0, 1)
	r.fxs[3].Lift()
	r.run(5)
	r.dial(3, "*83801")
	r.run(5)
	if got := r.states(); got != "801=talking 802=talking 803=idle 804=busy line 1=idle line 2=idle " {
		t.Errorf("states %s, want 804 busy (congestion), the call untouched", got)
	}
}

// Force-release clears the monitored call: both parties hear busy, the record names who.
func TestForceRelease(t *testing.T) {
	r := newFrig(t, func(c *pbx.Config) { c.Extensions[3].MayMonitor = []string{"802"} }, nil)
	r.call(0, 1)
	r.fxs[3].Lift()
	r.run(5)
	r.dial(3, "*84802")
	r.run(5)
	if got := r.states(); got != "801=busy 802=busy 803=idle 804=busy line 1=idle line 2=idle " {
		t.Errorf("states %s, want 801, 802 and 804 hearing busy", got)
	}
	if c := r.lastCDR(); c.Route != "ext:802 release=804 tried=802" || c.Disposition != pbx.Answered {
		t.Errorf("record %q %q, want answered, route ext:802 release=804 tried=802", c.Disposition, c.Route)
	}
}

// The frame loop allocates nothing while a conference mixes, a supervisor whispers and a
// caller waits in a queue hearing music.
func TestFeatureFramesAllocateNothing(t *testing.T) {
	r := newFrig(t, func(c *pbx.Config) {
		c.Extensions[3].MayMonitor = []string{"801"}
		c.Groups = append(c.Groups, pbx.Group{Number: "700", Strategy: "ringall", Members: []string{"802"}, Queue: true})
		c.Trunks[0].Group = "700"
	}, queuePrompts)
	r.call(0, 1)
	r.fxs[3].Lift()
	r.run(5)
	r.dial(3, "*82801")
	r.fxo[0].RingIn(true)
	r.run(5)
	r.fxo[0].RingIn(false)
	r.secs(4)
	r.fxo[0].RingIn(true)
	r.run(50)
	if len(r.eng.Queues()) != 1 {
		t.Fatalf("line 1 not queued (%s)", r.states())
	}
	r.run(100) // into the music
	if n := testing.AllocsPerRun(100, func() { r.run(1) }); n != 0 {
		t.Errorf("%v allocations per frame, want 0", n)
	}
}

// The mixer path allocates nothing either: a three-way conference with call-waiting
// tone injected.
func TestConferenceFramesAllocateNothing(t *testing.T) {
	r := newFrig(t, nil, nil)
	r.call(0, 1)
	r.flash(1)
	r.dial(1, "803")
	r.fxs[2].Lift()
	r.run(5)
	r.flash(1)
	r.tone[0], r.tone[2] = 600, 1400
	r.run(10)
	if got := r.states(); got != "801=conference 802=conference 803=conference 804=idle line 1=idle line 2=idle " {
		t.Fatalf("states %s, want a conference", got)
	}
	if n := testing.AllocsPerRun(100, func() { r.run(1) }); n != 0 {
		t.Errorf("%v allocations per frame, want 0", n)
	}
}
