package diag

import (
	"fmt"
	"time"

	"github.com/analogpbx/pbx/board"
	"github.com/analogpbx/pbx/dsp"
	"github.com/analogpbx/pbx/dsp/codec"
	"github.com/analogpbx/pbx/dsp/dtmf"
	"github.com/analogpbx/pbx/dsp/tone"
	"github.com/analogpbx/pbx/hal"
)

// Loopback test signals.
const (
	loopDigits = "159D" // DTMF keys sent around the loop
	loopHz     = 1004.0 // test tone, Hz
	loopLevel  = -10.0  // dBm0 of the test tone
	loopLoss   = 3.0    // dB the tone may lose around the loop
	settle     = 20     // frames the card runs before the tests
	toneFrames = 20     // frames of test tone
	guard      = 5      // frames ignored after switching the loopback
	digitOn    = 80 * time.Millisecond
)

// tester drives the card for the checks that need the PCM path.
type tester struct {
	b      *board.Board
	law    codec.Law
	frame  int64
	tx, rx [][]byte
	ev     []hal.Event
	err    error
}

func newTester(b *board.Board) *tester {
	t := &tester{b: b, law: codec.Law(b.Law)}
	if b.PCM != nil {
		for range b.PCM.Slots() {
			t.tx = append(t.tx, make([]byte, hal.FrameSamples))
			t.rx = append(t.rx, make([]byte, hal.FrameSamples))
		}
	}
	return t
}

// run moves n frames: one PCM period, then every port's Tick, as the frame loop does. send, when
// set, fills the linear audio of slot; recv, when set, gets the audio received in it.
func (t *tester) run(n int, slot int, send func([]int16), recv func([]int16)) {
	var lin [hal.FrameSamples]int16
	for range n {
		if t.b.PCM == nil {
			return
		}
		var silence [hal.FrameSamples]int16
		for s := range t.tx {
			codec.Encode(t.law, t.tx[s], silence[:])
		}
		if send != nil && slot >= 0 && slot < len(t.tx) {
			send(lin[:])
			codec.Encode(t.law, t.tx[slot], lin[:])
		}
		if err := t.b.PCM.Transfer(t.tx, t.rx); err != nil {
			t.err = err
			return
		}
		for _, p := range t.b.Ports {
			if p != nil {
				p.Tick(t.frame)
				t.ev = p.Events(t.ev[:0])
			}
		}
		t.frame++
		if recv != nil && slot >= 0 && slot < len(t.rx) {
			codec.Decode(t.law, lin[:], t.rx[slot])
			recv(lin[:])
		}
	}
}

// settle lets the drivers finish their bring-up and learn the lines.
func (t *tester) settle() { t.run(settle, -1, nil, nil) }

// loopback sends DTMF and a test tone through the PCM path with the chip looping its PCM back.
func (t *tester) loopback(p hal.Port) []Check {
	lp, ok := p.(Looper)
	switch {
	case t.b.PCM == nil:
		return []Check{{"pcm loopback", Skip, "board has no PCM path"}}
	case !ok:
		return []Check{{"pcm loopback", Skip, "driver has no digital loopback"}}
	}
	slot := p.Timeslot()
	if slot < 0 || slot >= len(t.tx) {
		return []Check{{"pcm loopback", Fail, fmt.Sprintf("timeslot %d outside the PCM frame of %d", slot, len(t.tx))}}
	}
	if err := lp.Loopback(true); err != nil {
		return []Check{{"pcm loopback", Fail, err.Error()}}
	}
	t.err = nil
	t.run(guard, slot, nil, nil)

	gen := dtmf.NewGenerator(-10)
	gen.Dial(loopDigits, digitOn, digitOn)
	det := dtmf.NewDetector()
	var got []byte
	frames := int(hal.Frames(time.Duration(len(loopDigits))*2*digitOn)) + guard
	t.run(frames, slot, gen.Read, func(f []int16) {
		if d, ok := det.Process(f); ok {
			got = append(got, d)
		}
	})

	var g tone.Generator
	tn := tone.Tone{Name: "test", Parts: []tone.Part{{Freqs: [2]float64{loopHz, 0}, Level: loopLevel}}}
	g.Play(&tn)
	var power float64
	n := 0
	t.run(toneFrames, slot, g.Read, func(f []int16) {
		if n++; n > guard {
			power += dsp.Power(f, loopHz)
		}
	})
	off := lp.Loopback(false)
	t.run(guard, slot, nil, nil)

	var cs []Check
	dc := Check{"dtmf loopback", Pass, fmt.Sprintf("sent %s, heard %s", loopDigits, got)}
	if string(got) != loopDigits {
		dc.Result = Fail
	}
	level := dsp.MeanSquareDBm0(power / float64(toneFrames-guard))
	tc := Check{"tone loopback", Pass, fmt.Sprintf("%.0f Hz at %.1f dBm0 (sent %.1f)", loopHz, level, loopLevel)}
	if level < loopLevel-loopLoss || level > loopLevel+loopLoss {
		tc.Result = Fail
	}
	cs = append(cs, dc, tc)
	if t.err != nil {
		cs = append(cs, Check{"pcm path", Fail, t.err.Error()})
	}
	if off != nil {
		cs = append(cs, Check{"loopback off", Fail, off.Error()})
	}
	return cs
}
