package testbench

import (
	"fmt"
	"strings"
	"testing"
	"github.com/analogpbx/pbx/dsp"
)

func TestDbg(t *testing.T) {
	sc, err := Parse(strings.NewReader("line1 call from 13800138000\n"), "x")
	if err != nil { t.Fatal(err) }
	r := &runner{sc: sc, dir: t.TempDir(), base: "."}
	if err := r.run(); err != nil { t.Fatal(err) }
	ph, _ := r.phone("801")
	for i := 0; i < 1800; i++ {
		r.frame()
		if i > 1550 && i < 1700 && i%3==0 { fmt.Printf("%d:%.0f ", i, dsp.Level(ph.Received())) }
	}
	fmt.Println(ph.CallerID())
	r.close()
}
