package testbench

import (
	"fmt"
	"testing"
	"time"

	"github.com/analogpbx/pbx/board"
	simboard "github.com/analogpbx/pbx/board/sim"
	"github.com/analogpbx/pbx/dsp"
	"github.com/analogpbx/pbx/dsp/tone"
	"github.com/analogpbx/pbx/hal"
	"github.com/analogpbx/pbx/pbx"
	"github.com/analogpbx/pbx/pbx/conf"
	"github.com/analogpbx/pbx/testbench/sim"
)

// coreRig is the call core on the simulated card, driven frame by frame by a Go test.
type coreRig struct {
	tb     testing.TB
	board  *board.Board
	sim    *simboard.Sim
	eng    *pbx.Engine
	rec    *countRecorder
	frames int64
}

type countRecorder struct{ cdrs []pbx.CDR }

func (c *countRecorder) Record(r pbx.CDR) { c.cdrs = append(c.cdrs, r) }

func newCoreRig(tb testing.TB, spec string) *coreRig {
	tb.Helper()
	z, err := tone.Lookup("us")
	if err != nil {
		tb.Fatal(err)
	}
	b, s, err := simboard.Open(spec, z)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { b.Halt() })
	var kinds []hal.Kind
	for _, p := range b.Ports {
		kinds = append(kinds, p.Kind())
	}
	r := &coreRig{tb: tb, board: b, sim: s, rec: &countRecorder{}}
	r.eng, err = pbx.New(pbx.Opts{Ports: b.Ports, PCM: b.PCM, Law: b.Law, Config: pbx.Default(kinds),
		Rec: r.rec, Prompts: loadPrompts()})
	if err != nil {
		tb.Fatal(err)
	}
	r.run(20) // the drivers bring the lines up
	return r
}

func (r *coreRig) run(n int) {
	for range n {
		if err := r.eng.RunFrame(); err != nil {
			r.tb.Fatal(err)
		}
		r.frames++
	}
}

// until runs frames until cond holds, at most max; it returns the frames run and
// whether cond held.
func (r *coreRig) until(max int, cond func() bool) (int, bool) {
	for n := 0; n <= max; n++ {
		if cond() {
			return n, true
		}
		r.run(1)
	}
	return max, false
}

// phone is the phone on FXS port n (1-based).
func (r *coreRig) phone(n int) *sim.Phone { return r.sim.Phone(n) }

// dial presses digits on phone n and runs until they are sent.
func (r *coreRig) dial(n int, digits string) {
	p := r.phone(n)
	p.Dial(digits)
	r.until(1000, func() bool { return !p.Busy() })
}

// talks reports whether phones a and b hear each other's test tone for 5 frames running
// within max frames.
func (r *coreRig) talks(a, b int, max int) bool {
	pa, pb := r.phone(a), r.phone(b)
	pa.SetTone(talkToneA)
	pb.SetTone(talkToneB)
	defer func() { pa.SetTone(0); pb.SetTone(0); r.run(2) }()
	good := 0
	_, ok := r.until(max, func() bool {
		if hasTone(pb.Received(), talkToneA) && hasTone(pa.Received(), talkToneB) {
			good++
		} else {
			good = 0
		}
		return good >= 5
	})
	return ok
}

// hearsSound reports whether phone n receives something above -35 dBm0.
func hearsSound(p *sim.Phone) bool { return dsp.Level(p.Received()) > -35 }

// setup is one call set-up on the simulated card, measured in frames.
type setup struct {
	dialTone int // off-hook → dial tone at the earpiece
	ring     int // start of the last digit's tone → ring voltage at the callee
}

// call makes phone a call phone b (extension 800+b) and b answer; it measures the
// set-up.
func (r *coreRig) call(a, b int) (setup, error) {
	var s setup
	pa, pb := r.phone(a), r.phone(b)
	pa.OffHook()
	n, ok := r.until(100, func() bool { return hearsSound(pa) })
	if !ok {
		return s, fmt.Errorf("fxs%d: no dial tone", a)
	}
	s.dialTone = n
	num := fmt.Sprint(800 + b)
	r.dial(a, num[:len(num)-1])
	pa.Dial(num[len(num)-1:])
	n, ok = r.until(200, pb.Ringing)
	if !ok {
		return s, fmt.Errorf("fxs%d dialed %s: it does not ring", a, num)
	}
	s.ring = n
	r.until(100, func() bool { return !pa.Busy() })
	pb.OffHook()
	return s, nil
}

// hangBoth hangs up phones a and b and runs until the PBX has seen both on-hooks (the
// flash window).
func (r *coreRig) hangBoth(a, b int) {
	r.phone(a).OnHook()
	r.phone(b).OnHook()
	r.run(int(hal.Frames(time.Second)))
}

