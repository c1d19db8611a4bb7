package pbx_test

import (
	"strings"
	"testing"
)

// Transfers and conferences by hook flash leave their traces in the call records' routes.
func TestFlashRoutes(t *testing.T) {
	tests := []struct {
		name   string
		run    func(r *frig)
		routes []string // of the records, oldest first
	}{
		{"blind transfer", func(r *frig) {
			r.call(0, 1)
			r.flash(1)
			r.dial(1, "803")
			r.hang(1) // 801 now rings 803
			r.fxs[2].Lift()
			r.run(5)
			r.hang(0)
			r.hang(2)
		}, []string{"ext:802 blind-transfer=803 tried=802", "ext:803 transferred-by=802 tried=803"}},
		{"attended transfer", func(r *frig) {
			r.call(0, 1)
			r.flash(1)
			r.dial(1, "803")
			r.fxs[2].Lift()
			r.run(5)
			r.hang(1)
			r.hang(2)
			r.hang(0)
		}, []string{"ext:802 transfer=803 tried=802", "ext:803 transferred-by=802 tried=803"}},
		{"call waiting", func(r *frig) {
			r.call(0, 1)
			r.fxs[2].Lift()
			r.run(5)
			r.dial(2, "802")
			r.flash(1)
			r.hang(2)
			r.hang(1)
			r.hang(0)
		}, []string{"ext:802 callwaiting", "ext:802 tried=802"}},
		{"three-way conference", func(r *frig) {
			r.call(0, 1)
			r.flash(1)
			r.dial(1, "803")
			r.fxs[2].Lift()
			r.run(5)
			r.flash(1)
			r.hang(0)
			r.hang(1)
			r.hang(2)
		}, []string{"ext:802 conference tried=802", "ext:803 conference tried=803"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := newFrig(t, nil, nil)
			tc.run(r)
			var got []string
			for _, c := range r.rec.cdrs {
				got = append(got, c.Route)
				if c.Disposition != "answered" {
					t.Errorf("record %+v: disposition %q, want answered", c, c.Disposition)
				}
			}
			if strings.Join(got, "|") != strings.Join(tc.routes, "|") {
				t.Errorf("routes %q, want %q (ports %s)", got, tc.routes, r.states())
			}
		})
	}
}

// In a three-way conference each party hears the two others, mixed.
func TestConferenceMix(t *testing.T) {
	r := newFrig(t, nil, nil)
	r.call(0, 1)
	r.flash(1)
	r.dial(1, "803")
	r.fxs[2].Lift()
	r.run(5)
	r.flash(1)
	r.tone[0], r.tone[2] = 600, 1400
	r.run(5)
	for _, c := range []struct {
		slot int
		hz   float64
	}{{1, 600}, {1, 1400}, {0, 1400}, {2, 600}} {
		if !r.hears(c.slot, c.hz) {
			t.Errorf("%s does not hear %v Hz (%s)", ext(c.slot), c.hz, r.states())
		}
	}
	if r.hears(0, 600) {
		t.Error("801 hears its own voice in the conference")
	}
}

// Hanging up with a call waiting ends the conversation; the waiting call then rings the
// phone, and lifting it answers.
func TestCallWaitingRingsAfterHangUp(t *testing.T) {
	r := newFrig(t, nil, nil)
	r.call(0, 1)
	r.fxs[2].Lift()
	r.run(5)
	r.dial(2, "802")
	if got := r.states(); got != "801=talking 802=talking 803=ringback 804=idle line 1=idle line 2=idle " {
		t.Fatalf("states %s, want 803 in ringback waiting for 802", got)
	}
	r.hang(1)
	if !r.fxs[1].Ringing() {
		t.Fatalf("802 does not ring with the waiting call (%s)", r.states())
	}
	r.fxs[1].Lift()
	r.run(5)
	r.tone[2] = 1000
	if !r.hears(1, 1000) {
		t.Errorf("802 does not hear 803 (%s)", r.states())
	}
}

// A port failing in the middle of a feature drops it cleanly: the others are released or
// go on, and nothing is left pointing at the failed port.
func TestFaultDuringFeatures(t *testing.T) {
	tests := []struct {
		name  string
		setup func(r *frig)
		fail  int
		want  string
	}{
		{"holder fails", func(r *frig) { r.call(0, 1); r.flash(1) }, 1,
			"801=busy 802=faulty 803=idle 804=idle line 1=idle line 2=idle "},
		{"held party fails", func(r *frig) { r.call(0, 1); r.flash(1) }, 0,
			"801=faulty 802=dialing 803=idle 804=idle line 1=idle line 2=idle "},
		{"conference member fails", func(r *frig) {
			r.call(0, 1)
			r.flash(1)
			r.dial(1, "803")
			r.fxs[2].Lift()
			r.run(5)
			r.flash(1)
		}, 1, "801=talking 802=faulty 803=talking 804=idle line 1=idle line 2=idle "},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := newFrig(t, nil, nil)
			tc.setup(r)
			r.fxs[tc.fail].Fail("chip not answering")
			r.run(5)
			if got := r.states(); got != tc.want {
				t.Errorf("states %s, want %s", got, tc.want)
			}
			r.fxs[tc.fail].Fail("")
			r.run(5)
			for i := range r.fxs {
				r.fxs[i].Hang()
			}
			r.run(5)
			if got := r.states(); got != "801=idle 802=idle 803=idle 804=idle line 1=idle line 2=idle " {
				t.Errorf("after all hung up: %s", got)
			}
			for _, c := range r.rec.cdrs {
				if c.End.IsZero() {
					t.Errorf("record %+v not finished", c)
				}
			}
		})
	}
}

// A waiting caller who gives up takes the call-waiting tone with it; a flash then holds
// the party as usual. The waiting call is a missed call.
func TestCallWaitingCallerGivesUp(t *testing.T) {
	r := newFrig(t, nil, nil)
	r.call(0, 1)
	r.fxs[2].Lift()
	r.run(5)
	r.dial(2, "802")
	if !r.heardWithin(1, 440, 50) {
		t.Fatal("802 does not hear the call-waiting tone")
	}
	r.hang(2)
	r.run(1100) // past the tone's next burst
	if r.heardWithin(1, 440, 50) {
		t.Error("802 still hears the call-waiting tone")
	}
	if c := r.lastCDR(); c.From != "803" || c.Disposition != "noanswer" {
		t.Errorf("record %s→%s %s, want 803 noanswer", c.From, c.To, c.Disposition)
	}
	r.flash(1)
	if got := r.states(); got != "801=held 802=dialing 803=idle 804=idle line 1=idle line 2=idle " {
		t.Errorf("after the flash: %s, want 801 held", got)
	}
}
