package sim_test

import (
	"testing"

	"github.com/analogpbx/pbx/testbench/sim"
	"periph.io/x/conn/v3/physic"
	"periph.io/x/conn/v3/spi"
)

// readReg reads a DAA register with the byte framing a driver uses.
func readReg(t *testing.T, c spi.Conn, reg byte) byte {
	t.Helper()
	r := make([]byte, 1)
	for _, w := range [][]byte{{0x60}, {reg}} {
		if err := c.Tx(w, nil); err != nil {
			t.Fatal(err)
		}
	}
	if err := c.Tx([]byte{0}, r); err != nil {
		t.Fatal(err)
	}
	return r[0]
}

func TestDAAFraming(t *testing.T) {
	d := sim.NewDAA("fxo1", sim.NewLine("line1", nil))
	c, err := d.Port().Connect(physic.MegaHertz, spi.Mode3, 8)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := d.Port().Connect(physic.MegaHertz, spi.Mode3, 8); err != nil {
		t.Logf("a fresh Port connects again: %v", err)
	}
	if got := readReg(t, c, 2); got != 0x03 {
		t.Errorf("reg 2 = %#02x, want 0x03", got)
	}
	if err := c.Tx([]byte{0x60, 0x02}, nil); err == nil {
		t.Error("a two-byte frame was accepted")
	}
	if d.Violations() != 1 {
		t.Errorf("%d violations, want 1", d.Violations())
	}
	if err := c.TxPackets([]spi.Packet{{W: []byte{0x60}}}); err == nil {
		t.Error("TxPackets accepted")
	}
	// A ProSLIC probe (reg 0 read in ProSLIC framing) is ignored and leaves the framing idle.
	r := make([]byte, 1)
	if err := c.Tx([]byte{0x80}, nil); err != nil {
		t.Fatal(err)
	}
	if err := c.Tx([]byte{0}, r); err != nil || r[0] != 0xFF {
		t.Errorf("ProSLIC read = %#02x, %v; want 0xFF", r[0], err)
	}
	if got := readReg(t, c, 2); got != 0x03 {
		t.Errorf("reg 2 after a ProSLIC probe = %#02x, want 0x03", got)
	}
	// The isolation link comes up a few frames after reg 6 = 0.
	for _, b := range []byte{0x20, 6, 0} {
		if err := c.Tx([]byte{b}, nil); err != nil {
			t.Fatal(err)
		}
	}
	if got := readReg(t, c, 11); got>>4 != 0 {
		t.Errorf("line side id %d before the link is up", got>>4)
	}
	for f := range int64(5) {
		d.Step(f)
	}
	if got := readReg(t, c, 11); got>>4 == 0 {
		t.Error("no line side id 50 ms after reg 6 = 0")
	}
}

func TestDAAFaultNames(t *testing.T) {
	tests := []struct {
		kind string
		ok   bool
	}{
		{"spi-errors", true},
		{"spi-errors:0.01", true},
		{"spi-errors:2", false},
		{"chip-dead", true},
		{"chip-reset", true},
		{"battery-loss", true},
		{"stuck-ring", true},
		{"clear", true},
		{"power-alarm", false},
		{"hook-bounce", false},
		{"smoke", false},
	}
	for _, tt := range tests {
		t.Run(tt.kind, func(t *testing.T) {
			d := sim.NewDAA("fxo1", sim.NewLine("line1", nil))
			if err := d.Fault(tt.kind); (err == nil) != tt.ok {
				t.Errorf("Fault(%q) = %v, want ok %v", tt.kind, err, tt.ok)
			}
		})
	}
}
