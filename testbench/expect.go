package testbench

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/analogpbx/pbx/dsp"
	"github.com/analogpbx/pbx/dsp/tone"
	"github.com/analogpbx/pbx/hal"
	"github.com/analogpbx/pbx/pbx/store"
	"github.com/analogpbx/pbx/testbench/sim"
)

// Test tones of the "talks" check (testbench.md): the first party sends 1004 Hz, the second 1804 Hz.
const (
	talkToneA = 1004.0
	talkToneB = 1804.0
)

// ear is what a hears-check listens to: a phone or an exchange line.
type ear interface {
	Received() []int16
	SetTone(hz float64)
}

// check is one expectation evaluated frame by frame: ok reports whether it holds now;
// observed says what was seen instead, for the failure message.
type check struct {
	ok       func() bool
	observed func() string
	instant  bool // the check reads state, not audio: it may pass before any frame runs
}

func (r *runner) expect(st *Step) error {
	e := st.Expect
	within := e.Within
	if within == 0 {
		within = 10 * time.Second
		if e.Not {
			within = 2 * time.Second
		}
	}
	if e.What == "quiet" && e.Within == 0 && !e.Not {
		within = 10 * time.Second
	}
	c, cleanup, err := r.buildCheck(e)
	if err != nil {
		return r.fail(st, "%v", err)
	}
	if cleanup != nil {
		defer cleanup()
	}
	if e.Not {
		n := hal.Frames(within)
		for range n {
			if err := r.frame(); err != nil {
				return err
			}
			if c.ok() {
				return r.fail(st, "it happened: %s", c.observed())
			}
		}
		return nil
	}
	return r.evaluate(st, c, within)
}

// evaluate runs frames until c holds or within passes.
func (r *runner) evaluate(st *Step, c check, within time.Duration) error {
	if c.instant && c.ok() {
		return nil
	}
	n := hal.Frames(within)
	for range n {
		if err := r.frame(); err != nil {
			return err
		}
		if c.ok() {
			return nil
		}
	}
	return r.fail(st, "not within %s; observed %s", within, c.observed())
}

func (r *runner) buildCheck(e *Expect) (check, func(), error) {
	switch e.What {
	case "cdr":
		return r.cdrCheck(e), nil, nil
	case "faulty", "ok":
		port, err := r.portOf(e.Actor)
		if err != nil {
			return check{}, nil, err
		}
		want := e.What == "faulty"
		state := ""
		return check{instant: true,
			ok: func() bool {
				for _, ps := range r.eng.Status() {
					if ps.Port == port {
						state = ps.State
						if ps.Alarm != "" {
							state += " (" + ps.Alarm + ")"
						}
						return ps.Faulty == want
					}
				}
				return false
			},
			observed: func() string { return "port state " + state },
		}, nil, nil
	}
	if strings.HasPrefix(e.Actor, "line") {
		return r.lineCheck(e)
	}
	return r.phoneCheck(e)
}

func (r *runner) hearsCheck(name string, x ear, word string) (check, error) {
	m, err := tone.NewMatcher(r.zone, word)
	if err != nil {
		return check{}, err
	}
	matched := false
	var lvl float64 = -100
	return check{
		ok: func() bool {
			f := x.Received()
			lvl = dsp.Level(f)
			if m.Feed(f) {
				matched = true
			}
			return matched
		},
		observed: func() string { return fmt.Sprintf("%s heard something else (last level %.0f dBm0)", name, lvl) },
	}, nil
}

func (r *runner) talksCheck(aName string, a ear, bName string, b ear) (check, func()) {
	a.SetTone(talkToneA)
	b.SetTone(talkToneB)
	good := 0
	aHears, bHears := false, false
	return check{
			ok: func() bool {
				bHears = hasTone(b.Received(), talkToneA)
				aHears = hasTone(a.Received(), talkToneB)
				if aHears && bHears {
					good++
				} else {
					good = 0
				}
				return good >= 5
			},
			observed: func() string {
				return fmt.Sprintf("%s hears %s: %v; %s hears %s: %v", bName, aName, bHears, aName, bName, aHears)
			},
		}, func() {
			a.SetTone(0)
			b.SetTone(0)
			// Let the last frames of test tone in flight reach the ears before the next step.
			r.frames(2)
		}
}

// hasTone reports whether frame carries a clear tone at hz above -35 dBm0.
func hasTone(frame []int16, hz float64) bool {
	if dsp.Level(frame) < -35 {
		return false
	}
	var total float64
	for _, s := range frame {
		total += float64(s) * float64(s)
	}
	total /= float64(len(frame))
	return dsp.Power(frame, hz) > 0.3*total
}

func (r *runner) phoneCheck(e *Expect) (check, func(), error) {
	ph, err := r.phone(e.Actor)
	if err != nil {
		return check{}, nil, err
	}
	switch e.What {
	case "hears":
		c, err := r.hearsCheck(e.Actor, ph, e.Args[0])
		return c, nil, err
	case "rings":
		from := ""
		if len(e.Args) == 2 {
			from = e.Args[1]
		}
		rang := false
		return check{
			ok: func() bool {
				if ph.Ringing() {
					rang = true
				}
				return rang && (from == "" || ph.CallerID() == from)
			},
			observed: func() string {
				if !rang {
					return e.Actor + " never rang"
				}
				return fmt.Sprintf("%s rang with caller ID %q", e.Actor, ph.CallerID())
			},
		}, nil, nil
	case "quiet":
		need := hal.Frames(r.longestRingPause() + 200*time.Millisecond)
		var still int64
		return check{
			ok: func() bool {
				if ph.Ringing() {
					still = 0
				} else {
					still++
				}
				return still > need
			},
			observed: func() string { return e.Actor + " still rings" },
		}, nil, nil
	case "talks":
		other, err := r.earOf(e.Args[0])
		if err != nil {
			return check{}, nil, err
		}
		c, cleanup := r.talksCheck(e.Actor, ph, e.Args[0], other)
		return c, cleanup, nil
	case "offhook", "onhook":
		want := e.What == "offhook"
		return check{instant: true,
			ok:       func() bool { return ph.IsOffHook() == want },
			observed: func() string { return fmt.Sprintf("%s off hook: %v", e.Actor, ph.IsOffHook()) },
		}, nil, nil
	}
	return check{}, nil, fmt.Errorf("%s is a phone: %q is a line check", e.Actor, e.What)
}

