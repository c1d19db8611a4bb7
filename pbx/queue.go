package pbx

import (
	"strings"
	"time"

	"github.com/analogpbx/pbx/dsp/prompt"
	"github.com/analogpbx/pbx/dsp/tone"
	"github.com/analogpbx/pbx/hal"
)

// queueBeepEvery is how often busy members of a group with waiting callers hear the
// queue beep.
const queueBeepEvery = 10 * time.Second

// queue is the callers waiting for a group whose members are all busy (Group.Queue),
// longest-waiting first.
type queue struct {
	group    string
	waiters  []*Channel
	nextBeep int64 // frame of the next beep to busy members
}

func (e *Engine) queueFor(group string) *queue {
	for _, q := range e.ft.queues {
		if q.group == group {
			return q
		}
	}
	q := &queue{group: group}
	e.ft.queues = append(e.ft.queues, q)
	return q
}

// enqueue puts the caller c of call in group g's queue, when g queues callers. The
// caller hears "you are number N in the queue" and music, in a loop; a line is answered
// for that. It reports false when g does not queue.
func (e *Engine) enqueue(g *Group, call *Call, c *Channel) bool {
	if g == nil || !g.Queue || c == nil || call == nil {
		return false
	}
	if c.fxo != nil && !c.fxo.Seized() {
		if err := c.fxo.Seize(); err != nil {
			e.log.Warn("seize failed", "port", c.portNo, "err", err)
			return false
		}
		c.reversals = 0
		c.busy.Reset()
	}
	c.giveUp = 0
	c.menu = nil
	call.group = g
	call.cdr.Route = strings.TrimSpace(call.cdr.Route + " queue")
	c.fe.queuedAt = e.frame
	c.fe.queueUntil = 0
	if g.QueueMaxWait > 0 {
		c.fe.queueUntil = e.frame + hal.Frames(g.QueueMaxWait)
	}
	e.log.Info("queued", "port", c.portNo, "call", call.id, "group", g.Number)
	e.requeue(c, g.Number, true)
	return true
}

// requeue (re)enters c in group's queue by the time it first joined, and starts the
// announcements.
func (e *Engine) requeue(c *Channel, group string, first bool) {
	q := e.queueFor(group)
	i := len(q.waiters)
	for i > 0 && q.waiters[i-1].fe.queuedAt > c.fe.queuedAt {
		i--
	}
	q.waiters = append(q.waiters, nil)
	copy(q.waiters[i+1:], q.waiters[i:])
	q.waiters[i] = c
	c.fe.queue = q
	if len(q.waiters) == 1 {
		q.nextBeep = e.frame
	}
	c.gen.Stop()
	c.setState(Queued)
	c.clearTimer()
	if c.fe.queueUntil > 0 {
		c.setTimer(tQueueWait, max(c.fe.queueUntil-e.frame, 1))
	}
	c.queueAnnounce(first)
}

// leaveQueue takes c out of its queue; with record, its call ends as abandoned (or
// noanswer if a member rang for it).
func (e *Engine) leaveQueue(c *Channel, record bool) {
	q := c.fe.queue
	c.fe.queue = nil
	if q != nil {
		for i, w := range q.waiters {
			if w == c {
				q.waiters = append(q.waiters[:i], q.waiters[i+1:]...)
				break
			}
		}
	}
	if record && c.call != nil {
		disp := Abandoned
		if c.call.rang {
			disp = NoAnswer
		}
		e.finish(c.call, disp)
	}
}

// position is c's place in q, from 1.
func (q *queue) position(c *Channel) int {
	for i, w := range q.waiters {
		if w == c {
			return i + 1
		}
	}
	return len(q.waiters) + 1
}

