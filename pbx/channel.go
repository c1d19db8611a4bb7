package pbx

import (
	"strconv"
	"time"

	"github.com/analogpbx/pbx/dsp/cid"
	"github.com/analogpbx/pbx/dsp/codec"
	"github.com/analogpbx/pbx/dsp/dtmf"
	"github.com/analogpbx/pbx/dsp/echo"
	"github.com/analogpbx/pbx/dsp/tone"
	"github.com/analogpbx/pbx/hal"
)

// ohtTail is how long on-hook transmission stays on after a message-waiting message.
const ohtTail = 20 // frames

// echoTail is the line echo canceller's tail on FXO ports: the hybrid and a short
// exchange loop. The canceller is linear only (no NLP), so it never clips the far end.
const echoTail = 64 * time.Millisecond

// outMode is what a channel sends to its port this frame.
type outMode uint8

const (
	outSilence outMode = iota
	outTone            // call-progress tone from gen
	outPeer            // the bridged party's audio
	outFSK             // caller ID
	outDTMF            // digits out on a line
	outPrompt          // a prompt from the player
	outMix             // a conference: the mix of the other members (conference.go)
	outMonitor         // a supervisor listening: both parties of the monitored call
)

// timerKind says what a channel's deadline means.
type timerKind uint8

const (
	tNone       timerKind = iota
	tDigits               // digit collection: first-digit or inter-digit timeout
	tMaxRing              // caller side: the callee rang too long
	tDialWait             // FXO: waiting for dial tone before sending digits
	tCID                  // FXS: time to send caller ID between rings
	tCongestion           // FXS: busy/congestion tone played long enough: park
	tMenu                 // FXO: no key after a menu prompt
	tMenuDigits           // FXO: extension digits in a menu: inter-digit timeout
	tRating               // FXO: no rating key
	tHunt                 // caller side: ring the next member of a hunt group
	tQueueWait            // queued caller: queue_max_wait reached, overflow
	tQueueRing            // caller from a queue: the member rang too long, back to the queue
	tMailbox              // FXS: no key in the mailbox menu: goodbye
)

// Channel is the call-core side of one port. Only the engine's frame loop touches it.
type Channel struct {
	e      *Engine
	portNo int // physical port
	port   hal.Port
	fxs    hal.FXS // one of fxs, fxo is set
	fxo    hal.FXO
	slot   int

	state State
	call  *Call
	peer  *Channel

	rx, tx  []int16 // this frame's linear audio from / to the port
	raw     []int16 // FXO: received audio before echo cancellation
	ec      *echo.Canceller
	out     outMode
	gen     tone.Generator
	pl      player
	after   func() // what to do when the player has finished
	menu    *menuState
	rec     *recorder // call recording or voicemail message, or nil
	recKeep int       // recordings to keep in the folder (0 = all)
	vm      *mailbox  // voicemail deposit or retrieval in progress
	fsk     *cid.Modulator
	dgen    *dtmf.Generator
	ddet    *dtmf.Detector
	busy    *tone.BusyDetector
	cidDem  *cid.Demodulator

	digits       string
	hotlineUntil int64 // frame until which a hotline seizure accepts the escape code
	deadline     int64
	timer        timerKind

	// FXS ringing with caller ID
	cidMsg     []byte
	cidSent    bool
	wasRinging bool
	ringAfter  bool  // zone sends caller ID before ringing: ring once the FSK is out
	mwiShown   bool  // the message-waiting state last sent to the phone
	ohtUntil   int64 // frame at which an idle phone's on-hook transmission ends (0 = none)

	// FXO
	giveUp    int64 // frame at which an unanswered incoming call counts as given up (0 = none)
	rings     int
	routed    bool
	dialStr   string
	reversals int

	fe feat // hold, call waiting, conference, monitoring, queue (feature.go)
}

func newChannel(e *Engine, portNo int, p hal.Port) *Channel {
	c := &Channel{
		e: e, portNo: portNo, port: p, slot: p.Timeslot(),
		rx: make([]int16, hal.FrameSamples), tx: make([]int16, hal.FrameSamples),
		ddet: dtmf.NewDetector(),
	}
	switch p := p.(type) {
	case hal.FXS:
		c.fxs = p
	case hal.FXO:
		c.fxo = p
		c.raw = make([]int16, hal.FrameSamples)
		if ec, err := echo.New(echo.Opts{Tail: echoTail}); err == nil {
			c.ec = ec
		}
		c.dgen = dtmf.NewGenerator(e.zone.DTMFLevel)
		c.busy = tone.NewBusyDetector(e.zone)
		c.cidDem = cid.NewDemodulator(e.zone.CID)
	}
	if p.Status().Faulty {
		c.state = Faulty
	}
	return c
}

// label is the port's number as `pbx status` shows it.
func (c *Channel) label(cfg *Config) string {
	if c.fxs != nil {
		for i := range cfg.Extensions {
			if cfg.Extensions[i].Port == c.portNo {
				return cfg.Extensions[i].Number
			}
		}
		return ""
	}
	for i := range cfg.Trunks {
		if cfg.Trunks[i].Port == c.portNo {
			return "line " + strconv.Itoa(cfg.Trunks[i].Line)
		}
	}
	return ""
}

// ext is this FXS channel's extension in cfg, or nil.
func (c *Channel) ext(cfg *Config) *Extension {
	for i := range cfg.Extensions {
		if cfg.Extensions[i].Port == c.portNo {
			return &cfg.Extensions[i]
		}
	}
	return nil
}

