package pbx

import (
	"github.com/analogpbx/pbx/dsp/mix"
)

// MaxConference is the largest number of parties in one conference (the mixer's size).
const MaxConference = 32

// conference is a call of three or more parties through the mixer: each member hears
// the sum of the others. The first member to send a frame mixes it for all of them, so
// the mix runs once per frame, after every member's audio has been received.
type conference struct {
	e       *Engine
	m       *mix.Mixer
	members []*Channel
	in, out [][]int16 // members' rx and tx, in member order
	calls   []*Call   // the calls joined in this conference: recorded when it ends
	stepped *Channel  // a member that stepped out to consult, or nil
	mixed   int64     // frame+1 of the last mix
}

func (e *Engine) newConference() *conference {
	return &conference{
		e: e, m: mix.New(MaxConference),
		in:  make([][]int16, 0, MaxConference),
		out: make([][]int16, 0, MaxConference),
	}
}

// add makes c a member: it hears the others and they hear it. A full conference
// refuses c (it then hears busy).
func (cf *conference) add(c *Channel) {
	if c.fe.conf == cf {
		return
	}
	if len(cf.members) == MaxConference {
		cf.e.releaseParty(c)
		return
	}
	c.unbridge()
	c.gen.Stop()
	c.pl.stop()
	c.after = nil
	c.clearTimer()
	c.fe.conf = cf
	c.out = outMix
	cf.members = append(cf.members, c)
	if c.call != nil && !containsCall(cf.calls, c.call) {
		cf.calls = append(cf.calls, c.call)
	}
	c.setState(Conference)
	cf.rebuild()
}

// remove takes c out of the conference. When one member is left, the conference ends:
// that member hears busy (a line is released) and the joined calls are recorded.
func (cf *conference) remove(c *Channel) {
	i := -1
	for k, m := range cf.members {
		if m == c {
			i = k
		}
	}
	if i < 0 {
		return
	}
	cf.members = append(cf.members[:i], cf.members[i+1:]...)
	c.fe.conf = nil
	if c.out == outMix {
		c.out = outSilence
	}
	cf.rebuild()
	cf.settle()
}

// settle ends the conference once at most one member is left and nobody stepped out;
// two members left go on as an ordinary call.
func (cf *conference) settle() {
	switch {
	case cf.stepped != nil:
	case len(cf.members) <= 1:
		cf.end()
	case len(cf.members) == 2:
		cf.dissolve()
	}
}

// dissolve turns a conference of two into a bridge between them. They go on in the call
// of the later member (or the one they share); the other joined calls are recorded now.
func (cf *conference) dissolve() {
	a, b := cf.members[0], cf.members[1]
	keep := b.call
	if keep == nil {
		keep = a.call
	}
	cf.members = nil
	cf.rebuild()
	for _, call := range cf.calls {
		if call != keep {
			cf.e.finish(call, Answered)
		}
	}
	cf.calls = nil
	for _, m := range [2]*Channel{a, b} {
		m.fe.conf = nil
		m.call = keep
		m.setState(Talking)
	}
	bridge(a, b)
}

// end releases the last members and records the joined calls.
func (cf *conference) end() {
	e := cf.e
	last := cf.members
	cf.members = nil
	cf.rebuild()
	if s := cf.stepped; s != nil && s.fe.heldConf == cf {
		s.fe.heldConf = nil
	}
	cf.stepped = nil
	for _, call := range cf.calls {
		e.finish(call, Answered)
	}
	for _, r := range last {
		r.fe.conf = nil
		r.out = outSilence
		r.call = nil
		e.releaseParty(r)
	}
}

func (cf *conference) rebuild() {
	cf.in, cf.out = cf.in[:0], cf.out[:0]
	for _, m := range cf.members {
		cf.in = append(cf.in, m.rx)
		cf.out = append(cf.out, m.tx)
	}
}

// mixFrame writes this frame's mix into every member's tx (once per frame).
func (cf *conference) mixFrame() {
	if cf.mixed == cf.e.frame+1 {
		return
	}
	cf.mixed = cf.e.frame + 1
	cf.m.Mix(cf.out, cf.in)
}

func containsCall(cs []*Call, c *Call) bool {
	for _, x := range cs {
		if x == c {
			return true
		}
	}
	return false
}
