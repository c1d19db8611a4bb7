package pbx_test

import (
	"math"
	"testing"
	"time"

	"github.com/analogpbx/pbx/hal"
	"github.com/analogpbx/pbx/pbx"
)

// sine returns d of a tone at hz, -15 dBm0-ish.
func sine(hz float64, d time.Duration) []int16 {
	s := make([]int16, hal.Frames(d)*hal.FrameSamples)
	for i := range s {
		s[i] = int16(5000 * math.Sin(2*math.Pi*hz*float64(i)/hal.SampleRate))
	}
	return s
}

// heardWithin reports whether slot receives hz in 10 frames running within n frames.
func (r *frig) heardWithin(slot int, hz float64, n int) bool {
	run := 0
	for range n {
		r.run(1)
		if hasTone(r.out[slot], hz) {
			if run++; run >= 10 {
				return true
			}
		} else {
			run = 0
		}
	}
	return false
}

// Queue prompts as tones: each number has its own frequency, so the position announced
// is heard.
var queuePrompts = pbx.MapPrompts{
	"en/please-hold":    sine(500, 300*time.Millisecond),
	"en/you-are-number": sine(500, 300*time.Millisecond),
	"en/1":              sine(900, 300*time.Millisecond),
	"en/2":              sine(1300, 300*time.Millisecond),
	"en/in-the-queue":   sine(500, 300*time.Millisecond),
	"en/queue-music":    sine(1700, 2*time.Second),
}

// Two callers queue for a busy group: each hears its own position; the supervisor's view
// lists them longest-waiting first; when a member hangs up it rings for the first caller
// and the second one moves up.
func TestQueuePositions(t *testing.T) {
	r := newFrig(t, func(c *pbx.Config) {
		c.Groups = append(c.Groups, pbx.Group{Number: "700", Strategy: "ringall", Members: []string{"802", "803"},
			Queue: true, QueueMaxWait: time.Minute})
	}, queuePrompts)
	r.call(1, 2) // both members busy
	r.fxs[0].Lift()
	r.run(5)
	r.dial(0, "700")
	if !r.heardWithin(0, 900, 200) {
		t.Errorf("801 did not hear 'number one' (%s)", r.states())
	}
	r.fxs[3].Lift()
	r.run(5)
	r.dial(3, "700")
	if !r.heardWithin(3, 1300, 200) {
		t.Errorf("804 did not hear 'number two' (%s)", r.states())
	}
	q := r.eng.Queues()
	if len(q) != 1 || q[0].Group != "700" || len(q[0].Callers) != 2 ||
		q[0].Callers[0].From != "801" || q[0].Callers[1].From != "804" || q[0].Callers[1].Position != 2 {
		t.Fatalf("queues %+v, want 801 then 804 waiting for 700", q)
	}
	r.hang(2) // 803 hangs up first: it rings for 801 at once
	r.run(100)
	if !r.fxs[2].Ringing() || r.fxs[1].Ringing() {
		t.Fatalf("after 803 hung up: 803 ringing %v, 802 ringing %v (%s)", r.fxs[2].Ringing(), r.fxs[1].Ringing(), r.states())
	}
	q = r.eng.Queues()
	if len(q) != 1 || len(q[0].Callers) != 1 || q[0].Callers[0].From != "804" || q[0].Callers[0].Position != 1 {
		t.Fatalf("queues %+v, want 804 alone", q)
	}
	if !r.heardWithin(3, 900, 600) {
		t.Errorf("804 did not hear 'number one' after moving up (%s)", r.states())
	}
	r.fxs[2].Lift()
	r.run(5)
	r.tone[0] = 1000
	if !r.hears(2, 1000) {
		t.Errorf("803 does not hear 801 (%s)", r.states())
	}
}

// An internal caller waiting in a queue goes to the group's overflow extension after
// queue_max_wait.
func TestQueueOverflowInternal(t *testing.T) {
	r := newFrig(t, func(c *pbx.Config) {
		c.Groups = append(c.Groups, pbx.Group{Number: "700", Strategy: "ringall", Members: []string{"802", "803"},
			Queue: true, QueueMaxWait: 10 * time.Second, Overflow: "ext:804"})
	}, queuePrompts)
	r.call(1, 2)
	r.fxs[0].Lift()
	r.run(5)
	r.dial(0, "700")
	r.secs(9)
	if r.fxs[3].Ringing() {
		t.Fatal("804 rings before queue_max_wait")
	}
	r.secs(2)
	if !r.fxs[3].Ringing() {
		t.Fatalf("804 does not ring after queue_max_wait (%s)", r.states())
	}
	r.fxs[3].Lift()
	r.run(5)
	r.hang(0)
	c := r.lastCDR()
	if c.To != "804" || c.Disposition != pbx.Answered || c.Route != "group:700 queue queue-timeout overflow ext:804 tried=804" {
		t.Errorf("record to %s %s route %q", c.To, c.Disposition, c.Route)
	}
}
