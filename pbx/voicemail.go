package pbx

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/analogpbx/pbx/dsp/cid"
	"github.com/analogpbx/pbx/dsp/prompt"
	"github.com/analogpbx/pbx/hal"
)

// Voicemail limits.
const (
	vmMaxMessage  = 2 * time.Minute // longest message
	vmMaxBox      = 50              // messages per mailbox; a full box takes no more
	vmPINTries    = 3               // wrong PINs before hang-up
	vmMaxGreeting = time.Minute     // longest personal greeting
	vmMenuWait    = 8 * time.Second // for a key after the last message
)

// mailbox is a voicemail session on a channel: a deposit (caller on a line) or a
// retrieval (a phone listening to its box).
type mailbox struct {
	box     string
	deposit bool
	// retrieval
	step   string   // "box", "pin", "list"
	digits string   // digits being collected
	msgs   []*vmMsg // the messages, oldest first
	cur    int
	tries  int
}

func (e *Engine) boxDir(box string) string { return filepath.Join(e.dataDir, "voicemail", box) }

// vmMsg is one voicemail message: its file, its audio (loaded when first played) and
// whether it was listened to. The engine keeps each mailbox's index in memory, so the
// frame loop never waits for the disk; files are written in the background in order.
type vmMsg struct {
	path  string
	audio []int16
	heard bool
}

// box returns mailbox b's messages, oldest first, reading its folder the first time.
func (e *Engine) box(b string) []*vmMsg {
	if msgs, ok := e.boxes[b]; ok {
		return msgs
	}
	var msgs []*vmMsg
	if ents, err := os.ReadDir(e.boxDir(b)); err == nil {
		var names []string
		for _, en := range ents {
			n := en.Name()
			if strings.HasPrefix(n, "msg-") && strings.HasSuffix(n, ".wav") {
				names = append(names, n)
			}
		}
		sort.Strings(names)
		for _, n := range names {
			msgs = append(msgs, &vmMsg{path: filepath.Join(e.boxDir(b), n), heard: !strings.HasSuffix(n, "-new.wav")})
		}
	}
	e.boxes[b] = msgs
	return msgs
}

// newMessages counts messages not yet listened to.
func (e *Engine) newMessages(b string) int {
	n := 0
	for _, m := range e.box(b) {
		if !m.heard {
			n++
		}
	}
	return n
}

// scanMailboxes lights message waiting for every mailbox with new messages (at start).
func (e *Engine) scanMailboxes() {
	ents, err := os.ReadDir(filepath.Join(e.dataDir, "voicemail"))
	if err != nil {
		return
	}
	for _, en := range ents {
		if en.IsDir() && e.newMessages(en.Name()) > 0 {
			e.mwi[en.Name()] = true
		}
	}
}

// fileOp queues a file operation; they run one after another on a background goroutine.
func (e *Engine) fileOp(f func()) {
	e.fileMu.Lock()
	e.fileOps = append(e.fileOps, f)
	start := !e.fileBusy
	e.fileBusy = true
	e.fileMu.Unlock()
	if start {
		go e.fileWorker()
	}
}

func (e *Engine) fileWorker() {
	for {
		e.fileMu.Lock()
		if len(e.fileOps) == 0 {
			e.fileBusy = false
			e.fileMu.Unlock()
			return
		}
		f := e.fileOps[0]
		e.fileOps = e.fileOps[1:]
		e.fileMu.Unlock()
		f()
	}
}

// startDeposit answers line l and lets the caller leave a message in box.
func (e *Engine) startDeposit(l *Channel, box string) {
	cfg := e.cfg.Load()
	call := l.call
	if cfg.ext(box) == nil || call == nil {
		l.message(Failed, e.prompt("goodbye"))
		return
	}
	if !l.fxo.Seized() {
		if err := l.fxo.Seize(); err != nil {
			return
		}
		l.reversals = 0
		l.resetBusy()
	}
	e.stopRinging(call, nil)
	call.cdr.To = box
	call.cdr.Route = strings.TrimSpace(call.cdr.Route + " voicemail:" + box)
	l.menu = nil
	l.setState(Mailbox)
	if len(e.box(box)) >= vmMaxBox {
		l.message(Failed, e.prompt("vm-full"), e.prompt("goodbye"))
		return
	}
	l.vm = &mailbox{box: box, deposit: true}
	l.ddet.Reset()
	greeting, ok := e.greetings[box]
	if !ok {
		greeting = e.loadWAV(filepath.Join(e.boxDir(box), "greeting.wav"))
		e.greetings[box] = greeting
	}
	if greeting == nil {
		greeting = e.prompt("vm-greeting")
	}
	l.say(func() {
		name := fmt.Sprintf("msg-%s-%04d-new.wav", e.wall().Format("20060102-150405"), call.id%10000)
		l.rec = newRecorder(filepath.Join(e.boxDir(box), name), nil, vmMaxMessage)
	}, greeting, e.prompt("vm-beep"))
}

