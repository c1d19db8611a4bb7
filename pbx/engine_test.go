package pbx_test

import (
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

// rig is an engine on fake ports: two FXS (801, 802) and one FXO (line 1).
type rig struct {
	t    *testing.T
	eng  *pbx.Engine
	pcm  *haltest.PCM
	fxs  []*haltest.FXS
	fxo  *haltest.FXO
	rec  *memRecorder
	keys []*dtmf.Generator
	buf  []int16
}

type memRecorder struct{ cdrs []pbx.CDR }

func (m *memRecorder) Record(c pbx.CDR) { m.cdrs = append(m.cdrs, c) }

func newRig(t *testing.T) *rig {
	t.Helper()
	r := &rig{t: t, pcm: haltest.NewPCM(3), rec: &memRecorder{}, buf: make([]int16, hal.FrameSamples)}
	r.fxs = []*haltest.FXS{haltest.NewFXS("fxs1", 0), haltest.NewFXS("fxs2", 1)}
	r.fxo = haltest.NewFXO("fxo1", 2)
	ports := []hal.Port{r.fxs[0], r.fxs[1], r.fxo}
	cfg := pbx.Default(hal.Kinds(2, 1))
	eng, err := pbx.New(pbx.Opts{Ports: ports, PCM: r.pcm, Law: hal.ULaw, Config: cfg, Rec: r.rec})
	if err != nil {
		t.Fatal(err)
	}
	r.eng = eng
	z, _ := tone.Lookup("us")
	r.keys = []*dtmf.Generator{dtmf.NewGenerator(z.DTMFLevel), dtmf.NewGenerator(z.DTMFLevel)}
	return r
}

// run runs n frames, feeding each phone's keypad into its slot.
func (r *rig) run(n int) {
	for range n {
		for i, k := range r.keys {
			k.Read(r.buf)
			codec.Encode(codec.ULaw, r.pcm.In[i], r.buf)
		}
		if err := r.eng.RunFrame(); err != nil {
			r.t.Fatal(err)
		}
	}
}

// hears runs up to d and reports whether the audio sent to slot matches word.
func (r *rig) hears(slot int, word string, d time.Duration) bool {
	z, _ := tone.Lookup("us")
	m, err := tone.NewMatcher(z, word)
	if err != nil {
		r.t.Fatal(err)
	}
	for range hal.Frames(d) {
		r.run(1)
		codec.Decode(codec.ULaw, r.buf, r.pcm.Out[slot])
		if m.Feed(r.buf) {
			return true
		}
	}
	return false
}

func (r *rig) state(port int) string {
	for _, p := range r.eng.Status() {
		if p.Port == port {
			return p.State
		}
	}
	return "?"
}

func TestInternalCall(t *testing.T) {
	r := newRig(t)
	r.fxs[0].Lift()
	if !r.hears(0, "dialtone", 2*time.Second) {
		t.Fatalf("801 off hook: no dial tone (state %s)", r.state(1))
	}
	r.keys[0].Dial("802", 80*time.Millisecond, 80*time.Millisecond)
	r.run(60)
	if !r.fxs[1].Ringing() {
		t.Fatalf("after dialing 802: 802 not ringing; 801 %s, 802 %s", r.state(1), r.state(2))
	}
	if !r.hears(0, "ringback", 8*time.Second) {
		t.Fatalf("801 does not hear ringback (state %s)", r.state(1))
	}
	r.fxs[1].Lift()
	r.run(2)
	if got := r.state(1) + "/" + r.state(2); got != "talking/talking" {
		t.Fatalf("after answer: %s, want talking/talking", got)
	}
	r.fxs[0].Hang()
	if !r.hears(1, "busy", 3*time.Second) {
		t.Fatalf("802 does not hear busy after 801 hung up (state %s)", r.state(2))
	}
	r.fxs[1].Hang()
	r.run(2)
	if len(r.rec.cdrs) != 1 {
		t.Fatalf("%d call records, want 1", len(r.rec.cdrs))
	}
	c := r.rec.cdrs[0]
	if c.From != "801" || c.To != "802" || c.Disposition != pbx.Answered || c.Port != 1 || c.Line != 0 {
		t.Errorf("record %+v, want 801→802 answered on port 1", c)
	}
}

func TestBusyAndFaultyPorts(t *testing.T) {
	r := newRig(t)
	r.fxs[1].Lift()
	r.run(2)
	r.fxs[0].Lift()
	r.run(2)
	r.keys[0].Dial("802", 80*time.Millisecond, 80*time.Millisecond)
	r.run(50)
	if !r.hears(0, "busy", 3*time.Second) {
		t.Fatalf("801 calling off-hook 802: no busy tone (state %s)", r.state(1))
	}
	r.fxs[0].Hang()
	r.run(2)
	if got := r.rec.cdrs[len(r.rec.cdrs)-1].Disposition; got != pbx.Busy {
		t.Errorf("disposition %q, want busy", got)
	}
	r.fxs[1].Hang()
	r.fxs[1].Fail("chip not answering")
	r.run(2)
	if s := r.state(2); s != "faulty" {
		t.Errorf("failed port state %q, want faulty", s)
	}
	r.fxs[1].Fail("")
	r.run(2)
	if s := r.state(2); s != "idle" {
		t.Errorf("recovered port state %q, want idle", s)
	}
}

func TestOutsideCallDialsOnLine(t *testing.T) {
	r := newRig(t)
	r.fxs[0].Lift()
	r.run(5)
	r.keys[0].Dial("95551234#", 80*time.Millisecond, 80*time.Millisecond)
	r.run(150)
	if !r.fxo.Seized() {
		t.Fatalf("line not seized (801 %s, line %s)", r.state(1), r.state(3))
	}
	// The digits go out on the line as DTMF.
	det := dtmf.NewDetector()
	got := ""
	for range 300 {
		r.run(1)
		codec.Decode(codec.ULaw, r.buf, r.pcm.Out[2])
		if d, ok := det.Process(r.buf); ok {
			got += string(d)
		}
	}
	if got != "5551234" {
		t.Errorf("line dialed %q, want 5551234", got)
	}
	if s := r.state(1); s != "talking" {
		t.Errorf("801 state %q after dialing, want talking", s)
	}
	r.fxo.Battery(false)
	r.run(3)
	if r.fxo.Seized() {
		t.Error("line still seized after far-end battery loss")
	}
	if s := r.state(1); s != "busy" {
		t.Errorf("801 state %q after far-end clear, want busy", s)
	}
}

// A prompt missing at call time plays a tone instead, and the call goes on: the caller on a
// line hears the tone where the greeting belongs, then the operator rings.
func TestMissingPromptPlaysTone(t *testing.T) {
	r := newRig(t) // no prompts at all
	r.fxo.RingIn(true)
	r.run(5)
	r.fxo.RingIn(false)
	r.run(400)
	r.fxo.RingIn(true) // second ring without caller ID: the call is routed to the attendant
	r.run(5)
	if !r.fxo.Seized() {
		t.Fatalf("attendant did not answer (line %s)", r.state(3))
	}
	heard := false
	for range 100 {
		r.run(1)
		codec.Decode(codec.ULaw, r.buf, r.pcm.Out[2])
		if dsp.Level(r.buf) > -30 {
			heard = true
			break
		}
	}
	if !heard {
		t.Fatal("nothing played where the missing greeting belongs")
	}
	rang := false
	for range 2000 {
		r.run(1)
		if r.fxs[0].Ringing() {
			rang = true
			break
		}
	}
	if !rang {
		t.Errorf("the operator never rang after the menu (line %s)", r.state(3))
	}
}