// queueAnnounce plays the position announcement (after "please hold" the first time),
// then the queue music, and again while c waits.
func (c *Channel) queueAnnounce(first bool) {
	q := c.fe.queue
	if q == nil {
		return
	}
	e := c.e
	names := prompt.Queue(e.cfg.Load().System.Language, q.position(c))
	clips := make([][]int16, 0, len(names)+1)
	if first {
		clips = append(clips, e.prompt(prompt.PleaseHold))
	}
	for _, n := range names {
		clips = append(clips, e.prompt(n))
	}
	c.say(func() {
		if c.state != Queued {
			return
		}
		c.say(func() {
			if c.state == Queued {
				c.queueAnnounce(false)
			}
		}, e.prompt(prompt.QueueMusic))
	}, clips...)
}

// queueFrame runs each frame for a waiting caller: the head of each queue beeps the busy
// members now and then and hands the callers to members that became free.
func (e *Engine) queueFrame(c *Channel) {
	q := c.fe.queue
	if q == nil || len(q.waiters) == 0 || q.waiters[0] != c {
		return
	}
	if e.frame >= q.nextBeep {
		q.nextBeep = e.frame + hal.Frames(queueBeepEvery)
		e.beepMembers(q)
	}
	if e.ft.dispatched != e.frame+1 {
		e.queueDispatch()
	}
}

// beepMembers plays the queue beep to the members of q's group that are in a call.
func (e *Engine) beepMembers(q *queue) {
	cfg := e.cfg.Load()
	g := cfg.group(q.group)
	if g == nil {
		return
	}
	if len(e.ft.beep.Parts) == 0 {
		e.ft.beep = tone.Tone{Name: "beep", Parts: e.zone.CallWaiting.Parts[:1]}
	}
	for _, m := range g.Members {
		s := e.channelByExt(cfg, m)
		if s != nil && s.fxs != nil && (s.state == Talking || s.state == Conference) && !s.fe.ovlOn {
			s.startOverlay(&e.ft.beep)
		}
	}
}

// queueDispatch rings free members for waiting callers: the longest-waiting caller at
// the head of a queue whose group has a free member goes first.
func (e *Engine) queueDispatch() {
	e.ft.dispatched = e.frame + 1
	cfg := e.cfg.Load()
	for {
		var best, member *Channel
		for _, q := range e.ft.queues {
			if len(q.waiters) == 0 {
				continue
			}
			w := q.waiters[0]
			if best != nil && w.fe.queuedAt >= best.fe.queuedAt {
				continue
			}
			g := cfg.group(q.group)
			if g == nil || w.call == nil {
				continue
			}
			if s := e.queueMember(cfg, g, w.call); s != nil {
				best, member = w, s
			}
		}
		if best == nil {
			return
		}
		e.queueRing(best, member)
	}
}

// queueMember returns a free member of g for call, by the group's strategy, skipping
// members that already let this caller ring out. It allocates nothing.
func (e *Engine) queueMember(cfg *Config, g *Group, call *Call) *Channel {
	n := len(g.Members)
	if n == 0 {
		return nil
	}
	h := e.huntFor(g)
	start := 0
	if g.Strategy == "roundrobin" {
		start = h.next % n
	}
	var best *Channel
	var bestKey int64
	for i := range n {
		m := g.Members[(start+i)%n]
		if containsStr(call.tried, m) {
			continue
		}
		s := e.available(cfg, m, call)
		if s == nil {
			continue
		}
		var key int64
		switch g.Strategy {
		case "leastrecent":
			key = h.lastCall[m]
		case "fewestcalls":
			key = int64(h.calls[m])
		}
		if best == nil || key < bestKey {
			best, bestKey = s, key
		}
	}
	return best
}

// queueRing takes waiting caller w out of its queue and rings member s for it.
func (e *Engine) queueRing(w, s *Channel) {
	call := w.call
	cfg := e.cfg.Load()
	e.leaveQueue(w, false)
	w.pl.stop()
	w.after = nil
	e.ringStations(call, []*Channel{s}, call.cdr.From, "")
	if w.fxs != nil {
		w.setState(Ringback)
	} else {
		w.setState(Alerting)
	}
	w.play(&e.zone.Ringback)
	ring := cfg.System.GroupRingTimeout
	if g := call.group; g != nil && g.MemberTimeout > 0 {
		ring = g.MemberTimeout
	} else if g != nil && g.Timeout > 0 {
		ring = g.Timeout
	}
	w.setTimer(tQueueRing, hal.Frames(ring))
}