// depositFrame runs each frame of a deposit: '#' or the length limit ends it.
func (l *Channel) depositFrame() {
	d, ok := l.ddet.Process(l.rx)
	if l.rec == nil {
		return
	}
	if (ok && d == '#') || l.rec.full() {
		l.endDeposit()
		l.message(Voicemail, l.e.prompt("thanks"), l.e.prompt("goodbye"))
	}
}

// endDeposit saves the message (if any) and lights the message-waiting indication.
func (l *Channel) endDeposit() {
	vm := l.vm
	l.vm = nil
	if vm == nil || l.rec == nil {
		return
	}
	r := l.rec
	l.rec = nil
	if r.frames < hal.Frames(time.Second) {
		l.e.log.Info("voicemail: nothing said", "box", vm.box)
		return
	}
	l.e.log.Info("voicemail message", "box", vm.box, "seconds", r.frames/100)
	box := vm.box
	e := l.e
	s := r.samples()
	e.boxes[box] = append(e.box(box), &vmMsg{path: r.path, audio: s})
	e.fileOp(func() {
		if err := writeWAV(r.path, s); err != nil {
			e.log.Error("voicemail not saved", "box", box, "err", err)
		}
	})
	e.mwi[box] = true
	if st := e.channelByExt(e.cfg.Load(), box); st != nil && st.state == Idle {
		st.sendMWI(true)
	}
}

// sendMWI sends an FSK message-waiting message to an idle phone (on-hook transmission).
func (c *Channel) sendMWI(on bool) {
	if c.fxs == nil || c.state != Idle {
		return
	}
	m := cid.Message{MWI: 0}
	if on {
		m.MWI = 1
	}
	c.mwiShown = on
	c.fxs.SetFeed(hal.FeedOHT)
	c.fsk = cid.NewModulator(c.e.zone.CID, cid.EncodeMDMF(m))
	c.out = outFSK
}

// startRetrieval: station c dialed the voicemail code; own is true for its own box.
func (e *Engine) startRetrieval(c *Channel, own bool) {
	cfg := e.cfg.Load()
	c.setState(Mailbox)
	c.vm = &mailbox{step: "box"}
	// No detector reset: the last key of the code may still be sounding.
	if own {
		if x := c.ext(cfg); x != nil {
			c.vm.box = x.Number
			c.vm.step = "pin"
			c.say(nil, e.prompt("vm-enter-pin"))
			return
		}
	}
	c.say(nil, e.prompt("vm-box"))
}

// retrievalDigit handles a key in a mailbox session.
func (c *Channel) retrievalDigit(d byte) {
	e := c.e
	vm := c.vm
	cfg := e.cfg.Load()
	e.log.Debug("mailbox key", "port", c.portNo, "key", string(d), "step", vm.step)
	if c.timer == tMailbox {
		c.clearTimer()
	}
	switch vm.step {
	case "box", "pin":
		if d != '#' {
			vm.digits += string(d)
			c.pl.stop()
			return
		}
		if vm.step == "box" {
			vm.box, vm.digits = vm.digits, ""
			vm.step = "pin"
			c.say(nil, e.prompt("vm-enter-pin"))
			return
		}
		x := cfg.ext(vm.box)
		if x == nil || vm.digits != x.PIN {
			vm.tries++
			vm.digits = ""
			if vm.tries >= vmPINTries {
				c.vm = nil
				c.say(func() { c.stationCongestion(false) }, e.prompt("goodbye"))
				return
			}
			c.say(nil, e.prompt("vm-wrong-pin"), e.prompt("vm-enter-pin"))
			return
		}
		vm.step = "list"
		vm.msgs = append([]*vmMsg(nil), e.box(vm.box)...)
		vm.cur = 0
		clips := [][]int16{e.prompt("vm-you-have")}
		clips = append(clips, e.digitClips(fmt.Sprint(len(vm.msgs)))...)
		clips = append(clips, e.prompt("vm-new-messages"))
		c.say(func() { c.playMessage() }, clips...)
	case "greeting":
		if d == '#' {
			c.endGreeting()
		}
	case "list":
		switch d {
		case '0': // record a personal greeting
			vm.step = "greeting"
			c.say(func() {
				c.rec = newRecorder(filepath.Join(e.boxDir(vm.box), "greeting.wav"), nil, vmMaxGreeting)
			}, e.prompt("vm-record-greeting"), e.prompt("vm-beep"))
		case '1': // listen (again)
			c.playMessage()
		case '9', '#': // save, next
			c.markHeard()
			vm.cur++
			c.say(func() { c.playMessage() }, e.prompt("vm-saved"))
		case '*': // exit
			c.markHeard()
			e.mwi[vm.box] = e.newMessages(vm.box) > 0
			c.vm = nil
			c.say(func() { c.stationCongestion(false) }, e.prompt("goodbye"))
		case '7': // delete, next
			if vm.cur < len(vm.msgs) {
				m := vm.msgs[vm.cur]
				vm.msgs = append(vm.msgs[:vm.cur], vm.msgs[vm.cur+1:]...)
				e.deleteMessage(vm.box, m)
			}
			c.say(func() { c.playMessage() }, e.prompt("vm-deleted"))
		}
	}
}

