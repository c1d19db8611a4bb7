package pbx_test

import (
	"math"
	"strings"
	"testing"
	"time"

	"github.com/analogpbx/pbx/dsp"
	"github.com/analogpbx/pbx/dsp/codec"
	"github.com/analogpbx/pbx/dsp/dtmf"
	"github.com/analogpbx/pbx/dsp/tone"
	"github.com/analogpbx/pbx/hal"
	"github.com/analogpbx/pbx/hal/haltest"
	"github.com/analogpbx/pbx/pbx"
)

// frig is an engine on fake ports: four FXS (801..804, slots 0-3) and two FXO (lines 1
// and 2, slots 4-5). Each port's microphone carries its keypad and an optional test tone;
// what each port is sent is decoded every frame.
type frig struct {
	t     *testing.T
	eng   *pbx.Engine
	pcm   *haltest.PCM
	fxs   []*haltest.FXS
	fxo   []*haltest.FXO
	rec   *memRecorder
	keys  []*dtmf.Generator
	tone  []float64 // test tone per slot, Hz (0 = none)
	phase []float64
	mic   []int16
	out   [][]int16 // this frame's audio sent to each slot
}

const frigSlots = 6

func newFrig(t *testing.T, edit func(c *pbx.Config), prompts pbx.Prompts) *frig {
	t.Helper()
	r := &frig{t: t, pcm: haltest.NewPCM(frigSlots), rec: &memRecorder{}, mic: make([]int16, hal.FrameSamples),
		tone: make([]float64, frigSlots), phase: make([]float64, frigSlots)}
	var ports []hal.Port
	var kinds []hal.Kind
	for i := range 4 {
		f := haltest.NewFXS("fxs", i)
		r.fxs = append(r.fxs, f)
		ports, kinds = append(ports, f), append(kinds, hal.KindFXS)
	}
	for i := range 2 {
		f := haltest.NewFXO("fxo", 4+i)
		r.fxo = append(r.fxo, f)
		ports, kinds = append(ports, f), append(kinds, hal.KindFXO)
	}
	cfg := pbx.Default(kinds)
	if edit != nil {
		edit(cfg)
	}
	eng, err := pbx.New(pbx.Opts{Ports: ports, PCM: r.pcm, Law: hal.ULaw, Config: cfg, Rec: r.rec, Prompts: prompts})
	if err != nil {
		t.Fatal(err)
	}
	r.eng = eng
	z, _ := tone.Lookup("us")
	for range 4 {
		r.keys = append(r.keys, dtmf.NewGenerator(z.DTMFLevel))
	}
	for range frigSlots {
		r.out = append(r.out, make([]int16, hal.FrameSamples))
	}
	return r
}

// run runs n frames.
func (r *frig) run(n int) {
	for range n {
		for i := range frigSlots {
			clear(r.mic)
			if i < len(r.keys) {
				r.keys[i].Read(r.mic)
			}
			if hz := r.tone[i]; hz > 0 {
				w := 2 * math.Pi * hz / hal.SampleRate
				for k := range r.mic {
					r.mic[k] += int16(6000 * math.Sin(r.phase[i]))
					r.phase[i] += w
				}
				r.phase[i] = math.Mod(r.phase[i], 2*math.Pi)
			}
			codec.Encode(codec.ULaw, r.pcm.In[i], r.mic)
		}
		if err := r.eng.RunFrame(); err != nil {
			r.t.Fatal(err)
		}
		for i := range frigSlots {
			codec.Decode(codec.ULaw, r.out[i], r.pcm.Out[i])
		}
	}
}

func (r *frig) secs(s float64) { r.run(int(s * 100)) }

// dial keys digits on phone i (0-based) and runs until they are sent.
func (r *frig) dial(i int, digits string) {
	r.keys[i].Dial(digits, 80*time.Millisecond, 80*time.Millisecond)
	for r.keys[i].Busy() {
		r.run(1)
	}
	r.run(5)
}

// call: phone a lifts, dials b's extension; b answers.
func (r *frig) call(a, b int) {
	r.fxs[a].Lift()
	r.run(5)
	r.dial(a, ext(b))
	r.run(5)
	if !r.fxs[b].Ringing() {
		r.t.Fatalf("%s dialed %s: it does not ring (%s)", ext(a), ext(b), r.states())
	}
	r.fxs[b].Lift()
	r.run(5)
}

// hang puts phone i on hook.
func (r *frig) hang(i int) { r.fxs[i].Hang(); r.run(3) }

// flash flashes phone i.
func (r *frig) flash(i int) { r.fxs[i].FlashHook(); r.run(3) }

// hears reports whether slot receives hz clearly in most of the next 20 frames.
func (r *frig) hears(slot int, hz float64) bool {
	n := 0
	for range 20 {
		r.run(1)
		if hasTone(r.out[slot], hz) {
			n++
		}
	}
	return n >= 15
}

func hasTone(f []int16, hz float64) bool {
	if dsp.Level(f) < -35 {
		return false
	}
	var total float64
	for _, s := range f {
		total += float64(s) * float64(s)
	}
	return dsp.Power(f, hz) > 0.3*total/float64(len(f))
}

// ext is the extension number of FXS phone i (0-based).
func ext(i int) string { return "80" + string(rune('1'+i)) }

func (r *frig) states() string {
	var b strings.Builder
	for _, p := range r.eng.Status() {
		b.WriteString(p.Number + "=" + p.State + " ")
	}
	return b.String()
}

func (r *frig) lastCDR() pbx.CDR {
	r.t.Helper()
	if len(r.rec.cdrs) == 0 {
		r.t.Fatal("no call records")
	}
	return r.rec.cdrs[len(r.rec.cdrs)-1]
}
