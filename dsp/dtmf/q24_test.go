package dtmf

// Receiver tests after the ITU-T Q.24 procedure (and the classic receiver test tape
// that implements it): frequency tolerance, twist, dynamic range, tone and pause
// durations, noise, and talk-off. Run with -v to print the measured figures; they are
// recorded in docs/DSP.md.

import (
	"fmt"
	"io/fs"
	"math"
	"math/rand/v2"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/analogpbx/pbx/dsp/codec"
	"github.com/analogpbx/pbx/dsp/internal/testsig"
	"github.com/analogpbx/pbx/dsp/prompt"
)

const allKeys = "123A456B789C*0#D"

// score sends every key reps times with s (key replaced) and returns the fraction of
// presses recognised exactly (right key, once).
func score(s sig, reps int, law codec.Law, r *rand.Rand) float64 {
	good, total := 0, 0
	for i := 0; i < len(allKeys); i++ {
		s.key = allKeys[i]
		got := detect(synth(s, reps, r), law)
		total += reps
		if got == strings.Repeat(string(s.key), reps) {
			good += reps
		} else {
			good += min(reps, strings.Count(got, string(s.key))) - (len(got) - strings.Count(got, string(s.key)))
		}
	}
	return float64(max(good, 0)) / float64(total)
}

var nominal = sig{lvlLo: -10, lvlHi: -10, on: 50 * time.Millisecond, off: 50 * time.Millisecond}

// sweep finds the last x (from start by step) for which ok holds, walking until it fails.
func sweep(start, step, end float64, ok func(x float64) bool) float64 {
	last := start
	for x := start; (step > 0 && x <= end) || (step < 0 && x >= end); x += step {
		if !ok(x) {
			return last
		}
		last = x
	}
	return last
}

func TestQ24FrequencyTolerance(t *testing.T) {
	r := rand.New(rand.NewPCG(24, 1))
	for _, tt := range []struct {
		name       string
		dev        float64
		wantAccept bool
	}{
		{"low group +1.5%", 0.015, true}, {"low group -1.5%", -0.015, true},
		{"high group +1.5%", 0.015, true}, {"high group -1.5%", -0.015, true},
		{"low group +3.5%", 0.035, false}, {"low group -3.5%", -0.035, false},
		{"high group +3.5%", 0.035, false}, {"high group -3.5%", -0.035, false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			s := nominal
			if strings.HasPrefix(tt.name, "low") {
				s.devLo = tt.dev
			} else {
				s.devHi = tt.dev
			}
			got := score(s, 4, codec.ULaw, r)
			if tt.wantAccept && got < 1 || !tt.wantAccept && got > 0 {
				t.Errorf("recognised %.0f%% of keys, want %v", 100*got, map[bool]string{true: "all", false: "none"}[tt.wantAccept])
			}
		})
	}
	if testing.Verbose() {
		for _, g := range []string{"low", "high"} {
			for _, sign := range []float64{1, -1} {
				set := func(s *sig, x float64) {
					if g == "low" {
						s.devLo = sign * x
					} else {
						s.devHi = sign * x
					}
				}
				acc := sweep(0, 0.001, 0.05, func(x float64) bool { s := nominal; set(&s, x); return score(s, 2, codec.ULaw, r) == 1 })
				rej := sweep(0.05, -0.001, 0, func(x float64) bool { s := nominal; set(&s, x); return score(s, 2, codec.ULaw, r) == 0 })
				t.Logf("RESULT | frequency %s group %+.0f | all accepted to %.1f %%, all rejected from %.1f %% |", g, sign, 100*acc, 100*rej)
			}
		}
	}
}

