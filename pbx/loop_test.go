package pbx_test

import (
	"strings"
	"testing"
	"time"

	"github.com/analogpbx/pbx/pbx"
	"github.com/analogpbx/pbx/pbx/conf"
)

// A configuration that loops (refused by validation) set straight into the engine: the
// call stops after a bound and is recorded as failed; nothing rings.
func TestLoopStopsAsFailed(t *testing.T) {
	tests := []struct {
		name  string
		edit  func(c *pbx.Config)
		call  func(r *frig)
		route string
	}{
		{"forward always 802 → 803 → 802", func(c *pbx.Config) {
			c.Extensions[1].ForwardAlways = "803"
			c.Extensions[2].ForwardAlways = "802"
		}, func(r *frig) {
			r.fxs[0].Lift()
			r.run(5)
			r.dial(0, "802")
		}, "ext:802 forward-loop"},
		{"forward always to itself", func(c *pbx.Config) {
			c.Extensions[1].ForwardAlways = "802"
		}, func(r *frig) {
			r.fxs[0].Lift()
			r.run(5)
			r.dial(0, "802")
		}, "ext:802 forward-loop"},
		{"queueing group overflowing to itself", func(c *pbx.Config) {
			c.Groups = []pbx.Group{{Number: "700", Strategy: "ringall", Members: []string{"802"},
				Queue: true, QueueMaxWait: 5 * time.Second, Overflow: "group:700"}}
			c.Trunks[0].Group = "700"
		}, func(r *frig) {
			r.fxs[1].Lift() // the only member is busy
			r.run(5)
			r.fxo[0].RingIn(true)
			r.run(5)
			r.fxo[0].RingIn(false)
			r.secs(4)
			r.fxo[0].RingIn(true) // second ring: routed to the group's queue
			r.run(5)
			for range 100 {
				r.secs(1)
				if !r.fxo[0].Seized() {
					break
				}
			}
		}, "group:700 queue queue-timeout overflow group:700 queue queue-timeout"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := newFrig(t, nil, nil)
			cfg := conf.Clone(r.eng.Config())
			tc.edit(cfg)
			if cfg.Validate() == nil {
				t.Fatal("the looping configuration passes validation")
			}
			r.eng.SetConfig(cfg) // the engine takes it as it is
			tc.call(r)
			for i, f := range r.fxs {
				if f.Ringing() {
					t.Errorf("%s rings", ext(i))
				}
			}
			if r.fxo[0].Seized() {
				t.Errorf("line 1 still seized (%s)", r.states())
			}
			c := r.lastCDR()
			t.Logf("%s after %v: %s %q", tc.name, time.Duration(r.eng.Frame())*10*time.Millisecond, c.Disposition, c.Route)
			if c.Disposition != pbx.Failed || !strings.HasPrefix(c.Route, tc.route) || !strings.Contains(c.Route, "loop") {
				t.Errorf("record %q %q, want failed with route %q…loop", c.Disposition, c.Route, tc.route)
			}
			if len(r.rec.cdrs) != 1 {
				t.Errorf("%d records, want 1", len(r.rec.cdrs))
			}
		})
	}
}