// playMessage plays the current message, or says there are no more.
func (c *Channel) playMessage() {
	vm := c.vm
	e := c.e
	if vm == nil {
		return
	}
	if vm.cur >= len(vm.msgs) {
		e.mwi[vm.box] = e.newMessages(vm.box) > 0
		end := e.prompt("vm-end")
		if len(vm.msgs) == 0 {
			end = e.prompt("vm-no-messages")
		}
		// The menu once more (record a greeting, exit); goodbye when no key comes.
		c.say(func() { c.setTimer(tMailbox, hal.Frames(vmMenuWait)) }, end, e.prompt("vm-menu"))
		return
	}
	m := vm.msgs[vm.cur]
	if m.audio == nil {
		m.audio = e.loadWAV(m.path)
	}
	c.say(nil, m.audio, e.prompt("vm-menu"))
}

// markHeard marks the current message as listened to (its file is renamed from -new to -old).
func (c *Channel) markHeard() {
	vm := c.vm
	if vm == nil || vm.cur >= len(vm.msgs) {
		return
	}
	m := vm.msgs[vm.cur]
	if m.heard {
		return
	}
	m.heard = true
	from := m.path
	to := strings.TrimSuffix(from, "-new.wav") + "-old.wav"
	m.path = to
	c.e.fileOp(func() { os.Rename(from, to) })
}

// deleteMessage removes m from mailbox b and its file.
func (e *Engine) deleteMessage(b string, m *vmMsg) {
	msgs := e.box(b)
	for i, x := range msgs {
		if x == m {
			e.boxes[b] = append(msgs[:i:i], msgs[i+1:]...)
			break
		}
	}
	path := m.path
	e.fileOp(func() { os.Remove(path) })
}

// loadWAV reads a voicemail message or greeting; nil when missing or unreadable.
func (e *Engine) loadWAV(path string) []int16 {
	s, err := prompt.Load(path)
	if err != nil {
		if !errors.Is(err, fs.ErrNotExist) {
			e.log.Warn("unreadable recording", "file", path, "err", err)
		}
		return nil
	}
	return s
}

// forwardOut sends the caller on line l out again on another line (an outbound-forward
// line) to number, recorded: after-hours mode 3, or a menu key to an outside number.
func (e *Engine) forwardOut(l *Channel, number string, afterHours bool) {
	cfg := e.cfg.Load()
	call := l.call
	if call == nil {
		return
	}
	var out *Channel
	var tr *Trunk
	for i := range cfg.Trunks {
		t := &cfg.Trunks[i]
		if !t.ForwardLine || t.Port == l.portNo {
			continue
		}
		if ch := e.channelByLine(cfg, t.Line); ch != nil && ch.state == Idle {
			out, tr = ch, t
			break
		}
	}
	if out == nil {
		l.message(Failed, e.prompt("busy"))
		return
	}
	if !l.fxo.Seized() {
		if err := l.fxo.Seize(); err != nil {
			return
		}
		l.reversals = 0
		l.resetBusy()
	}
	call.cdr.To = number
	call.cdr.Route = strings.TrimSpace(call.cdr.Route + fmt.Sprintf(" forward:line%d", tr.Line))
	l.menu = nil
	l.setState(Alerting)
	l.play(&e.zone.Ringback)
	if err := out.trunkSeize(call, tr.OutPrefix+number); err != nil {
		l.message(Failed, e.prompt("busy"))
		return
	}
	call.forward = l
	call.record = call.record || afterHours
}

// greetingFrame ends a greeting recording that reached its length limit.
func (c *Channel) greetingFrame() {
	if c.vm != nil && c.vm.step == "greeting" && c.rec != nil && c.rec.full() {
		c.endGreeting()
	}
}

// endGreeting keeps the recorded personal greeting (in memory at once, on disk in the
// background) and returns to the messages.
func (c *Channel) endGreeting() {
	e := c.e
	vm := c.vm
	r := c.rec
	c.rec = nil
	if vm == nil || r == nil {
		return
	}
	vm.step = "list"
	if r.frames < hal.Frames(time.Second) {
		c.say(func() { c.playMessage() }, e.prompt("vm-menu"))
		return
	}
	s := r.samples()
	e.greetings[vm.box] = s
	path := r.path
	e.fileOp(func() {
		if err := writeWAV(path, s); err != nil {
			e.log.Error("greeting not saved", "box", vm.box, "err", err)
		}
	})
	c.say(func() { c.playMessage() }, e.prompt("vm-greeting-saved"))
}

// mailboxTimeout: no key after the end of the messages: goodbye.
func (c *Channel) mailboxTimeout() {
	if c.state != Mailbox || c.vm == nil || c.vm.step != "list" {
		return
	}
	c.vm = nil
	c.say(func() { c.stationCongestion(false) }, c.e.prompt("goodbye"))
}