// queueNoAnswer: the member rung for a queued caller did not answer; the caller goes
// back to its place in the queue.
func (e *Engine) queueNoAnswer(c *Channel) {
	call := c.call
	e.stopRinging(call, nil)
	g := call.group
	if g == nil {
		e.overflow(call)
		return
	}
	if c.fe.queueUntil > 0 && e.frame >= c.fe.queueUntil {
		e.overflow(call)
		return
	}
	e.requeue(c, g.Number, false)
}

// queueTimeout: the caller waited the group's queue_max_wait; it goes to the overflow.
func (e *Engine) queueTimeout(c *Channel) {
	e.leaveQueue(c, false)
	c.pl.stop()
	c.after = nil
	c.silence()
	if c.call == nil {
		return
	}
	c.call.cdr.Route = strings.TrimSpace(c.call.cdr.Route + " queue-timeout")
	e.overflow(c.call)
}

// overflowStation sends an internal caller's group call to the group's overflow: an
// extension, the operator or another group (which may queue it). It reports false when
// nothing rings.
func (e *Engine) overflowStation(call *Call, from *Channel, dest Destination) bool {
	cfg := e.cfg.Load()
	kind, arg, _ := strings.Cut(string(dest), ":")
	if dest == "operator" {
		kind, arg = "ext", cfg.System.Operator
	}
	switch kind {
	case "ext":
		call.cdr.Route = strings.TrimSpace(call.cdr.Route + " overflow ext:" + arg)
		if !e.deliver(call, from, arg) {
			return false
		}
		if from.state == Outgoing {
			return true // forwarded out on a line
		}
	case "group":
		g := cfg.group(arg)
		if g == nil {
			return false
		}
		call.cdr.Route = strings.TrimSpace(call.cdr.Route + " overflow group:" + arg)
		targets := e.hunt(cfg, g, call)
		if len(targets) == 0 {
			return e.enqueue(g, call, from)
		}
		e.ringStations(call, targets, call.cdr.From, "")
		timeout := g.Timeout
		if timeout == 0 {
			timeout = cfg.System.GroupRingTimeout
		}
		from.setTimer(tMaxRing, hal.Frames(timeout))
		e.armHunt(call)
	default:
		return false
	}
	from.setState(Ringback)
	from.play(&e.zone.Ringback)
	return true
}

// QueueStatus is one group's queue as the supervisor sees it.
type QueueStatus struct {
	Group   string         `json:"group"`
	Callers []QueuedCaller `json:"callers"` // longest-waiting first
}

// QueuedCaller is one caller waiting in a queue.
type QueuedCaller struct {
	Position int           `json:"position"` // from 1
	From     string        `json:"from"`     // caller's extension or caller ID
	Port     int           `json:"port"`     // where the call came in
	Waited   time.Duration `json:"waited"`   // since it joined the queue
}

// Queues returns the queues that have callers waiting, by group number order of first use.
func (e *Engine) Queues() []QueueStatus {
	e.mu.Lock()
	defer e.mu.Unlock()
	var out []QueueStatus
	for _, q := range e.ft.queues {
		if len(q.waiters) == 0 {
			continue
		}
		qs := QueueStatus{Group: q.group}
		for i, w := range q.waiters {
			qc := QueuedCaller{Position: i + 1, Port: w.portNo,
				Waited: time.Duration(e.frame-w.fe.queuedAt) * hal.FrameDuration}
			if w.call != nil {
				qc.From = w.call.cdr.From
			}
			qs.Callers = append(qs.Callers, qc)
		}
		out = append(out, qs)
	}
	return out
}
