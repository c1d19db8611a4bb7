package si321x

import (
	"testing"
	"time"

	"github.com/analogpbx/pbx/hal"
)

// measure runs n frames and returns the lengths (in frames) of the phone's ring bursts
// and pauses, starting with the state at the first frame.
func (g *rig) measureRing(n int) (bursts, pauses []int) {
	cur, run := g.phone.Ringing(), 0
	for range n {
		g.run(1)
		if r := g.phone.Ringing(); r != cur {
			switch {
			case run == 0: // the state before the first frame
			case cur:
				bursts = append(bursts, run)
			default:
				pauses = append(pauses, run)
			}
			cur, run = r, 0
		}
		run++
	}
	return bursts, pauses
}

func TestRingCadence(t *testing.T) {
	tests := []struct {
		name    string
		cadence hal.Cadence
		bursts  []int // frames
		pauses  []int
	}{
		{"us 2s/4s", hal.Cadence{2 * time.Second, 4 * time.Second}, []int{200, 200}, []int{400, 400}},
		{"cn 1s/4s", hal.Cadence{time.Second, 4 * time.Second}, []int{100, 100, 100}, []int{400, 400}},
		{"uk double", hal.Cadence{400 * time.Millisecond, 200 * time.Millisecond, 400 * time.Millisecond, 2 * time.Second},
			[]int{40, 40, 40, 40, 40, 40}, []int{20, 200, 20, 200, 20}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			g := newRig(t, nil)
			g.run(5)
			if err := g.dev.Ring(tc.cadence); err != nil {
				t.Fatal(err)
			}
			var total int
			for _, b := range tc.bursts {
				total += b
			}
			for _, p := range tc.pauses {
				total += p
			}
			bursts, pauses := g.measureRing(total + 10)
			if len(bursts) < len(tc.bursts) || len(pauses) < len(tc.pauses) {
				t.Fatalf("measured bursts %v pauses %v, want %v / %v", bursts, pauses, tc.bursts, tc.pauses)
			}
			// The first burst starts before the first measured frame: allow one frame.
			for i, want := range tc.bursts {
				if got := bursts[i]; got < want-1 || got > want+1 {
					t.Errorf("burst %d = %d ms, want %d ms ±10", i, got*10, want*10)
				}
			}
			for i, want := range tc.pauses {
				if got := pauses[i]; got != want {
					t.Errorf("pause %d = %d ms, want %d ms", i, got*10, want*10)
				}
			}
			if g.slic.Reg(regLinefeed)>>4&7 != lfRinging && g.slic.Reg(regLinefeed)>>4&7 != lfOHT {
				t.Errorf("reg 64 = %#02x while ringing, want LFS ringing or OHT", g.slic.Reg(regLinefeed))
			}
			if ev := g.take(); len(ev) != 0 {
				t.Errorf("events while ringing: %s", types(ev))
			}
			g.noViolations()
		})
	}
}

func TestRingOHTHold(t *testing.T) {
	g := newRig(t, nil)
	if err := g.dev.Ring(hal.Cadence{2 * time.Second, 4 * time.Second}); err != nil {
		t.Fatal(err)
	}
	g.runFor(2500 * time.Millisecond) // one burst, into the pause
	if got := g.slic.Reg(regLinefeed); got != 0x22 {
		t.Errorf("reg 64 between bursts = %#02x, want 0x22 (OHT)", got)
	}
	if err := g.dev.StopRing(); err != nil {
		t.Fatal(err)
	}
	// 6 s after the end of the burst (at 2 s) the line returns to active.
	g.runFor(5400 * time.Millisecond) // t = 7.9 s
	if got := g.slic.Reg(regLinefeed); got != 0x22 {
		t.Errorf("reg 64 at 5.9 s after the burst = %#02x, want 0x22 (OHT held)", got)
	}
	g.runFor(200 * time.Millisecond)
	if got := g.slic.Reg(regLinefeed); got != 0x11 {
		t.Errorf("reg 64 at 6.1 s after the burst = %#02x, want 0x11 (active)", got)
	}
	g.noViolations()
}

func TestRingTrip(t *testing.T) {
	tests := []struct {
		name  string
		after time.Duration
	}{
		{"during a burst", 500 * time.Millisecond},
		{"between bursts", 3 * time.Second},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			g := newRig(t, nil)
			if err := g.dev.Ring(hal.Cadence{2 * time.Second, 4 * time.Second}); err != nil {
				t.Fatal(err)
			}
			g.runFor(tc.after)
			g.phone.OffHook()
			n, ok := g.until(200*time.Millisecond, func() bool { return len(g.ev) > 0 })
			if !ok || types(g.ev) != "offhook" {
				t.Fatalf("events = %q, want offhook", types(g.ev))
			}
			t.Logf("ring trip reported after %d ms", n*10)
			g.run(2)
			if g.dev.Ringing() || g.phone.Ringing() {
				t.Error("still ringing after the phone answered")
			}
			if got := g.slic.Reg(regLinefeed); got != 0x11 {
				t.Errorf("reg 64 = %#02x after ring trip, want 0x11", got)
			}
			g.runFor(8 * time.Second)
			if g.phone.Ringing() || types(g.take()) != "offhook" {
				t.Error("ringing resumed or more events after the answer")
			}
			g.noViolations()
		})
	}
}

func TestRingErrors(t *testing.T) {
	g := newRig(t, nil)
	if err := g.dev.Ring(nil); err == nil {
		t.Error("Ring(nil) succeeded")
	}
	if err := g.dev.Ring(hal.Cadence{time.Second, time.Second, time.Second}); err == nil {
		t.Error("Ring with an odd cadence succeeded")
	}
	if err := g.dev.Ring(hal.Cadence{time.Second, -time.Second}); err == nil {
		t.Error("Ring with a negative element succeeded")
	}
	g.phone.OffHook()
	g.runFor(100 * time.Millisecond)
	if err := g.dev.Ring(hal.Cadence{time.Second}); err == nil {
		t.Error("Ring off hook succeeded")
	}
}

func TestSetFeed(t *testing.T) {
	tests := []struct {
		feed hal.Feed
		reg  uint8
	}{
		{hal.FeedOHT, 0x22},
		{hal.FeedReverse, 0x55},
		{hal.FeedOpen, 0x00},
		{hal.FeedActive, 0x11},
	}
	g := newRig(t, nil)
	for _, tc := range tests {
		if err := g.dev.SetFeed(tc.feed); err != nil {
			t.Fatal(err)
		}
		g.run(2)
		if got := g.slic.Reg(regLinefeed); got != tc.reg {
			t.Errorf("feed %d: reg 64 = %#02x, want %#02x", tc.feed, got, tc.reg)
		}
	}
	if err := g.dev.SetFeed(9); err == nil {
		t.Error("SetFeed(9) succeeded")
	}
	// Reverse feed: OHT between bursts is reverse OHT.
	if err := g.dev.SetFeed(hal.FeedReverse); err != nil {
		t.Fatal(err)
	}
	if err := g.dev.Ring(hal.Cadence{time.Second, time.Second}); err != nil {
		t.Fatal(err)
	}
	g.runFor(1500 * time.Millisecond)
	if got := g.slic.Reg(regLinefeed); got != 0x66 {
		t.Errorf("reverse feed between bursts: reg 64 = %#02x, want 0x66", got)
	}
	if ev := g.take(); len(ev) != 0 {
		t.Errorf("events: %s", types(ev))
	}
	g.noViolations()
}
