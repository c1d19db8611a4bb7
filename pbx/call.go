package pbx

import (
	"strconv"
	"strings"
	"time"

	"github.com/analogpbx/pbx/hal"
)

// Call is one call from its start to its record: who called, who rang, who answered.
type Call struct {
	id         int64
	cdr        CDR
	from       *Channel   // where the call started (an FXS station, or an FXO line for incoming)
	to         *Channel   // who answered
	ringing    []*Channel // stations ringing now
	trunk      *Channel   // outside line of an outgoing call
	rang       bool       // something rang at some point
	tried      []string
	done       bool
	keys       []byte     // IVR keys pressed
	group      *Group     // hunt group being rung, or nil
	hunted     int        // members tried so far (hunting strategies)
	forward    *Channel   // incoming line forwarded out on call.trunk (line to line)
	afterHours bool       // handled by the after-hours rules: recorded as afterhours
	noAnswer   *Extension // the extension ringing, whose forward on no answer applies
	record     bool       // record whatever this call is bridged to
}

// newCall starts a call record at channel from.
func (e *Engine) newCall(from *Channel) *Call {
	e.seq++
	call := &Call{id: e.seq, from: from}
	call.cdr.Start = e.wall()
	call.cdr.Port = from.portNo
	cfg := e.cfg.Load()
	if from.fxs != nil {
		if x := from.ext(cfg); x != nil {
			call.cdr.From = x.Number
		}
	} else if t := from.trunk(cfg); t != nil {
		call.cdr.Line = t.Line
	}
	return call
}

// finish writes the call's record with disposition disp (once).
func (e *Engine) finish(call *Call, disp string) {
	if call.done {
		return
	}
	call.done = true
	call.cdr.End = e.wall()
	call.cdr.Disposition = disp
	if len(call.keys) > 0 {
		call.cdr.Route = strings.TrimSpace(call.cdr.Route + " keys=" + string(call.keys))
	}
	if len(call.tried) > 0 && !strings.Contains(call.cdr.Route, "tried=") {
		call.cdr.Route = strings.TrimSpace(call.cdr.Route + " tried=" + strings.Join(call.tried, ","))
	}
	if call.afterHours && disp != Failed {
		disp = AfterHours
		call.cdr.Disposition = disp
	}
	e.log.Info("call end", "call", call.id, "from", call.cdr.From, "to", call.cdr.To, "disposition", disp)
	e.rec.Record(call.cdr)
	e.publish(Change{Kind: "call"})
}

// failed: station c dialed something that leads nowhere.
func (e *Engine) failed(c *Channel, digits string) {
	call := e.newCall(c)
	call.cdr.To = digits
	e.finish(call, Failed)
	c.stationCongestion(false)
}

// route sends the number dialed at station c where it goes.
func (e *Engine) route(c *Channel, d Dialed) {
	cfg := e.cfg.Load()
	call := e.newCall(c)
	call.cdr.To = d.Number
	c.call = call
	switch d.Kind {
	case "ext":
		call.cdr.Route = "ext:" + d.Number
		if !e.deliver(call, c, d.Number) {
			e.finish(call, Busy)
			c.stationCongestion(true)
			return
		}
		c.setState(Ringback)
		c.play(&e.zone.Ringback)
	case "group":
		g := cfg.group(d.Number)
		call.cdr.Route = "group:" + d.Number
		if g == nil {
			g = &Group{}
		}
		targets := e.hunt(cfg, g, call)
		if len(targets) == 0 {
			e.finish(call, Busy)
			c.stationCongestion(true)
			return
		}
		e.ringStations(call, targets, call.cdr.From, "")
		c.setState(Ringback)
		c.play(&e.zone.Ringback)
		timeout := g.Timeout
		if timeout == 0 {
			timeout = cfg.System.GroupRingTimeout
		}
		c.setTimer(tMaxRing, hal.Frames(timeout))
		e.armHunt(call)
	case "outside":
		e.routeOutside(c, call, d)
	case "pickup":
		e.pickup(c, call, d)
	case "feature":
		e.feature(c, call, d.Number)
	default:
		call.cdr.To = c.digits
		e.finish(call, Failed)
		c.stationCongestion(false)
	}
}

// Feature codes dialed from a phone.
const (
	codeVoicemail      = "*97" // own mailbox
	codeVoicemailOther = "*98" // any mailbox, with its PIN
)

