// Package tone holds the regional tone plans (zones) and plays and recognises their
// call-progress tones: dial, busy, ringback, congestion, call waiting, stutter and record.
//
// Zone data follows hardware.md §6.1 (dahdi-tools zonedata.c, ITU-T E.180 Suppl. 2,
// BT SIN 350). A Generator plays a Tone frame by frame; a Matcher is the simulated
// phone's ear used by the testbench ("hears dialtone"); a BusyDetector recognises a
// far-end clear by busy or reorder tone on an FXO line.
package tone