func TestQ24Twist(t *testing.T) {
	r := rand.New(rand.NewPCG(24, 2))
	for _, tt := range []struct {
		name   string
		lo, hi float64
		accept bool
	}{
		{"high group 4 dB stronger", -14, -10, true},
		{"high group 8 dB weaker", -6, -14, true},
		{"high group 8 dB stronger", -18, -10, false},
		{"high group 14 dB weaker", -6, -20, false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			s := nominal
			s.lvlLo, s.lvlHi = tt.lo, tt.hi
			got := score(s, 4, codec.ULaw, r)
			if tt.accept && got < 1 || !tt.accept && got > 0 {
				t.Errorf("recognised %.0f%%", 100*got)
			}
		})
	}
	if testing.Verbose() {
		tw := func(x float64) sig { s := nominal; s.lvlLo, s.lvlHi = -10-max(0, x), -10+min(0, x); return s }
		fwd := sweep(0, 0.1, 12, func(x float64) bool { return score(tw(x), 2, codec.ULaw, r) == 1 })
		rev := sweep(0, -0.1, -16, func(x float64) bool { return score(tw(x), 2, codec.ULaw, r) == 1 })
		t.Logf("RESULT | twist, high group stronger (limit 4 dB) | accepted to %.1f dB |", fwd)
		t.Logf("RESULT | twist, high group weaker (limit 8 dB) | accepted to %.1f dB |", -rev)
	}
}

func TestQ24DynamicRange(t *testing.T) {
	r := rand.New(rand.NewPCG(24, 3))
	for _, lvl := range []float64{0, -10, -20, -30, -36, -40} {
		t.Run(fmt.Sprintf("%v dBm0", lvl), func(t *testing.T) {
			s := nominal
			s.lvlLo, s.lvlHi = lvl, lvl
			for _, law := range []codec.Law{codec.ULaw, codec.ALaw} {
				if got := score(s, 3, law, r); got < 1 {
					t.Errorf("%v: recognised %.0f%%", law, 100*got)
				}
			}
		})
	}
	t.Run("-55 dBm0 ignored", func(t *testing.T) {
		s := nominal
		s.lvlLo, s.lvlHi = -55, -55
		if got := score(s, 3, codec.ULaw, r); got > 0 {
			t.Errorf("recognised %.0f%%", 100*got)
		}
	})
	if testing.Verbose() {
		lo := sweep(-30, -0.5, -60, func(x float64) bool { s := nominal; s.lvlLo, s.lvlHi = x, x; return score(s, 2, codec.ULaw, r) == 1 })
		hi := sweep(-10, 0.5, 3, func(x float64) bool { s := nominal; s.lvlLo, s.lvlHi = x, x; return score(s, 2, codec.ULaw, r) == 1 })
		t.Logf("RESULT | dynamic range (μ-law) | %.1f to %+.1f dBm0 per tone (%.0f dB) |", lo, hi, hi-lo)
	}
}

func TestQ24Durations(t *testing.T) {
	r := rand.New(rand.NewPCG(24, 4))
	ms := time.Millisecond
	for _, tt := range []struct {
		name    string
		on, off time.Duration
		want    float64
	}{
		{"40 ms tone accepted", 40 * ms, 60 * ms, 1},
		{"40 ms pause separates", 60 * ms, 40 * ms, 1},
		{"18 ms tone rejected", 18 * ms, 100 * ms, 0},
	} {
		t.Run(tt.name, func(t *testing.T) {
			s := nominal
			s.on, s.off = tt.on, tt.off
			if got := score(s, 6, codec.ULaw, r); got != tt.want {
				t.Errorf("recognised %.0f%%, want %.0f%%", 100*got, 100*tt.want)
			}
		})
	}
	t.Run("10 ms break bridged", func(t *testing.T) {
		// A 100 ms tone with a 10 ms gap in the middle is one key press.
		for i := 0; i < len(allKeys); i++ {
			s := nominal
			s.key, s.on, s.off = allKeys[i], 100*ms, 100*ms
			pcm := synth(s, 1, r)
			start := 0
			for pcm[start] == 0 {
				start++
			}
			clear(pcm[start+360 : start+440])
			if got := detect(pcm, codec.ULaw); got != string(s.key) {
				t.Errorf("key %c with a 10 ms break: %q", s.key, got)
			}
		}
	})
	if testing.Verbose() {
		minOn := sweep(60, -1, 5, func(x float64) bool {
			s := nominal
			s.on = time.Duration(x) * ms
			return score(s, 3, codec.ULaw, r) == 1
		})
		maxRej := sweep(5, 1, 60, func(x float64) bool {
			s := nominal
			s.on = time.Duration(x) * ms
			return score(s, 3, codec.ULaw, r) == 0
		})
		minOff := sweep(60, -1, 0, func(x float64) bool {
			s := nominal
			s.off = time.Duration(x) * ms
			return score(s, 3, codec.ULaw, r) == 1
		})
		t.Logf("RESULT | tone duration | all accepted from %.0f ms, all rejected to %.0f ms |", minOn, maxRej)
		t.Logf("RESULT | pause between keys | all separated from %.0f ms |", minOff)
	}
}

