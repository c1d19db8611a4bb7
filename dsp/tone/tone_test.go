package tone

import (
	"math"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/analogpbx/pbx/dsp"
	"github.com/analogpbx/pbx/dsp/codec"
	"github.com/analogpbx/pbx/dsp/dtmf"
	"github.com/analogpbx/pbx/dsp/internal/testsig"
)

// render plays t for d after an offset (to start mid-cadence) through G.711 of law.
func render(t *Tone, skip, d time.Duration, law codec.Law) [][]int16 {
	var g Generator
	g.Play(t)
	buf := make([]int16, dsp.FrameSize)
	for range int(skip / (10 * time.Millisecond)) {
		g.Read(buf)
	}
	var out [][]int16
	for range int(d / (10 * time.Millisecond)) {
		f := make([]int16, dsp.FrameSize)
		g.Read(f)
		codec.RoundTrip(law, f)
		out = append(out, f)
	}
	return out
}

// firstMatch returns the time at which the matcher matched, or -1.
func firstMatch(t *testing.T, z *Zone, word string, frames [][]int16) time.Duration {
	t.Helper()
	m, err := NewMatcher(z, word)
	if err != nil {
		t.Fatal(err)
	}
	for i, f := range frames {
		if m.Feed(f) {
			return time.Duration(i+1) * 10 * time.Millisecond
		}
	}
	return -1
}

func TestLookup(t *testing.T) {
	for _, n := range Names() {
		z, err := Lookup(n)
		if err != nil || z.Name != n {
			t.Fatalf("Lookup(%q) = %v, %v", n, z, err)
		}
	}
	if _, err := Lookup("xx"); err == nil {
		t.Error("Lookup(xx): no error")
	}
}

func TestGeneratorLevel(t *testing.T) {
	tn := Tone{Parts: []Part{{Freqs: [2]float64{1004, 0}, Level: -10}}}
	var g Generator
	g.Play(&tn)
	buf := make([]int16, 800)
	g.Read(buf)
	if l := dsp.Level(buf); math.Abs(l+10) > 0.1 {
		t.Errorf("level %.2f dBm0, want -10", l)
	}
	g.Stop()
	g.Read(buf)
	if dsp.Level(buf) != dsp.Silence || g.Playing() {
		t.Error("not silent after Stop")
	}
}

func TestGeneratorCadence(t *testing.T) {
	z, _ := Lookup("us")
	var g Generator
	g.Play(&z.Busy)
	buf := make([]int16, 80)
	var pattern []bool
	for range 200 {
		g.Read(buf)
		pattern = append(pattern, dsp.Level(buf) > -40)
	}
	for i, on := range pattern {
		if want := (i/50)%2 == 0; on != want {
			t.Fatalf("frame %d on=%v, want %v", i, on, want)
		}
	}
}

// TestMatcherZones plays every tone of every zone, from several starting offsets, to
// the matcher of every tone word: only its own word may match.
func TestMatcherZones(t *testing.T) {
	tones := []string{"dialtone", "ringback", "busy", "congestion", "callwaiting", "stutter"}
	for _, zn := range Names() {
		z, _ := Lookup(zn)
		for _, played := range tones {
			for _, skip := range []time.Duration{0, 130 * time.Millisecond, 1770 * time.Millisecond} {
				if played == "stutter" && zn == "us" && skip > time.Second {
					continue // past the stutter: steady dial tone
				}
				frames := render(z.ToneByName(played), skip, 12*time.Second, z.Law)
				for _, word := range tones {
					t.Run(zn+"/"+played+"/"+word+"/"+skip.String(), func(t *testing.T) {
						at := firstMatch(t, z, word, frames)
						switch {
						case word == played && at < 0:
							t.Errorf("%s not recognised in 12 s", word)
						case word != played && at >= 0:
							t.Errorf("%s heard as %s after %v", played, word, at)
						}
					})
				}
			}
		}
	}
}

