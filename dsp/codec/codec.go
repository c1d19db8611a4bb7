// Package codec converts between linear 16-bit PCM and G.711 μ-law or A-law bytes.
//
// It wraps github.com/zaf/g711 (ITU-T G.711) with slice-to-slice calls that allocate
// nothing, for the per-frame audio path.
package codec

import "github.com/zaf/g711"

// Law is a G.711 companding law. Its numbering is that of hal.Law.
type Law uint8

const (
	// ULaw is G.711 μ-law (North America, Japan).
	ULaw Law = 0
	// ALaw is G.711 A-law (Europe, China).
	ALaw Law = 1
)

// String returns "ulaw" or "alaw".
func (l Law) String() string {
	if l == ALaw {
		return "alaw"
	}
	return "ulaw"
}

// Decode expands min(len(dst), len(src)) companded bytes of src into linear samples in dst.
// Any law other than ALaw is treated as μ-law. It allocates nothing.
func Decode(law Law, dst []int16, src []byte) {
	n := min(len(dst), len(src))
	dst, src = dst[:n], src[:n]
	if law == ALaw {
		for i, b := range src {
			dst[i] = g711.DecodeAlawFrame(b)
		}
		return
	}
	for i, b := range src {
		dst[i] = g711.DecodeUlawFrame(b)
	}
}

// Encode compands min(len(dst), len(src)) linear samples of src into dst.
// Any law other than ALaw is treated as μ-law. It allocates nothing.
func Encode(law Law, dst []byte, src []int16) {
	n := min(len(dst), len(src))
	dst, src = dst[:n], src[:n]
	if law == ALaw {
		for i, s := range src {
			dst[i] = g711.EncodeAlawFrame(s)
		}
		return
	}
	for i, s := range src {
		dst[i] = g711.EncodeUlawFrame(s)
	}
}

// RoundTrip replaces each sample of buf with what it becomes after encoding and decoding
// with law: the distortion a G.711 link adds. It allocates nothing.
func RoundTrip(law Law, buf []int16) {
	for i, s := range buf {
		if law == ALaw {
			buf[i] = g711.DecodeAlawFrame(g711.EncodeAlawFrame(s))
		} else {
			buf[i] = g711.DecodeUlawFrame(g711.EncodeUlawFrame(s))
		}
	}
}
