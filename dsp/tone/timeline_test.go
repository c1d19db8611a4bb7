package tone

import (
	"strings"
	"testing"
	"time"
)

func TestTimeline(t *testing.T) {
	for _, zn := range Names() {
		z, _ := Lookup(zn)
		t.Run(zn, func(t *testing.T) {
			var pcm []int16
			add := func(tn *Tone, d time.Duration) {
				for _, f := range render(tn, 0, d, z.Law) {
					pcm = append(pcm, f...)
				}
			}
			add(&z.Dial, 2*time.Second)
			add(nil, time.Second)
			add(&z.Ringback, 7*time.Second)
			add(&z.Busy, 4*time.Second)
			var names []string
			for _, s := range Timeline(z, pcm) {
				names = append(names, s.Name)
			}
			got := strings.Join(names, " ")
			if want := "dialtone silence ringback busy"; !strings.HasPrefix(got, want) {
				t.Errorf("timeline %q, want %q", got, want)
			}
		})
	}
}