func TestMatcherDialToneFast(t *testing.T) {
	z, _ := Lookup("us")
	if at := firstMatch(t, z, "dialtone", render(&z.Dial, 0, time.Second, z.Law)); at < 0 || at > 400*time.Millisecond {
		t.Errorf("us dial tone recognised after %v, want ≤ 400ms", at)
	}
}

func noise(n int, dBm0 float64, r *rand.Rand) [][]int16 {
	var out [][]int16
	sd := dsp.Amplitude(dBm0) / math.Sqrt2
	for range n {
		f := make([]int16, 80)
		for i := range f {
			f[i] = dsp.Clamp16(r.NormFloat64() * sd)
		}
		out = append(out, f)
	}
	return out
}

func TestMatcherSilenceVoiceBeep(t *testing.T) {
	z, _ := Lookup("us")
	r := rand.New(rand.NewPCG(1, 2))
	quiet := noise(150, -60, r)
	loud := noise(150, -20, r)
	if at := firstMatch(t, z, "silence", quiet); at < 0 {
		t.Error("silence not recognised")
	}
	if at := firstMatch(t, z, "silence", loud); at >= 0 {
		t.Error("noise heard as silence")
	}
	if at := firstMatch(t, z, "voice", loud); at < 0 {
		t.Error("noise at -20 dBm0 not heard as voice")
	}
	if at := firstMatch(t, z, "voice", render(&z.Dial, 0, 3*time.Second, z.Law)); at >= 0 {
		t.Error("dial tone heard as voice")
	}
	beep := Tone{Name: "beep", Parts: []Part{{Dur: 300 * time.Millisecond}, {Freqs: [2]float64{1000, 0}, Dur: 200 * time.Millisecond, Level: -15}}}
	if at := firstMatch(t, z, "beep", render(&beep, 0, time.Second, z.Law)); at < 0 {
		t.Error("beep not recognised")
	}
	if at := firstMatch(t, z, "beep", render(&z.Dial, 0, 2*time.Second, z.Law)); at >= 0 {
		t.Error("dial tone heard as beep")
	}
}

func TestBusyDetector(t *testing.T) {
	for _, zn := range Names() {
		z, _ := Lookup(zn)
		for _, tn := range []*Tone{&z.Busy, &z.Congestion} {
			t.Run(zn+"/"+tn.Name, func(t *testing.T) {
				var period time.Duration
				for _, p := range tn.Parts {
					period += p.Dur
				}
				d := NewBusyDetector(z)
				frames := render(tn, 70*time.Millisecond, 4*period, z.Law)
				for i, f := range frames {
					if d.Feed(f) {
						t.Logf("recognised after %v (cadence %v)", time.Duration(i+1)*10*time.Millisecond, period)
						return
					}
				}
				t.Errorf("not recognised within four cadences (%v)", 4*period)
			})
		}
		for _, tn := range []*Tone{&z.Dial, &z.Ringback, &z.CallWaiting} {
			t.Run(zn+"/not-"+tn.Name, func(t *testing.T) {
				d := NewBusyDetector(z)
				for _, f := range render(tn, 0, 15*time.Second, z.Law) {
					if d.Feed(f) {
						t.Fatalf("%s taken for busy", tn.Name)
					}
				}
			})
		}
	}
}

// frames cuts pcm into 80-sample frames.
func frames(pcm []int16) [][]int16 {
	var out [][]int16
	for i := 0; i+80 <= len(pcm); i += 80 {
		out = append(out, pcm[i:i+80])
	}
	return out
}

