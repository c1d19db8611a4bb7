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
