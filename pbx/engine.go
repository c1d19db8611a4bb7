package pbx

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"sync/atomic"
	"time"

	"github.com/analogpbx/pbx/dsp/codec"
	"github.com/analogpbx/pbx/dsp/tone"
	"github.com/analogpbx/pbx/hal"
)

// Recorder takes finished call records. The engine calls Record from its frame loop,
// so implementations must not block (queue the write; see AsyncRecorder).
type Recorder interface {
	Record(c CDR)
}

// Opts configures an Engine.
type Opts struct {
	Ports  []hal.Port // physical order; nil for an empty position
	PCM    hal.PCM
	Law    hal.Law
	Config *Config
	Rec    Recorder
	// Wall returns the wall-clock time for call records and working hours; nil = time.Now.
	Wall func() time.Time
	Log  *slog.Logger
	// Prompts holds the prompt audio; nil plays a tone wherever a prompt belongs.
	Prompts Prompts
	// DataDir is where voicemail and recordings are written ("" = var).
	DataDir string
}

// Engine is the call core of one card: it runs the card's frame loop, owns one channel
// per port and carries calls between them. All call state is touched only by RunFrame;
// other goroutines use the locked accessors (Status, SetConfig, Subscribe).
type Engine struct {
	mu    sync.Mutex
	log   *slog.Logger
	pcm   hal.PCM
	law   codec.Law
	zone  *tone.Zone
	cfg   atomic.Pointer[Config]
	rec   Recorder
	wall  func() time.Time
	frame int64

	chans     []*Channel
	lastFrame atomic.Int64 // real time of the last completed frame, Unix ns
	tx, rx    [][]byte
	evbuf     []hal.Event
	subs      map[chan Change]struct{}
	seq       int64 // call sequence for logs

	prompts   Prompts
	custom    map[string][]int16 // the installer's own prompts, "lang/name"; they win
	beep      []int16            // played for a missing prompt
	stats     map[string]int     // IVR key statistics: "menu/key" → presses
	hunts     map[string]*huntState
	mwi       map[string]bool // mailboxes with new messages
	boxes     map[string][]*vmMsg
	greetings map[string][]int16 // personal greetings by mailbox (nil = the default one)

	fileMu   sync.Mutex // guards fileOps, fileBusy
	fileOps  []func()
	fileBusy bool
	dataDir  string
	ft       engineFeat // queues and the queue beep (feature.go)
}

// New builds the engine for a card. The configuration's tone zone decides the tones.
func New(o Opts) (*Engine, error) {
	if o.PCM == nil {
		return nil, errors.New("pbx: no PCM voice path")
	}
	if o.Config == nil {
		return nil, errors.New("pbx: no configuration")
	}
	z, err := tone.Lookup(o.Config.System.Zone)
	if err != nil {
		return nil, fmt.Errorf("pbx: %w", err)
	}
	e := &Engine{
		log:  o.Log,
		pcm:  o.PCM,
		law:  codec.Law(o.Law),
		zone: z,
		rec:  o.Rec,
		wall: o.Wall,
		subs: map[chan Change]struct{}{},

		prompts:   o.Prompts,
		custom:    map[string][]int16{},
		beep:      makeBeep(),
		stats:     map[string]int{},
		hunts:     map[string]*huntState{},
		mwi:       map[string]bool{},
		boxes:     map[string][]*vmMsg{},
		greetings: map[string][]int16{},
		dataDir:   o.DataDir,
	}
	if e.dataDir == "" {
		e.dataDir = "var"
	}
	if e.log == nil {
		e.log = slog.New(slog.DiscardHandler)
	}
	if e.wall == nil {
		e.wall = time.Now
	}
	if e.rec == nil {
		e.rec = discardRecorder{}
	}
	e.cfg.Store(o.Config)
	e.lastFrame.Store(time.Now().UnixNano())
	e.scanMailboxes()
	n := o.PCM.Slots()
	e.tx, e.rx = make([][]byte, n), make([][]byte, n)
	for i := range n {
		e.tx[i] = make([]byte, hal.FrameSamples)
		e.rx[i] = make([]byte, hal.FrameSamples)
		for j := range e.tx[i] {
			e.tx[i][j] = 0xFF
		}
	}
	for i, p := range o.Ports {
		if p == nil {
			continue
		}
		e.chans = append(e.chans, newChannel(e, i+1, p))
	}
	return e, nil
}

type discardRecorder struct{}

func (discardRecorder) Record(CDR) {}

// Config returns the configuration snapshot new calls use.
func (e *Engine) Config() *Config { return e.cfg.Load() }

// SetConfig makes c the configuration of every new call; calls in progress keep theirs.
func (e *Engine) SetConfig(c *Config) {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.cfg.Store(c)
	e.publish(Change{Kind: "config"})
}

// Zone is the tone zone the engine plays.
func (e *Engine) Zone() *tone.Zone { return e.zone }

// Frame is the number of frames run so far.
func (e *Engine) Frame() int64 {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.frame
}

// Now is the engine's wall-clock time.
func (e *Engine) Now() time.Time { return e.wall() }

