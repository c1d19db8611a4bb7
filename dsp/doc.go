// Package dsp holds the audio framing shared by the telephone-grade signal processing
// packages below it, and small helpers to measure levels.
//
// All audio is 8 kHz linear 16-bit PCM in frames of 80 samples (10 ms). Levels are in
// dBm0 on the G.711 scale: a full-scale sine (peak 32768) is +3.14 dBm0, so a 0 dBm0
// sine has a peak of about 22 835 and an RMS value of about 16 147.
//
// The algorithms live in sub-packages, one idea each: codec (G.711), tone (zones,
// call-progress tone generation and recognition), dtmf (ITU-T Q.23/Q.24 receiver and
// generator), cid (caller ID framing and FSK/DTMF modems), echo (line echo canceller),
// mix (conference mixer) and prompt (WAV prompts and announcements). None of them knows
// anything about calls.
package dsp
