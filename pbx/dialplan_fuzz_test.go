package pbx

import (
	"strings"
	"testing"

	"github.com/analogpbx/pbx/hal"
)

// FuzzClassify: any dialed string classifies without panicking, and a complete extension
// number stays the same complete number when '#' ends it.
func FuzzClassify(f *testing.F) {
	for _, s := range []string{"802", "9", "95551234", "#", "#802", "*97", "600", "9,0123456#", "00", "915551234567"} {
		f.Add(s)
	}
	plan := NewPlan(Default(hal.Kinds(4, 1)))
	f.Fuzz(func(t *testing.T, digits string) {
		d := plan.Classify(digits)
		if d.Match == Complete && d.Kind == "ext" && !strings.Contains(digits, "#") {
			if e := plan.Classify(digits + "#"); e.Match != Complete || e.Number != d.Number {
				t.Errorf("%q is complete (%s) but %q# is %v %q", digits, d.Number, digits, e.Match, e.Number)
			}
		}
	})
}
