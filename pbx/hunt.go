package pbx

import (
	"strings"

	"github.com/analogpbx/pbx/hal"
)

// huntState is what a hunt group remembers across calls: where round-robin stopped,
// when each member last took a call, how many calls each took, and who last talked to
// which caller (for "last agent first").
type huntState struct {
	next     int
	lastCall map[string]int64 // member → frame of its last answered call
	calls    map[string]int   // member → answered calls
	lastAgt  map[string]string
}

func (e *Engine) huntFor(g *Group) *huntState {
	h := e.hunts[g.Number]
	if h == nil {
		h = &huntState{lastCall: map[string]int64{}, calls: map[string]int{}, lastAgt: map[string]string{}}
		e.hunts[g.Number] = h
	}
	return h
}

// available reports whether extension n can be rung now for a call from outside or inside.
func (e *Engine) available(cfg *Config, n string, call *Call) *Channel {
	s := e.channelByExt(cfg, n)
	if s == nil || s.state != Idle || (call != nil && s == call.from) {
		return nil
	}
	if !e.accepts(cfg, s, call != nil && call.from != nil && call.from.fxs != nil) && !e.transferring(cfg, call) {
		return nil
	}
	return s
}

// accepts applies the DND rules: a DND extension takes internal calls only if the
// system allows it.
func (e *Engine) accepts(cfg *Config, s *Channel, internal bool) bool {
	x := s.ext(cfg)
	if x == nil || !x.DND {
		return true
	}
	return internal && cfg.System.DNDInternal
}

// hunt returns the members of g to ring first for call, by the group's strategy.
// Ring-all returns every idle member; the others return one member and hunting goes
// on (huntNext) when its member timeout passes.
func (e *Engine) hunt(cfg *Config, g *Group, call *Call) []*Channel {
	call.group = g
	call.hunted = 0
	h := e.huntFor(g)
	if g.Strategy == "ringall" || g.Strategy == "" {
		var out []*Channel
		for _, m := range g.Members {
			if s := e.available(cfg, m, call); s != nil {
				out = append(out, s)
			}
		}
		return out
	}
	if g.LastAgentFirst && call.cdr.From != "" {
		if a := h.lastAgt[call.cdr.From]; a != "" {
			if s := e.available(cfg, a, call); s != nil {
				call.hunted = -1 // the last agent goes before the strategy's order
				return []*Channel{s}
			}
		}
	}
	if s := e.pickMember(cfg, g, call); s != nil {
		return []*Channel{s}
	}
	return nil
}

// order returns g's members in the order the strategy tries them now.
func (e *Engine) order(g *Group) []string {
	h := e.huntFor(g)
	m := append([]string(nil), g.Members...)
	switch g.Strategy {
	case "roundrobin":
		if len(m) > 0 {
			k := h.next % len(m)
			m = append(m[k:], m[:k]...)
		}
	case "leastrecent":
		sortStable(m, func(a, b string) bool { return h.lastCall[a] < h.lastCall[b] })
	case "fewestcalls":
		sortStable(m, func(a, b string) bool { return h.calls[a] < h.calls[b] })
	}
	return m
}

// pickMember returns the next available member of g not yet tried for call.
func (e *Engine) pickMember(cfg *Config, g *Group, call *Call) *Channel {
	for _, n := range e.order(g) {
		if containsStr(call.tried, n) {
			continue
		}
		if s := e.available(cfg, n, call); s != nil {
			return s
		}
	}
	return nil
}

// huntNext: the member ringing for call did not answer in time; ring the next one.
func (e *Engine) huntNext(call *Call) {
	cfg := e.cfg.Load()
	g := call.group
	if g == nil {
		return
	}
	e.stopRinging(call, nil)
	s := e.pickMember(cfg, g, call)
	if s == nil {
		e.overflow(call)
		return
	}
	e.ringStations(call, []*Channel{s}, call.cdr.From, "")
	e.armHunt(call)
}

// armHunt starts the member timer of a hunting strategy on the caller's channel.
func (e *Engine) armHunt(call *Call) {
	g := call.group
	if g == nil || g.Strategy == "ringall" || g.Strategy == "" || g.MemberTimeout <= 0 || call.from == nil {
		return
	}
	call.from.setTimer(tHunt, hal.Frames(g.MemberTimeout))
}

// overflow: nobody in the group answered; send the call to the group's overflow.
func (e *Engine) overflow(call *Call) {
	g := call.group
	from := call.from
	if from == nil {
		return
	}
	call.group = nil
	if e.overflowLoop(call) {
		e.finish(call, Failed)
		if from.fxs != nil {
			from.stationCongestion(false)
		} else {
			from.trunkRelease()
		}
		return
	}
	if g != nil && g.Overflow != "" {
		kind, arg, _ := strings.Cut(string(g.Overflow), ":")
		if from.fxs != nil && e.overflowStation(call, from, g.Overflow) {
			return
		}
		if from.fxo != nil {
			call.cdr.Route = strings.TrimSpace(call.cdr.Route + " overflow")
			switch kind {
			case "ivr":
				e.enterMenu(from, arg)
			case "voicemail":
				e.startDeposit(from, arg)
			case "operator":
				e.ringFromLine(from, "ext", e.cfg.Load().System.Operator)
			default:
				e.ringFromLine(from, kind, arg)
			}
			return
		}
	}
	e.finish(call, NoAnswer)
	if from.fxs != nil {
		from.stationHearBusy()
	} else if from.fxo.Seized() {
		from.message(NoAnswer, e.prompt("noanswer"))
	}
}

// answered updates the group's memory when member n answered call.
func (e *Engine) answered(call *Call, n string) {
	if call.group == nil {
		return
	}
	h := e.huntFor(call.group)
	h.lastCall[n] = e.frame
	h.calls[n]++
	for i, m := range call.group.Members {
		if m == n {
			h.next = i + 1
		}
	}
	if call.cdr.From != "" {
		h.lastAgt[call.cdr.From] = n
	}
	call.cdr.Route = strings.TrimSpace(call.cdr.Route + " answered=" + n)
}

// forwardTarget follows forward-always from extension n (a bounded chain; a loop that
// got past validation ends at the extension where it closes).
func (e *Engine) forwardTarget(cfg *Config, n string) string {
	seen := map[string]bool{}
	for range 8 {
		x := cfg.ext(n)
		if x == nil || x.ForwardAlways == "" || seen[n] || cfg.ext(x.ForwardAlways) == nil {
			return n
		}
		seen[n] = true
		n = x.ForwardAlways
	}
	return n
}

func (c *Config) ext(n string) *Extension {
	for i := range c.Extensions {
		if c.Extensions[i].Number == n {
			return &c.Extensions[i]
		}
	}
	return nil
}

// sortStable is an insertion sort (small slices, no allocation beyond the slice).
func sortStable(m []string, less func(a, b string) bool) {
	for i := 1; i < len(m); i++ {
		for j := i; j > 0 && less(m[j], m[j-1]); j-- {
			m[j], m[j-1] = m[j-1], m[j]
		}
	}
}