// Run runs frames until ctx ends. With realTime false (a simulated card) it paces the
// frames itself at 10 ms; otherwise the PCM transfer paces them.
func (e *Engine) Run(ctx context.Context, realTime bool) error {
	var tick *time.Ticker
	failing := 0
	if !realTime {
		tick = time.NewTicker(hal.FrameDuration)
		defer tick.Stop()
	}
	for {
		if tick != nil {
			select {
			case <-ctx.Done():
				return nil
			case <-tick.C:
			}
		} else if ctx.Err() != nil {
			return nil
		}
		if err := e.RunFrame(); err != nil {
			// The card stopped moving frames: no call can be carried. Keep trying (the
			// watchdog, fed only while frames advance, resets the box if it lasts).
			if failing == 0 {
				e.log.Error("frame loop stopped", "err", err)
			}
			failing++
			select {
			case <-ctx.Done():
				return nil
			case <-time.After(100 * time.Millisecond):
			}
			continue
		}
		if failing > 0 {
			e.log.Warn("frame loop running again", "failed", failing)
			failing = 0
		}
	}
}

// RunFrame runs one 10 ms frame: moves one PCM period, runs every port driver, handles
// the events, timers and audio of every channel.
func (e *Engine) RunFrame() error {
	e.mu.Lock()
	defer e.mu.Unlock()
	if err := e.pcm.Transfer(e.tx, e.rx); err != nil {
		return fmt.Errorf("pbx: pcm transfer: %w", err)
	}
	for _, c := range e.chans {
		c.receive(e.rx)
	}
	for _, c := range e.chans {
		c.port.Tick(e.frame)
		e.evbuf = c.port.Events(e.evbuf[:0])
		for _, ev := range e.evbuf {
			c.handlePort(ev)
		}
	}
	for _, c := range e.chans {
		c.process()
	}
	for _, c := range e.chans {
		c.send(e.tx)
	}
	e.frame++
	e.lastFrame.Store(time.Now().UnixNano())
	return nil
}

// LastFrame is the real time at which the last frame completed: the frame loop's
// heartbeat for the watchdog.
func (e *Engine) LastFrame() time.Time { return time.Unix(0, e.lastFrame.Load()) }

// channelByExt finds the FXS channel whose port has extension number n in cfg.
func (e *Engine) channelByExt(cfg *Config, n string) *Channel {
	for i := range cfg.Extensions {
		if cfg.Extensions[i].Number == n {
			return e.channelByPort(cfg.Extensions[i].Port)
		}
	}
	return nil
}

// channelByLine finds the FXO channel of line number n in cfg.
func (e *Engine) channelByLine(cfg *Config, n int) *Channel {
	for i := range cfg.Trunks {
		if cfg.Trunks[i].Line == n {
			return e.channelByPort(cfg.Trunks[i].Port)
		}
	}
	return nil
}

func (e *Engine) channelByPort(port int) *Channel {
	for _, c := range e.chans {
		if c.portNo == port {
			return c
		}
	}
	return nil
}

// PortStatus is one port as `pbx status` shows it.
type PortStatus struct {
	Port   int    `json:"port"`
	Type   string `json:"type"`   // fxs, fxo
	Number string `json:"number"` // extension number, or "line N"
	State  string `json:"state"`
	Faulty bool   `json:"faulty"`
	Alarm  string `json:"alarm,omitempty"`
	Chip   string `json:"chip,omitempty"`
	Peer   string `json:"peer,omitempty"` // who it is connected with
}

// Status returns every port's state.
func (e *Engine) Status() []PortStatus {
	e.mu.Lock()
	defer e.mu.Unlock()
	cfg := e.cfg.Load()
	out := make([]PortStatus, 0, len(e.chans))
	for _, c := range e.chans {
		st := c.port.Status()
		ps := PortStatus{Port: c.portNo, Type: c.port.Kind().String(), Number: c.label(cfg),
			State: c.state.String(), Faulty: st.Faulty, Alarm: st.Reason, Chip: st.Chip}
		if c.peer != nil {
			ps.Peer = c.peer.label(cfg)
		}
		out = append(out, ps)
	}
	return out
}

// Change is a notice to subscribers that something visible changed.
type Change struct {
	Kind  string `json:"kind"` // "port", "call", "config"
	Port  int    `json:"port,omitempty"`
	State string `json:"state,omitempty"`
	Frame int64  `json:"frame"`
}

// Subscribe returns a channel of changes; cancel stops it. Slow readers miss changes
// rather than slow the frame loop.
func (e *Engine) Subscribe() (ch <-chan Change, cancel func()) {
	c := make(chan Change, 64)
	e.mu.Lock()
	e.subs[c] = struct{}{}
	e.mu.Unlock()
	return c, func() {
		e.mu.Lock()
		delete(e.subs, c)
		e.mu.Unlock()
	}
}

// publish is called with e.mu held (from the frame loop) or from SetConfig.
func (e *Engine) publish(ch Change) {
	ch.Frame = e.frame
	for s := range e.subs {
		select {
		case s <- ch:
		default:
		}
	}
}

// Locked runs fn between two frames, with the frame loop held: for code that must
// touch what the frame loop owns (the simulated board's phones, for instance).
func (e *Engine) Locked(fn func()) {
	e.mu.Lock()
	defer e.mu.Unlock()
	fn()
}