// trunk is this FXO channel's line in cfg, or nil.
func (c *Channel) trunk(cfg *Config) *Trunk {
	for i := range cfg.Trunks {
		if cfg.Trunks[i].Port == c.portNo {
			return &cfg.Trunks[i]
		}
	}
	return nil
}

func (c *Channel) setState(s State) {
	if c.state == s {
		return
	}
	c.state = s
	c.e.log.Debug("state", "port", c.portNo, "state", s.String())
	c.e.publish(Change{Kind: "port", Port: c.portNo, State: s.String()})
}

func (c *Channel) setTimer(k timerKind, frames int64) {
	c.timer, c.deadline = k, c.e.frame+frames
}

func (c *Channel) clearTimer() { c.timer, c.deadline = tNone, 0 }

func (c *Channel) play(t *tone.Tone) {
	c.gen.Play(t)
	c.out = outTone
}

func (c *Channel) silence() {
	c.gen.Stop()
	c.out = outSilence
}

// bridge connects two channels' audio both ways.
func bridge(a, b *Channel) {
	a.peer, b.peer = b, a
	a.gen.Stop()
	b.gen.Stop()
	a.out, b.out = outPeer, outPeer
}

// unbridge disconnects c from its peer (both sides) and ends a call recording.
func (c *Channel) unbridge() {
	if c.vm == nil {
		c.stopRecording()
	}
	if p := c.peer; p != nil {
		p.stopRecording()
		p.peer = nil
		if p.out == outPeer {
			p.out = outSilence
		}
	}
	c.peer = nil
	if c.out == outPeer {
		c.out = outSilence
	}
}

// receive decodes this frame's audio from the port's timeslot.
func (c *Channel) receive(rx [][]byte) {
	if c.slot < 0 || c.slot >= len(rx) {
		return
	}
	if c.ec == nil || !c.fxo.Seized() {
		codec.Decode(c.e.law, c.rx, rx[c.slot])
		return
	}
	// A seized line returns part of what we send (the hybrid): cancel it against the
	// frame we sent last, so detectors and the other party hear only the far end.
	codec.Decode(c.e.law, c.raw, rx[c.slot])
	c.ec.Cancel(c.rx, c.raw, c.tx)
}

// send encodes this frame's audio into the port's timeslot.
func (c *Channel) send(tx [][]byte) {
	switch c.out {
	case outTone:
		c.gen.Read(c.tx)
	case outPeer:
		if c.peer != nil {
			copy(c.tx, c.peer.rx)
		} else {
			clear(c.tx)
		}
	case outFSK:
		if c.fsk == nil || c.fsk.Read(c.tx) {
			c.fsk = nil
			c.out = outSilence
			c.fskDone()
		}
	case outDTMF:
		c.dgen.Read(c.tx)
	case outPrompt:
		c.pl.read(c.tx)
	case outMix, outMonitor:
		c.featOut()
	default:
		clear(c.tx)
	}
	if c.fe.ovlOn || c.fe.whisper != nil {
		c.overlay()
	}
	if c.slot >= 0 && c.slot < len(tx) {
		codec.Encode(c.e.law, tx[c.slot], c.tx)
	}
}

// handlePort applies one port event.
func (c *Channel) handlePort(ev hal.Event) {
	c.e.log.Debug("event", "port", c.portNo, "event", ev.Type.String(), "state", c.state.String())
	switch ev.Type {
	case hal.Faulty:
		c.e.log.Warn("port faulty", "port", c.portNo, "err", ev.Reason)
		if c.fxo != nil && (c.state == Incoming || c.state == Alerting) && !c.fxo.Seized() && c.call != nil {
			// A line that failed while ringing in (a stuck ring detector, a lost line):
			// the caller was not served: a missed call.
			c.e.stopRinging(c.call, nil)
			c.e.finish(c.call, NoAnswer)
		}
		c.hangup()
		c.setState(Faulty)
		return
	case hal.Recovered:
		c.e.log.Info("port recovered", "port", c.portNo)
		if c.state == Faulty {
			c.setState(Idle)
		}
		return
	}
	if c.state == Faulty {
		return
	}
	if c.fxs != nil {
		c.stationEvent(ev)
	} else {
		c.trunkEvent(ev)
	}
}

// process runs this frame's detectors and timers.
func (c *Channel) process() {
	if c.state == Faulty {
		return
	}
	if c.fxs != nil {
		c.stationProcess()
	} else {
		c.trunkProcess()
	}
	c.featProcess()
	if c.rec != nil {
		c.rec.frame(c)
	}
	c.promptDone()
	if c.timer != tNone && c.e.frame >= c.deadline {
		k := c.timer
		c.clearTimer()
		c.onTimer(k)
	}
}

func (c *Channel) onTimer(k timerKind) {
	if c.featTimer(k) {
		return
	}
	if c.fxs != nil {
		c.stationTimer(k)
	} else {
		c.trunkTimer(k)
	}
}

// fskDone is called when caller ID has been sent.
func (c *Channel) fskDone() {
	if c.ringAfter && c.state == Ringing {
		c.ringAfter = false
		c.fxs.Ring(hal.Cadence(c.e.zone.Ring))
	}
	if c.fxs != nil && c.state == Idle {
		// A message-waiting message is out: back to the normal feed once its last frames
		// have reached the phone.
		c.ohtUntil = c.e.frame + ohtTail
	}
}

// hangup drops whatever call c is in, as if c's side hung up (used on faults).
func (c *Channel) hangup() {
	switch {
	case c.fxs != nil:
		if c.state != Idle && c.state != Faulty {
			c.stationOnHook()
		}
	default:
		if c.state != Idle && c.state != Faulty {
			c.trunkClear(false)
		}
	}
}
