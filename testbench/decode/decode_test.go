package decode

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/analogpbx/pbx/dsp/cid"
	"github.com/analogpbx/pbx/dsp/dtmf"
	"github.com/analogpbx/pbx/dsp/prompt"
	"github.com/analogpbx/pbx/dsp/tone"
)

// write saves pcm as a WAV file in dir.
func write(t *testing.T, dir, name string, pcm []int16, enc prompt.Encoding) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, prompt.EncodeWAV(pcm, enc), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func silence(d time.Duration) []int16 { return make([]int16, int(d.Seconds()*8000)) }

func keysPCM(keys string) []int16 {
	g := dtmf.NewGenerator(-10)
	g.Dial(keys, 80*time.Millisecond, 80*time.Millisecond)
	out := silence(300 * time.Millisecond)
	buf := make([]int16, 80)
	for g.Busy() {
		g.Read(buf)
		out = append(out, buf...)
	}
	return append(out, silence(200*time.Millisecond)...)
}

func cidPCM(std tone.CIDStandard, msg []byte) []int16 {
	m := cid.NewModulator(std, msg)
	out := silence(500 * time.Millisecond)
	buf := make([]int16, 80)
	for !m.Read(buf) {
		out = append(out, buf...)
	}
	return append(append(out, buf...), silence(300*time.Millisecond)...)
}

func tonePCM(z *tone.Zone, parts ...any) []int16 {
	var out []int16
	for i := 0; i < len(parts); i += 2 {
		var g tone.Generator
		if t, ok := parts[i].(*tone.Tone); ok {
			g.Play(t)
		}
		buf := make([]int16, int(parts[i+1].(time.Duration).Seconds()*8000))
		g.Read(buf)
		out = append(out, buf...)
	}
	return out
}

func run(args ...string) (code int, out, errs string) {
	var o, e bytes.Buffer
	code = Run(args, &o, &e)
	return code, o.String(), e.String()
}

func TestDecode(t *testing.T) {
	dir := t.TempDir()
	us, _ := tone.Lookup("us")
	cn, _ := tone.Lookup("cn")
	msg := cid.EncodeMDMF(cid.Message{Number: "13800138000", Name: "ZHANG SAN", Time: time.Date(2026, 11, 23, 20, 5, 0, 0, time.UTC), MWI: -1})
	tests := []struct {
		name string
		args []string
		code int
		out  string // substring of stdout ("" = empty), or of stderr when code != 0
	}{
		{"dtmf", []string{"dtmf", write(t, dir, "keys.wav", keysPCM("0123456789*#ABCD"), prompt.ULaw)}, 0, "0123456789*#ABCD\n"},
		{"dtmf none", []string{"dtmf", write(t, dir, "quiet.wav", silence(time.Second), prompt.PCM16)}, 0, "\n"},
		{"cid bell202", []string{"cid", write(t, dir, "cid.wav", cidPCM(tone.Bell202, msg), prompt.ULaw)}, 0, "standard: bell202\nformat: mdmf (type 0x80)\ntime: 11-23 20:05\nnumber: 13800138000\nname: ZHANG SAN\n"},
		{"cid v23", []string{"cid", "-std", "v23", write(t, dir, "v23.wav", cidPCM(tone.V23, msg), prompt.ALaw)}, 0, "number: 13800138000"},
		{"cid dtmf", []string{"cid", write(t, dir, "dcid.wav", cidPCM(tone.DTMFCID, []byte("4567")), prompt.ALaw)}, 0, "standard: dtmf\nformat: mdmf (type 0x80)\nnumber: 4567\n"},
		{"cid none", []string{"cid", filepath.Join(dir, "quiet.wav")}, 1, "no caller ID message found"},
		{"tones us", []string{"tones", write(t, dir, "us.wav", tonePCM(us, &us.Dial, 2*time.Second, nil, time.Second, &us.Busy, 3*time.Second), prompt.ULaw)}, 0,
			"zone us\n    0.00s     2.00s  dialtone\n    2.00s     3.00s  silence\n    3.00s     6.00s  busy\n"},
		{"tones cn", []string{"tones", "-zone", "cn", write(t, dir, "cn.wav", tonePCM(cn, &cn.Congestion, 4*time.Second), prompt.ALaw)}, 0, "zone cn\n    0.00s     4.00s  congestion\n"},
		{"missing file", []string{"dtmf", filepath.Join(dir, "nope.wav")}, 1, "nope.wav"},
		{"not a wav", []string{"tones", write(t, dir, "x.wav", nil, prompt.PCM16)[:0] + filepath.Join("decode_test.go")}, 1, "decode_test.go: not a WAV file"},
		{"no kind", nil, 2, "usage"},
		{"bad kind", []string{"morse", "x.wav"}, 2, "unknown kind"},
		{"bad zone", []string{"tones", "-zone", "mars", filepath.Join(dir, "us.wav")}, 2, "unknown zone"},
		{"two files", []string{"dtmf", "a.wav", "b.wav"}, 2, "give one WAV file"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, out, errs := run(tt.args...)
			if code != tt.code {
				t.Fatalf("exit %d, want %d; stdout %q stderr %q", code, tt.code, out, errs)
			}
			got := out
			if code != 0 {
				got = errs
			}
			if tt.code == 0 && strings.HasSuffix(tt.out, "\n") && tt.name != "cid v23" {
				if got != tt.out {
					t.Errorf("output %q, want %q", got, tt.out)
				}
			} else if !strings.Contains(got, tt.out) {
				t.Errorf("output %q, want it to contain %q", got, tt.out)
			}
		})
	}
}
