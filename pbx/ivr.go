package pbx

import (
	"math"
	"strings"
	"time"

	"github.com/analogpbx/pbx/hal"
)

// menuState is where an answered line is in the auto attendant.
type menuState struct {
	menu     *IVRMenu
	stack    []*IVRMenu // for "back"
	digits   string     // extension digits dialed during the menu
	timeouts int
	invalid  int
	waiting  bool // the prompt has ended; waiting for a key
}

// Menu timing.
const (
	menuInterDigit = 3 * time.Second // between extension digits dialed in a menu
	maxInvalid     = 3               // invalid keys before the menu's default
	ratingWait     = 5 * time.Second // after the rating question
)

// prompt returns a prompt's audio in the system language, or a short tone when the
// prompt is missing or unreadable (the call goes on).
func (e *Engine) prompt(name string) []int16 {
	lang := e.cfg.Load().System.Language
	if p := e.custom[lang+"/"+name]; len(p) > 0 {
		return p
	}
	if e.prompts != nil {
		if p := e.prompts.Prompt(lang, name); len(p) > 0 {
			return p
		}
		if p := e.prompts.Prompt("en", name); len(p) > 0 && lang != "en" {
			return p
		}
	}
	e.log.Warn("prompt missing: playing a tone", "prompt", name, "lang", lang)
	return e.beep
}

// digitClips returns the clips that speak a number digit by digit.
func (e *Engine) digitClips(num string) [][]int16 {
	var out [][]int16
	for _, d := range num {
		if d >= '0' && d <= '9' {
			out = append(out, e.prompt(string(d)))
		}
	}
	return out
}

// makeBeep returns a 300 ms 1 kHz tone at -15 dBm0: what plays for a missing prompt.
func makeBeep() []int16 {
	b := make([]int16, hal.SampleRate*3/10)
	amp := 0.178 * 32767 * math.Sqrt2 / 1.4142 * 0.8
	for i := range b {
		b[i] = int16(amp * math.Sin(2*math.Pi*1000*float64(i)/hal.SampleRate))
	}
	return b
}

// say plays clips to the channel, then runs then (on the frame loop).
func (c *Channel) say(then func(), clips ...[]int16) {
	c.gen.Stop()
	c.pl.play(clips...)
	c.out = outPrompt
	c.after = then
}

// promptDone runs the continuation of a finished prompt.
func (c *Channel) promptDone() {
	if c.out == outPrompt && !c.pl.busy() {
		c.out = outSilence
		if f := c.after; f != nil {
			c.after = nil
			f()
		}
	}
}

// enterMenu answers line l and starts menu id.
func (e *Engine) enterMenu(l *Channel, id string) {
	cfg := e.cfg.Load()
	m := cfg.menu(id)
	if m == nil {
		e.log.Warn("no such menu: ringing the operator", "menu", id)
		e.ringFromLine(l, "ext", cfg.System.Operator)
		return
	}
	if !l.fxo.Seized() {
		if err := l.fxo.Seize(); err != nil {
			e.log.Warn("seize failed", "port", l.portNo, "err", err)
			return
		}
		l.reversals = 0
		l.resetBusy()
	}
	if l.call != nil {
		l.call.cdr.Route = strings.TrimSpace(l.call.cdr.Route + " ivr:" + id)
	}
	l.menu = &menuState{menu: m}
	l.setState(Menu)
	l.ddet.Reset()
	l.playMenu()
}

func (c *Channel) playMenu() {
	ms := c.menu
	ms.waiting = false
	c.say(func() {
		ms.waiting = true
		c.setTimer(tMenu, hal.Frames(ms.menu.Timeout))
	}, c.e.prompt(ms.menu.Prompt))
}

// menuDigit takes one key pressed by the caller in a menu.
func (c *Channel) menuDigit(d byte) {
	ms := c.menu
	cfg := c.e.cfg.Load()
	if c.call != nil {
		c.call.keys = append(c.call.keys, d)
	}
	c.e.keyStat(ms.menu.ID, d)
	k := string(d)
	digits := ms.digits + k
	extPrefix := false
	if ms.menu.DialExt {
		for _, x := range cfg.Extensions {
			if strings.HasPrefix(x.Number, digits) {
				extPrefix = true
				if x.Number == digits {
					c.clearTimer()
					c.pl.stop()
					c.e.ringFromLine(c, "ext", x.Number)
					return
				}
			}
		}
	}
	if extPrefix && (ms.digits != "" || ms.menu.Keys[k] == "") {
		ms.digits = digits
		c.pl.stop()
		c.out = outSilence
		c.after = nil
		c.setTimer(tMenuDigits, hal.Frames(menuInterDigit))
		return
	}
	ms.digits = ""
	if dest, ok := ms.menu.Keys[k]; ok && dest != "" {
		c.clearTimer()
		c.pl.stop()
		c.menuAction(dest)
		return
	}
	c.menuInvalid()
}

func (c *Channel) menuInvalid() {
	ms := c.menu
	ms.invalid++
	ms.digits = ""
	c.clearTimer()
	if ms.invalid >= maxInvalid {
		c.menuAction(ms.menu.Default)
		return
	}
	c.say(func() { c.playMenu() }, c.e.prompt("invalid"))
}