// feature carries out a feature code dialed at station c.
func (e *Engine) feature(c *Channel, call *Call, code string) {
	call.done = true // a feature is not a call of its own
	c.call = nil
	switch code {
	case codeVoicemail:
		e.startRetrieval(c, true)
	case codeVoicemailOther:
		e.startRetrieval(c, false)
	default:
		c.stationCongestion(false)
	}
}

// deliver rings extension n for call from caller (a station or a line), following its
// forwards: always, on busy, and (by the caller's timer) on no answer. It reports false
// when nothing rings.
func (e *Engine) deliver(call *Call, caller *Channel, n string) bool {
	cfg := e.cfg.Load()
	n = e.forwardTarget(cfg, n)
	x := cfg.ext(n)
	if x == nil {
		return false
	}
	if x.ForwardAlways != "" && cfg.ext(x.ForwardAlways) == nil && caller.fxs != nil {
		// Forward always to an outside number: out through the caller's allowed lines.
		call.cdr.Route = strings.TrimSpace(call.cdr.Route + " forward:" + x.ForwardAlways)
		caller.call = call
		e.routeOutside(caller, call, Dialed{Kind: "outside", Number: x.ForwardAlways})
		return caller.state == Outgoing
	}
	s := e.available(cfg, n, call)
	if s == nil {
		if x.ForwardBusy != "" && cfg.ext(x.ForwardBusy) != nil && x.ForwardBusy != n {
			call.cdr.Route = strings.TrimSpace(call.cdr.Route + " busy-forward:" + x.ForwardBusy)
			s = e.available(cfg, e.forwardTarget(cfg, x.ForwardBusy), call)
		}
		if s == nil {
			return false
		}
	}
	call.cdr.To = n
	e.ringStations(call, []*Channel{s}, call.cdr.From, "")
	ring := cfg.System.MaxRing
	if (x.ForwardNoAnswer != "" || x.VoicemailNoAns) && x.NoAnswerTime > 0 {
		ring = min(ring, x.NoAnswerTime)
	} else if x.ForwardNoAnswer != "" || x.VoicemailNoAns {
		ring = min(ring, 20*time.Second)
	}
	call.noAnswer = x
	caller.setTimer(tMaxRing, hal.Frames(ring))
	return true
}

// noAnswerForward: the extension rang its time without answer; follow its forward on no
// answer (another extension, or voicemail for a line caller). Reports whether it did.
func (e *Engine) noAnswerForward(call *Call, caller *Channel) bool {
	x := call.noAnswer
	call.noAnswer = nil
	if x == nil {
		return false
	}
	cfg := e.cfg.Load()
	if x.ForwardNoAnswer != "" && cfg.ext(x.ForwardNoAnswer) != nil {
		e.stopRinging(call, nil)
		call.cdr.Route = strings.TrimSpace(call.cdr.Route + " noanswer-forward:" + x.ForwardNoAnswer)
		if s := e.available(cfg, e.forwardTarget(cfg, x.ForwardNoAnswer), call); s != nil {
			e.ringStations(call, []*Channel{s}, call.cdr.From, "")
			caller.setTimer(tMaxRing, hal.Frames(cfg.System.MaxRing))
			return true
		}
		return false
	}
	if x.VoicemailNoAns && caller.fxo != nil {
		e.stopRinging(call, nil)
		e.startDeposit(caller, x.Number)
		return true
	}
	return false
}

// routeOutside seizes an allowed free line for station c and dials the number on it.
func (e *Engine) routeOutside(c *Channel, call *Call, d Dialed) {
	cfg := e.cfg.Load()
	x := c.ext(cfg)
	if x == nil {
		e.finish(call, Failed)
		c.stationCongestion(false)
		return
	}
	ld := IsLongDistance(cfg.System.LongDistance, d.Number)
	if ld && !x.LongDistance {
		call.cdr.Route = "restricted"
		e.finish(call, Failed)
		c.call = nil
		c.setState(BusyTone)
		c.say(func() { c.stationCongestion(false) }, e.prompt("restricted"), e.prompt("restricted"))
		return
	}
	for _, t := range cfg.Trunks {
		if len(x.Lines) > 0 && !containsInt(x.Lines, t.Line) {
			continue
		}
		l := e.channelByLine(cfg, t.Line)
		if l == nil || l.state != Idle {
			continue
		}
		dial := t.OutPrefix
		if ld {
			dial += t.IPPrefix
		}
		dial += d.Number
		if err := l.trunkSeize(call, dial); err != nil {
			continue
		}
		call.cdr.Line = t.Line
		call.cdr.Route = "line:" + itoa(t.Line)
		c.silence()
		c.setState(Outgoing)
		return
	}
	call.cdr.Route = "no free line"
	e.finish(call, Busy)
	c.stationCongestion(false)
}

