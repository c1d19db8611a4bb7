package prompt

import (
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/analogpbx/pbx/dsp/internal/testsig"
)

// FuzzParseWAV: no input panics; whatever parses re-encodes (PCM16, 8 kHz) and parses
// back to the same samples.
func FuzzParseWAV(f *testing.F) {
	for _, p := range []string{"en/0.wav", "zh/8.wav", "en/vm-beep.wav"} {
		if b, err := os.ReadFile(filepath.Join("../../prompts", p)); err == nil {
			f.Add(b[:min(len(b), 600)])
		}
	}
	f.Add(EncodeWAV(testsig.Tone(100, 1000, -10), PCM16))
	f.Add(wav(testsig.Tone(200, 1000, -10), 44100, 2, 16, 1))
	f.Add(wav(testsig.Tone(50, 1000, -10), 11025, 1, 8, 0xFFFE))
	f.Add([]byte("RIFF\x00\x00\x00\x00WAVE"))
	f.Fuzz(func(t *testing.T, b []byte) {
		a, err := ParseWAV(b, "fuzz.wav")
		if err != nil {
			return
		}
		if len(a) == 0 {
			t.Fatal("no samples and no error")
		}
		back, err := ParseWAV(EncodeWAV(a, PCM16), "again.wav")
		if err != nil || !slices.Equal(a, back) {
			t.Fatalf("re-encoded file: %v", err)
		}
	})
}
