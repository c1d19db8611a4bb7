// Package dtmf detects and generates DTMF (dual-tone multi-frequency) key signals,
// ITU-T Q.23 (frequencies) and Q.24 (receiver requirements).
//
// # Receiver
//
// Each 10 ms frame (80 samples) is correlated with the eight DTMF frequencies. Two
// consecutive frames form a 20 ms analysis window (50 Hz resolution) whose powers give
// the level, twist, relative-peak and signal-to-total-energy tests; the phase advance
// of each tone from one frame to the next measures its frequency to within a few
// hertz, which gives the Q.24 frequency tolerance (accept ±1.5 %, reject ±3.5 %)
// that a plain Goertzel bank of this length cannot. A key is reported once, after
// three consecutive valid windows (at least 20 ms of tone; every 40 ms tone passes),
// and released after two windows without it (a 40 ms pause always releases; a
// 10 ms break does not). Frequencies and limits: hardware.md §6.4.
//
// # Generator
//
// Generator plays a queue of keys with set level, tone and pause lengths.
package dtmf