func TestQ24Noise(t *testing.T) {
	r := rand.New(rand.NewPCG(24, 5))
	for _, snr := range []float64{20, 15, 12} {
		t.Run(fmt.Sprintf("S/N %v dB", snr), func(t *testing.T) {
			s := nominal
			s.lvlLo, s.lvlHi = -20, -20
			s.noise = -20 - snr
			reps := 4
			if testing.Verbose() {
				reps = 20
			}
			got := score(s, reps, codec.ULaw, r)
			if snr >= 15 && got < 1 {
				t.Errorf("recognised %.2f%% with white noise %v dB below each tone", 100*got, snr)
			}
			t.Logf("RESULT | noise: white noise %v dB below each tone (tones -20 dBm0) | %.2f %% of %d keys recognised |", snr, 100*got, reps*16)
		})
	}
}

// talkOff counts keys reported on pcm at gains (dB).
func talkOff(pcm []int16, gains []float64) (keys string) {
	for _, g := range gains {
		buf := make([]int16, len(pcm))
		f := math.Pow(10, g/20)
		for i, v := range pcm {
			x := float64(v) * f
			buf[i] = int16(max(-32768, min(32767, x)))
		}
		keys += detect(buf, codec.ULaw)
	}
	return keys
}

func TestQ24TalkOff(t *testing.T) {
	gains := []float64{-10, 0, 6} // around the natural -20 dBm0 speech level
	var corpus []struct {
		name string
		pcm  []int16
	}
	add := func(name string, pcm []int16) {
		corpus = append(corpus, struct {
			name string
			pcm  []int16
		}{name, pcm})
	}
	// espeak-ng speech: the whole default prompt set, both languages.
	for _, lang := range []string{prompt.English, prompt.Mandarin} {
		var all []int16
		files, _ := fs.Glob(os.DirFS("../../prompts"), lang+"/*.wav")
		for _, f := range files {
			if strings.Contains(f, "vm-beep") {
				continue // a pure 1 kHz tone
			}
			a, err := prompt.Load("../../prompts/" + f)
			if err != nil {
				t.Fatal(err)
			}
			all = append(all, a...)
		}
		add("espeak-ng "+lang, all)
	}
	secs := 30.0
	if testing.Verbose() {
		secs = 120
	}
	for seed := range uint64(3) {
		add(fmt.Sprintf("formant speech %d", seed), testsig.Speech(secs, -20, seed))
	}
	add("music", testsig.Music(secs, -20, 9))
	var total float64
	for _, c := range corpus {
		t.Run(c.name, func(t *testing.T) {
			keys := talkOff(c.pcm, gains)
			d := float64(len(c.pcm)) / 8000 * float64(len(gains))
			total += d
			if keys != "" {
				t.Errorf("%.0f s of audio gave keys %q", d, keys)
			}
			t.Logf("RESULT | talk-off: %s (%.0f s at 3 levels) | %d false keys |", c.name, d, len(keys))
		})
	}
	_ = total
}
