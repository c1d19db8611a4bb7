// Package hal is the hardware abstraction of the voice card: the FXS and FXO port
// interfaces and their events, the register bus chip drivers talk through, and the
// PCM voice path whose periods are the system's frame clock.
//
// One driver package per chip lives below (hal/si321x for the ProSLIC FXS, hal/si3050
// for the VoiceDAA FXO). hal imports only the standard library; it knows nothing of
// calls, boards or signal processing.
//
// # Time
//
// Every port is driven by the card's frame loop: once per 10 ms frame the loop moves one
// PCM period and calls Tick on each port. Drivers count frames for every timer they need
// (debounce, ring cadence, recovery back-off); nothing sleeps.
package hal
