// Package diag is the technician's per-port self-test of a voice card, on real hardware or on
// the simulated card: chip identity and revision, calibration, line voltage and loop current,
// a ring test (FXS), and a DTMF and tone loopback through the PCM path with the chip's digital
// loopback. It prints a PASS/FAIL table; `testbench diag` exits non-zero on any FAIL.
//
// Run drives the card itself (PCM periods and the ports' Tick), so the card's frame loop must
// not be running: open the board, run the test, halt the board.
package diag

import (
	"fmt"
	"io"
	"text/tabwriter"

	"github.com/analogpbx/pbx/board"
	"github.com/analogpbx/pbx/hal"
	"github.com/analogpbx/pbx/hal/si3050"
	"github.com/analogpbx/pbx/hal/si321x"
)

// Result of one check.
type Result uint8

const (
	// Pass: the check succeeded.
	Pass Result = iota
	// Skip: the check could not run here (not a failure).
	Skip
	// Fail: the check failed; the port needs a technician.
	Fail
)

// String returns "PASS", "SKIP" or "FAIL".
func (r Result) String() string { return [...]string{"PASS", "SKIP", "FAIL"}[r] }

// Check is one row of the table.
type Check struct {
	Name   string // what was tested, e.g. "line voltage"
	Result Result
	Value  string // what was measured or why it failed
}

// Looper is a port whose chip can loop its PCM back: the path test sends audio in the port's
// timeslot and expects it back. Both chip drivers implement it (si3050: PCM loopback, reg 33
// PCML; si321x: loopback in reg 8).
type Looper interface {
	Loopback(on bool) error
}

// Run tests physical port (1-based; 0 = every port) of b, printing one table row per check to
// out, and reports whether no check failed. Empty positions are listed when every port is
// tested and fail when asked for by number.
func Run(b *board.Board, port int, out io.Writer) (ok bool) {
	tw := tabwriter.NewWriter(out, 0, 4, 2, ' ', 0)
	fmt.Fprintf(tw, "port\ttype\tcheck\tresult\tvalue\n")
	t := newTester(b)
	t.settle()
	ok = true
	failed := 0
	tested := 0
	for i, p := range b.Ports {
		n := i + 1
		if port != 0 && n != port {
			continue
		}
		var checks []Check
		kind := "empty"
		if p == nil {
			if port == 0 {
				checks = []Check{{"module", Skip, "no module"}}
			} else {
				checks = []Check{{"module", Fail, "no module at this position"}}
			}
		} else {
			kind = p.Kind().String()
			checks = t.port(p)
			tested++
		}
		bad := false
		for _, c := range checks {
			fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s\n", n, kind, c.Name, c.Result, c.Value)
			bad = bad || c.Result == Fail
		}
		if bad {
			ok = false
			failed++
		}
	}
	if port < 0 || port > len(b.Ports) {
		fmt.Fprintf(tw, "%d\t-\tmodule\tFAIL\tno port %d (the board has %d)\n", port, port, len(b.Ports))
		ok = false
		failed++
	}
	tw.Flush()
	fmt.Fprintf(out, "%s: %d ports tested, %d failed\n", b.Name, tested, failed)
	return ok
}

// port runs every check that applies to p.
func (t *tester) port(p hal.Port) []Check {
	st := p.Status()
	var cs []Check
	chip := Check{"chip", Pass, st.Chip}
	if st.Chip == "" {
		chip = Check{"chip", Fail, "not identified"}
	}
	cs = append(cs, chip)
	if st.Faulty {
		cs = append(cs, Check{"status", Fail, "faulty: " + st.Reason})
	} else {
		cs = append(cs, Check{"status", Pass, "ok"})
	}
	switch d := p.(type) {
	case *si321x.Dev:
		cs = append(cs, fxsChecks(d)...)
	case *si3050.Dev:
		cs = append(cs, fxoChecks(d)...)
	default:
		cs = append(cs, Check{"measurements", Skip, fmt.Sprintf("no self-test for %T", p)})
	}
	if st.Faulty {
		return append(cs, Check{"pcm loopback", Skip, "port faulty"})
	}
	cs = append(cs, t.loopback(p)...)
	if st := p.Status(); st.Faulty {
		cs = append(cs, Check{"status after test", Fail, "faulty: " + st.Reason})
	}
	return cs
}
