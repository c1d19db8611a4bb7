package testbench

import (
	"strings"
	"testing"
)

// After a message is left, the idle phone's display gets the FSK message-waiting
// indication (MDMF, sent as on-hook transmission audio and demodulated by the phone);
// once the message has been heard and the phone hangs up, the indication goes off.
func TestMessageWaitingReachesThePhone(t *testing.T) {
	sc, err := Parse(strings.NewReader(`config conf/voicemail.conf
line1 call from 13800138000
expect line1 hears voice within 10s
line1 dial 802
expect 802 rings within 8s
expect line1 hears voice within 15s
wait 5s
line1 dial 1,2,3
line1 hangup by battery
expect cdr to=802 disposition=voicemail
wait 2s
`), "scenarios/mwi.tb")
	if err != nil {
		t.Fatal(err)
	}
	r := &runner{sc: sc, dir: t.TempDir(), base: "scenarios"}
	defer r.close()
	if err := r.run(); err != nil {
		t.Fatal(err)
	}
	ph, err := r.phone("802")
	if err != nil {
		t.Fatal(err)
	}
	if got := ph.MessageWaiting(); got != 1 {
		t.Errorf("802's message-waiting indication = %d, want 1 (on)", got)
	}
	sc2, err := Parse(strings.NewReader(`802 offhook
expect 802 hears stutter
802 dial *97
expect 802 hears voice
802 dial 739214#
wait 12s
802 dial 9
expect 802 hears voice
wait 14s
expect 802 hears congestion within 15s
802 onhook
wait 3s
`), "scenarios/mwi2.tb")
	if err != nil {
		t.Fatal(err)
	}
	for i := range sc2.Steps {
		if err := r.step(&sc2.Steps[i]); err != nil {
			t.Fatal(err)
		}
	}
	if got := ph.MessageWaiting(); got != 0 {
		t.Errorf("after listening, 802's message-waiting indication = %d, want 0 (off)", got)
	}
}