// menuTimeout: no key after the prompt.
func (c *Channel) menuTimeout() {
	ms := c.menu
	ms.timeouts++
	if ms.timeouts > ms.menu.Retries {
		c.menuAction(ms.menu.Default)
		return
	}
	c.playMenu()
}

// menuAction carries out a menu destination.
func (c *Channel) menuAction(dest Destination) {
	e := c.e
	cfg := e.cfg.Load()
	kind, arg, _ := strings.Cut(string(dest), ":")
	switch kind {
	case "", "operator":
		e.ringFromLine(c, "ext", cfg.System.Operator)
	case "ext", "group":
		e.ringFromLine(c, kind, arg)
	case "ivr":
		if m := cfg.menu(arg); m != nil {
			c.menu.stack = append(c.menu.stack, c.menu.menu)
			c.menu.menu, c.menu.timeouts, c.menu.invalid = m, 0, 0
		}
		c.playMenu()
	case "back":
		if n := len(c.menu.stack); n > 0 {
			c.menu.menu = c.menu.stack[n-1]
			c.menu.stack = c.menu.stack[:n-1]
		}
		c.playMenu()
	case "repeat":
		c.playMenu()
	case "hangup":
		c.message(Abandoned, e.prompt("goodbye"))
	case "voicemail":
		e.startDeposit(c, arg)
	case "number":
		e.forwardOut(c, arg, false)
	default:
		c.menuInvalid()
	}
}

// ringFromLine rings extension or group arg for the caller on line l (answered or not).
func (e *Engine) ringFromLine(l *Channel, kind, arg string) {
	cfg := e.cfg.Load()
	call := l.call
	if call == nil {
		return
	}
	if kind == "ext" {
		arg = e.forwardTarget(cfg, arg)
	}
	var targets []*Channel
	timeout := cfg.System.MaxRing
	call.cdr.To = arg
	switch kind {
	case "ext":
		call.cdr.Route = strings.TrimSpace(call.cdr.Route + " ext:" + arg)
		l.menu = nil
		if e.deliver(call, l, arg) {
			l.setState(Alerting)
			if l.fxo.Seized() {
				l.play(&e.zone.Ringback)
			} else {
				// Not answered yet: the caller hears the exchange's ringback; the
				// give-up timer watches the ring bursts, the max-ring timer the extension.
				l.giveUp = e.frame + e.ringGap()
			}
			return
		}
		if x := cfg.ext(arg); x != nil && x.VoicemailBusy {
			e.startDeposit(l, x.Number)
			return
		}
	case "group":
		call.cdr.Route = strings.TrimSpace(call.cdr.Route + " group:" + arg)
		if g := cfg.group(arg); g != nil {
			targets = e.hunt(cfg, g, call)
			timeout = cfg.System.GroupRingTimeout
			if g.Timeout > 0 {
				timeout = g.Timeout
			}
			if len(targets) == 0 && e.enqueue(g, call, l) {
				return
			}
		}
	}
	l.menu = nil
	if len(targets) == 0 {
		if l.fxo.Seized() {
			// Answered by the attendant: tell the caller, then release.
			l.message(Busy, e.prompt("busy"))
			return
		}
		l.setState(Alerting)
		return
	}
	e.ringStations(call, targets, call.cdr.From, "")
	l.setState(Alerting)
	l.setTimer(tMaxRing, hal.Frames(timeout))
	e.armHunt(call)
	if l.fxo.Seized() {
		// The line is answered: give the caller ringback ourselves.
		l.play(&e.zone.Ringback)
	} else {
		l.giveUp = e.frame + e.ringGap()
	}
}

// message plays clips to the caller on line l, then releases the line and records disp.
func (c *Channel) message(disp string, clips ...[]int16) {
	c.menu = nil
	c.setState(Message)
	c.say(func() {
		call := c.call
		c.trunkRelease()
		if call != nil {
			c.e.finish(call, disp)
		}
	}, clips...)
}

// startAnnounce plays "agent NNN at your service" to the caller on line l, then connects
// the agent s.
func (e *Engine) startAnnounce(l, s *Channel, agent string) {
	l.setState(Announcing)
	clips := append([][]int16{e.prompt("agent")}, e.digitClips(agent)...)
	clips = append(clips, e.prompt("at-your-service"))
	s.silence()
	l.say(func() {
		if l.call == nil || s.call != l.call {
			return
		}
		l.setState(Talking)
		bridge(l, s)
	}, clips...)
}

// startRating asks the caller on line l to rate the agent who just hung up.
func (c *Channel) startRating() {
	c.unbridge()
	c.setState(Rating)
	c.ddet.Reset()
	c.say(func() {
		c.setTimer(tRating, hal.Frames(ratingWait))
	}, c.e.prompt("rate"))
}

// ratingKey records the caller's rating key.
func (c *Channel) ratingKey(d byte) {
	if d != '1' && d != '0' {
		return
	}
	if c.call != nil {
		c.call.cdr.Rating = string(d)
	}
	c.clearTimer()
	c.message(Answered, c.e.prompt("thanks"))
}

func (c *Config) menu(id string) *IVRMenu {
	for i := range c.IVRs {
		if c.IVRs[i].ID == id {
			return &c.IVRs[i]
		}
	}
	return nil
}