// TestConfigChangeKeepsCalls: Engine.SetConfig during a call applies to new calls at
// once; the call in progress keeps its audio (even though its callee's number changes)
// and is recorded as it began.
func TestConfigChangeKeepsCalls(t *testing.T) {
	r := newCoreRig(t, "8fxs4fxo")
	if _, err := r.call(1, 2); err != nil {
		t.Fatal(err)
	}
	if !r.talks(1, 2, 50) {
		t.Fatal("801 and 802 do not talk before the change")
	}
	cfg := conf.Clone(r.eng.Config())
	for i := range cfg.Extensions {
		switch cfg.Extensions[i].Number {
		case "802":
			cfg.Extensions[i].Number = "812"
		case "803":
			cfg.Extensions[i].ForwardAlways = "804"
		}
	}
	for i := range cfg.Groups {
		for j, m := range cfg.Groups[i].Members {
			if m == "802" {
				cfg.Groups[i].Members[j] = "812"
			}
		}
	}
	if err := cfg.Validate(); err != nil {
		t.Fatal(err)
	}
	r.eng.SetConfig(cfg)
	for i := range 5 {
		if !r.talks(1, 2, 50) {
			t.Fatalf("801 and 802 stopped talking %d s after the change", i)
		}
		r.run(100)
	}
	// A new call follows the new configuration: 803 now forwards to 804.
	p5 := r.phone(5)
	p5.OffHook()
	r.run(10)
	r.dial(5, "803")
	if _, ok := r.until(100, r.phone(4).Ringing); !ok || r.phone(3).Ringing() {
		t.Fatalf("805 dialed 803 after the change: 804 ringing %v, 803 ringing %v", r.phone(4).Ringing(), r.phone(3).Ringing())
	}
	if !r.talks(1, 2, 50) {
		t.Fatal("801 and 802 stopped talking after the new call")
	}
	r.hangBoth(1, 2)
	if len(r.rec.cdrs) == 0 {
		t.Fatal("no record of the call")
	}
	if c := r.rec.cdrs[0]; c.From != "801" || c.To != "802" || c.Disposition != pbx.Answered {
		t.Errorf("record %s→%s %s, want 801→802 answered", c.From, c.To, c.Disposition)
	}
}

// The latency of the core on the simulated card, in frames, with bounds: off-hook to dial
// tone (hook debounce, the state machine, the PCM path) and the last digit to ringing
// (DTMF detection, routing, the SLIC's ring start).
func TestCallSetupLatency(t *testing.T) {
	r := newCoreRig(t, "")
	for i := range 3 {
		s, err := r.call(1, 2)
		if err != nil {
			t.Fatal(err)
		}
		t.Logf("call %d: off-hook → dial tone %d frames; last digit → ringing %d frames", i+1, s.dialTone, s.ring)
		if s.dialTone > 10 || s.ring > 15 {
			t.Errorf("call %d: off-hook → dial tone %d frames (want ≤ 10), last digit → ringing %d frames (want ≤ 15)",
				i+1, s.dialTone, s.ring)
		}
		r.run(5)
		r.hangBoth(1, 2)
	}
}

// callPairs makes phones 1, 3, 5, ... call 2, 4, 6, ... all at once (lift together,
// dial together) and the callees answer; it adds each set-up's latencies to sum.
func (r *coreRig) callPairs(pairs int, sum *setup) error {
	callers := make([]*sim.Phone, pairs)
	callees := make([]*sim.Phone, pairs)
	nums := make([]string, pairs)
	for p := range pairs {
		callers[p], callees[p] = r.phone(2*p+1), r.phone(2*p+2)
		nums[p] = fmt.Sprint(800 + 2*p + 2)
		callers[p].OffHook()
	}
	heard := make([]bool, pairs)
	left := pairs
	for n := 0; left > 0; n++ {
		if n > 100 {
			return fmt.Errorf("%d callers without dial tone", left)
		}
		for p, ph := range callers {
			if !heard[p] && hearsSound(ph) {
				heard[p], left = true, left-1
				sum.dialTone += n
			}
		}
		r.run(1)
	}
	for p, ph := range callers {
		ph.Dial(nums[p][:len(nums[p])-1])
	}
	r.until(1000, func() bool { return !callers[pairs-1].Busy() })
	for p, ph := range callers {
		ph.Dial(nums[p][len(nums[p])-1:])
	}
	rang := make([]bool, pairs)
	left = pairs
	for n := 0; left > 0; n++ {
		if n > 200 {
			return fmt.Errorf("%d callees not ringing", left)
		}
		for p, ph := range callees {
			if !rang[p] && ph.Ringing() {
				rang[p], left = true, left-1
				sum.ring += n
				ph.OffHook()
			}
		}
		r.run(1)
	}
	return nil
}

// BenchmarkCallSetup runs calls on every pair of phones of a 24 FXS + 8 FXO card
// (801→802, 803→804, ..., twelve at once): lift together, dial together, the callees
// answer, 200 ms of conversation, all hang up. Metrics: call set-ups per second of
// simulated time, how much faster than real time the whole card runs, set-ups per second
// of CPU, and the mean latencies in frames.
func BenchmarkCallSetup(b *testing.B) {
	const pairs = 12
	r := newCoreRig(b, "24fxs8fxo")
	var sum setup
	setups := 0
	start := r.frames
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		if err := r.callPairs(pairs, &sum); err != nil {
			b.Fatal(err)
		}
		setups += pairs
		r.run(20)
		for p := range 2 * pairs {
			r.phone(p + 1).OnHook()
		}
		r.run(int(hal.Frames(time.Second)))
	}
	if len(r.rec.cdrs) != setups {
		b.Fatalf("%d call records for %d calls", len(r.rec.cdrs), setups)
	}
	simulated := time.Duration(r.frames-start) * hal.FrameDuration
	b.ReportMetric(float64(setups)/simulated.Seconds(), "setups/sim-s")
	b.ReportMetric(simulated.Seconds()/b.Elapsed().Seconds(), "x-realtime")
	b.ReportMetric(float64(setups)/b.Elapsed().Seconds(), "setups/cpu-s")
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(r.frames-start), "ns/frame")
	b.ReportMetric(float64(sum.dialTone)/float64(setups), "dialtone-frames")
	b.ReportMetric(float64(sum.ring)/float64(setups), "ring-frames")
}
