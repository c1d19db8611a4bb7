package si321x

import (
	"testing"

	"periph.io/x/conn/v3/conntest"
)

// chainRegs is one channel of a daisy chain on a shared connection.
type chainRegs struct {
	p  *conntest.Playback
	ch int
}

func (r chainRegs) Tx(w, rd []byte) error { return r.p.Tx(w, rd) }
func (r chainRegs) Channel() int          { return r.ch }

func TestFraming(t *testing.T) {
	one := func(b byte) conntest.IO { return conntest.IO{W: []byte{b}} }
	tests := []struct {
		name string
		ch   int
		ops  []conntest.IO
		do   func(d *Dev) error
	}{
		{"write, own chip select", -1, []conntest.IO{one(64), one(0x01)},
			func(d *Dev) error { return d.write(regLinefeed, lfActive) }},
		{"read, own chip select", -1, []conntest.IO{one(0x80 | 68), {W: []byte{0}, R: []byte{0x01}}},
			func(d *Dev) error {
				v, err := d.read(regLoopStat)
				if err == nil && v != 0x01 {
					t.Errorf("read = %#02x, want 0x01", v)
				}
				return err
			}},
		{"write, daisy channel 2", 2, []conntest.IO{one(0x04), one(64), one(0x04)},
			func(d *Dev) error { return d.write(regLinefeed, lfRinging) }},
		{"read, daisy channel 0", 0, []conntest.IO{one(0x01), one(0x80 | 82), {W: []byte{0}, R: []byte{0xC8}}},
			func(d *Dev) error { _, err := d.read(regVBATSense); return err }},
		{"indirect write on a Si3215 (IR 20 → 7)", -1, []conntest.IO{
			one(0x80 | 31), {W: []byte{0}, R: []byte{0}},
			one(28), one(0xFD), one(29), one(0x7E), one(30), one(7)},
			func(d *Dev) error { return d.writeIR(irRCO, 0x7EFD) }},
		{"indirect write of a Si3210-only register is skipped", -1, nil,
			func(d *Dev) error { return d.writeIR(3, 0x4937) }},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			p := &conntest.Playback{Ops: tc.ops, DontPanic: true}
			d := &Dev{name: "fxs1", r: chainRegs{p, tc.ch}, si3215: true}
			if err := tc.do(d); err != nil {
				t.Fatal(err)
			}
			if err := p.Close(); err != nil {
				t.Errorf("frames left: %v", err)
			}
		})
	}
}