// pickup answers a ringing call at station c: directed (d.Number) or any in c's groups.
func (e *Engine) pickup(c *Channel, call *Call, d Dialed) {
	cfg := e.cfg.Load()
	var target *Channel
	if d.Number != "" {
		if t := e.channelByExt(cfg, d.Number); t != nil && t.state == Ringing {
			target = t
		}
	} else if me := c.ext(cfg); me != nil {
		for _, g := range cfg.Groups {
			if !containsStr(g.Members, me.Number) {
				continue
			}
			for _, m := range g.Members {
				if t := e.channelByExt(cfg, m); t != nil && t.state == Ringing && t != c {
					target = t
					break
				}
			}
			if target != nil {
				break
			}
		}
	}
	if target == nil || target.call == nil {
		call.cdr.To = d.Number
		call.cdr.Route = "pickup"
		e.finish(call, Failed)
		c.stationCongestion(false)
		return
	}
	// The pickup is part of the ringing call, not a call of its own.
	call.done = true
	c.call = nil
	picked := target.call
	picked.cdr.Route = strings.TrimSpace(picked.cdr.Route + " pickup=" + call.cdr.From)
	c.digits = ""
	e.answer(picked, c)
}

// ringStations rings every station in ts for call.
func (e *Engine) ringStations(call *Call, ts []*Channel, from, name string) {
	cfg := e.cfg.Load()
	for _, t := range ts {
		t.ring(call, from, name)
		call.rang = true
		if x := t.ext(cfg); x != nil {
			call.tried = append(call.tried, x.Number)
		}
	}
}

// stopRinging stops every station still ringing for call, except keep.
func (e *Engine) stopRinging(call *Call, keep *Channel) {
	for _, t := range call.ringing {
		if t != keep && t.state == Ringing && t.call == call {
			t.stopRing()
		}
	}
	call.ringing = call.ringing[:0]
}

// answer: station s answered call.
func (e *Engine) answer(call *Call, s *Channel) {
	cfg := e.cfg.Load()
	e.stopRinging(call, s)
	if s.state == Ringing {
		s.fxs.StopRing()
	}
	s.fxs.SetFeed(hal.FeedActive)
	s.clearTimer()
	s.call = call
	call.to = s
	num := ""
	if x := s.ext(cfg); x != nil {
		num = x.Number
	}
	call.cdr.To = num
	call.cdr.Answer = e.wall()
	e.answered(call, num)
	from := call.from
	switch {
	case from.fxs != nil:
		from.clearTimer()
		from.setState(Talking)
	default:
		call.cdr.Agent = num
		if !from.fxo.Seized() {
			if err := from.fxo.Seize(); err != nil {
				e.log.Warn("seize failed", "port", from.portNo, "err", err)
			}
			from.resetBusy()
			from.reversals = 0
		}
		from.clearTimer()
		from.gen.Stop()
		from.menu = nil
		s.setState(Talking)
		e.startRecording(call, from, s)
		if x := s.ext(cfg); x != nil && x.AnnounceAgent {
			e.startAnnounce(from, s, num)
			return
		}
		from.setState(Talking)
		bridge(from, s)
		return
	}
	s.setState(Talking)
	e.startRecording(call, from, s)
	bridge(from, s)
}

// ratingOn reports whether line l asks callers to rate the agent.
func (e *Engine) ratingOn(l *Channel) bool {
	t := l.trunk(e.cfg.Load())
	return t != nil && t.Rating
}

// keyStat counts a key pressed in a menu (IVR key statistics).
func (e *Engine) keyStat(menu string, d byte) {
	e.stats[menu+"/"+string(d)]++
}

// KeyStats returns the IVR key statistics: "menu/key" → presses since start.
func (e *Engine) KeyStats() map[string]int {
	e.mu.Lock()
	defer e.mu.Unlock()
	out := make(map[string]int, len(e.stats))
	for k, v := range e.stats {
		out[k] = v
	}
	return out
}

func (c *Config) group(n string) *Group {
	for i := range c.Groups {
		if c.Groups[i].Number == n {
			return &c.Groups[i]
		}
	}
	return nil
}

func containsInt(xs []int, v int) bool {
	for _, x := range xs {
		if x == v {
			return true
		}
	}
	return false
}

func containsStr(xs []string, v string) bool {
	for _, x := range xs {
		if x == v {
			return true
		}
	}
	return false
}

func itoa(n int) string { return strconv.Itoa(n) }
