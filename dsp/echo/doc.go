// Package echo is the line echo canceller for the hybrid echo of FXS and FXO ports
// (ITU-T G.168 style).
//
// An NLMS adaptive filter (tail up to 128 ms, 1024 taps) models the echo path from
// the frame sent to a port (the reference) to the frame received from it, and
// subtracts its estimate. A Geigel double-talk detector (near-end louder than half the
// loudest reference sample of the tail, 6 dB hybrid loss assumed) freezes adaptation
// while the near end talks and for 30 ms after. A non-linear processor replaces the
// residual echo with comfort noise at the measured background level while only the
// far end talks.
package echo
