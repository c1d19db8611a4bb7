package codec

import (
	"math"
	"testing"
)

func TestRoundTrip(t *testing.T) {
	for _, law := range []Law{ULaw, ALaw} {
		t.Run(law.String(), func(t *testing.T) {
			src := make([]int16, 80)
			for i := range src {
				src[i] = int16(8000 * math.Sin(float64(i)))
			}
			enc := make([]byte, 80)
			dec := make([]int16, 80)
			Encode(law, enc, src)
			Decode(law, dec, enc)
			var errs, sig float64
			for i := range src {
				d := float64(src[i] - dec[i])
				errs += d * d
				sig += float64(src[i]) * float64(src[i])
			}
			if snr := 10 * math.Log10(sig/errs); snr < 30 {
				t.Errorf("SNR after round trip %.1f dB, want ≥ 30", snr)
			}
			buf := append([]int16(nil), src...)
			RoundTrip(law, buf)
			for i := range buf {
				if buf[i] != dec[i] {
					t.Fatalf("RoundTrip differs from Encode+Decode at %d", i)
				}
			}
			if n := testing.AllocsPerRun(100, func() { Encode(law, enc, src); Decode(law, dec, enc) }); n != 0 {
				t.Errorf("%v allocs per frame", n)
			}
		})
	}
}

func TestShortSlices(t *testing.T) {
	dst := make([]int16, 2)
	Decode(ULaw, dst, []byte{0xff, 0xff, 0xff})
	Encode(ALaw, make([]byte, 1), []int16{1, 2, 3})
}