func TestBusyLearn(t *testing.T) {
	us, _ := Lookup("us")
	// A line whose busy tone is not the zone's: 425 Hz, 300 ms on, 300 ms off.
	own := cadenceTone([2]float64{425, 0}, -15, []time.Duration{300 * time.Millisecond, 300 * time.Millisecond})
	d := NewBusyDetector(us)
	heard := render(own, 100*time.Millisecond, 4*time.Second, codec.ULaw)
	for _, f := range heard {
		if d.Feed(f) {
			t.Fatal("unlearned tone taken for busy")
		}
	}
	var rec [][]int16
	rec = append(rec, heard...)
	learned, err := d.Learn(rec)
	if err != nil {
		t.Fatal(err)
	}
	if got := FormatCadence(learned.Cadence()); got != "300,300" || math.Abs(learned.Parts[0].Freqs[0]-425) > 5 {
		t.Errorf("learned %v Hz %s, want 425 Hz 300,300", learned.Parts[0].Freqs, got)
	}
	for i, f := range render(own, 230*time.Millisecond, 3*time.Second, codec.ULaw) {
		if d.Feed(f) {
			t.Logf("learned tone recognised after %v", time.Duration(i+1)*10*time.Millisecond)
			break
		}
		if i == 299 {
			t.Error("learned tone not recognised in 3 s")
		}
	}
	// The zone's own busy tone still works after learning.
	d.Reset()
	ok := false
	for _, f := range render(&us.Busy, 0, 4*time.Second, codec.ULaw) {
		ok = ok || d.Feed(f)
	}
	if !ok {
		t.Error("zone busy tone not recognised after learning")
	}
	// SetCadence from a stored configuration.
	d2 := NewBusyDetector(us)
	if err := d2.SetCadence("250,350"); err != nil {
		t.Fatal(err)
	}
	ok = false
	for _, f := range render(cadenceTone(us.Busy.Parts[0].Freqs, -20, []time.Duration{250 * time.Millisecond, 350 * time.Millisecond}), 0, 4*time.Second, codec.ULaw) {
		ok = ok || d2.Feed(f)
	}
	if !ok {
		t.Error("stored cadence 250,350 not recognised")
	}
	for _, bad := range []string{"", "500", "a,b", "5,5"} {
		if err := d2.SetCadence(bad); err == nil {
			t.Errorf("SetCadence(%q): no error", bad)
		}
	}
	if _, err := NewBusyDetector(us).Learn(frames(testsig.Speech(5, -20, 1))); err == nil {
		t.Error("learned a busy tone from speech")
	}
}

// TestBusyNoFalseClear feeds speech, music, DTMF and the zone's other tones: the busy
// detector must not fire.
func TestBusyNoFalseClear(t *testing.T) {
	keys := dtmf.NewGenerator(-8)
	keys.Dial("0123456789*#ABCD0123456789*#ABCD", 350*time.Millisecond, 350*time.Millisecond)
	var dtmfPCM []int16
	buf := make([]int16, 80)
	for keys.Busy() {
		keys.Read(buf)
		dtmfPCM = append(dtmfPCM, buf...)
	}
	inputs := map[string][]int16{
		"speech 0": testsig.Speech(60, -20, 0),
		"speech 1": testsig.Speech(60, -12, 1),
		"music":    testsig.Music(60, -18, 2),
		"dtmf":     dtmfPCM,
	}
	for _, lang := range []string{"en", "zh"} {
		var all []int16
		for _, n := range []string{"welcome", "rate", "after-hours", "vm-greeting", "vm-menu", "queue-music"} {
			a, err := loadPrompt(lang, n)
			if err != nil {
				t.Fatal(err)
			}
			all = append(all, a...)
		}
		inputs["prompts "+lang] = all
	}
	for _, zn := range Names() {
		z, _ := Lookup(zn)
		for name, pcm := range inputs {
			t.Run(zn+"/"+name, func(t *testing.T) {
				d := NewBusyDetector(z)
				buf := append([]int16(nil), pcm...)
				codec.RoundTrip(z.Law, buf)
				for i, f := range frames(buf) {
					if d.Feed(f) {
						t.Fatalf("false clear after %v", time.Duration(i+1)*10*time.Millisecond)
					}
				}
			})
		}
	}
}