func (r *runner) lineCheck(e *Expect) (check, func(), error) {
	l, err := r.line(e.Actor)
	if err != nil {
		return check{}, nil, err
	}
	switch e.What {
	case "hears":
		c, err := r.hearsCheck(e.Actor, l, e.Args[0])
		return c, nil, err
	case "offhook", "onhook":
		want := e.What == "offhook"
		return check{instant: true,
			ok:       func() bool { return l.Seized() == want },
			observed: func() string { return fmt.Sprintf("%s seized: %v", e.Actor, l.Seized()) },
		}, nil, nil
	case "dialed":
		return check{instant: true,
			ok:       func() bool { return l.Dialed() == e.Args[0] },
			observed: func() string { return fmt.Sprintf("%s dialed %q", e.Actor, l.Dialed()) },
		}, nil, nil
	case "talks":
		other, err := r.earOf(e.Args[0])
		if err != nil {
			return check{}, nil, err
		}
		c, cleanup := r.talksCheck(e.Actor, l, e.Args[0], other)
		return c, cleanup, nil
	}
	return check{}, nil, fmt.Errorf("%s is a line: %q is a phone check", e.Actor, e.What)
}

func (r *runner) cdrCheck(e *Expect) check {
	var seen string
	return check{instant: true,
		ok: func() bool {
			r.rec.Flush()
			cdrs, err := r.db.CDRs(context.Background(), store.Filter{Limit: e.Nth})
			if err != nil {
				seen = err.Error()
				return false
			}
			if len(cdrs) < e.Nth {
				seen = fmt.Sprintf("only %d call records", len(cdrs))
				return false
			}
			c := cdrs[e.Nth-1]
			var got []string
			ok := true
			for _, kv := range e.Args {
				k, v, _ := strings.Cut(kv, "=")
				f, known := c.Field(k)
				if !known {
					seen = "no field " + strconv.Quote(k)
					return false
				}
				got = append(got, k+"="+f)
				if f != v && (v != "*" || f == "") {
					ok = false // "*" matches any non-empty value
				}
			}
			seen = "record " + strings.Join(got, " ")
			return ok
		},
		observed: func() string { return seen },
	}
}

func (r *runner) longestRingPause() time.Duration {
	var d time.Duration
	for i := 1; i < len(r.zone.Ring); i += 2 {
		d = max(d, r.zone.Ring[i])
	}
	return d
}

// phone resolves an actor ("801" or "fxs3") to its simulated phone.
func (r *runner) phone(actor string) (*sim.Phone, error) {
	n, err := r.fxsIndex(actor)
	if err != nil {
		return nil, err
	}
	return r.sim.Phone(n), nil
}

// line resolves "line2" to the second exchange line.
func (r *runner) line(actor string) (*sim.Line, error) {
	n, err := strconv.Atoi(strings.TrimPrefix(actor, "line"))
	if err != nil || n < 1 || n > r.count(hal.KindFXO) {
		return nil, fmt.Errorf("no %s on this board (%d FXO ports)", actor, r.count(hal.KindFXO))
	}
	return r.sim.Line(n), nil
}

func (r *runner) earOf(actor string) (ear, error) {
	if strings.HasPrefix(actor, "line") {
		return r.line(actor)
	}
	return r.phone(actor)
}

// fxsIndex: "fxs3" → 3; "801" → the FXS index of the port with extension 801.
func (r *runner) fxsIndex(actor string) (int, error) {
	if rest, ok := strings.CutPrefix(actor, "fxs"); ok {
		n, _ := strconv.Atoi(rest)
		if n < 1 || n > r.count(hal.KindFXS) {
			return 0, fmt.Errorf("no %s on this board (%d FXS ports)", actor, r.count(hal.KindFXS))
		}
		return n, nil
	}
	cfg := r.eng.Config()
	for _, x := range cfg.Extensions {
		if x.Number == actor {
			n := 0
			for i := 0; i < x.Port && i < len(r.kinds); i++ {
				if r.kinds[i] == hal.KindFXS {
					n++
				}
			}
			if x.Port < 1 || x.Port > len(r.kinds) || r.kinds[x.Port-1] != hal.KindFXS {
				return 0, fmt.Errorf("extension %s is on port %d, which is not an FXS port", actor, x.Port)
			}
			return n, nil
		}
	}
	return 0, fmt.Errorf("no extension %s in the configuration", actor)
}

// portOf: "fxs3"/"fxo2" → physical port number.
func (r *runner) portOf(actor string) (int, error) {
	kind := hal.KindFXS
	rest, ok := strings.CutPrefix(actor, "fxs")
	if !ok {
		rest, _ = strings.CutPrefix(actor, "fxo")
		kind = hal.KindFXO
	}
	n, _ := strconv.Atoi(rest)
	seen := 0
	for i, k := range r.kinds {
		if k == kind {
			seen++
			if seen == n {
				return i + 1, nil
			}
		}
	}
	return 0, fmt.Errorf("no %s on this board", actor)
}

func (r *runner) count(k hal.Kind) int {
	n := 0
	for _, x := range r.kinds {
		if x == k {
			n++
		}
	}
	return n
}
