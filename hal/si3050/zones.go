package si3050

import (
	"fmt"
	"time"
)

// country is one row of the per-country DAA settings, in the manner of DAHDI's fxo_modes.h
// (hardware.md §5.7; reliability.md §4.1 for the timings).
type country struct {
	name string
	ohs  uint8 // on-hook speed (reg 16 bit 6)
	ohs2 uint8 // on-hook speed 2 (reg 31 bit 3)
	rz   uint8 // ringer impedance (reg 16 bit 1)
	rt   uint8 // ring detect threshold (reg 16 bit 0)
	ilim uint8 // current limit, TBR21 (reg 26 bit 1)
	dcv  uint8 // DC termination voltage (reg 26 bits 7:6)
	mini uint8 // minimum operational loop current (reg 26 bits 5:4)
	acim uint8 // AC impedance (reg 30 bits 3:0)

	battThresh   int           // volts: |LVS| below this means no battery
	battDebounce time.Duration // battery lost/back debounce
	battAlarm    time.Duration // battery missing this long after BatteryLost: port alarm
	polDebounce  time.Duration // polarity reversal debounce
	ringDebounce time.Duration // ring burst ends after no ring alternation for this long
}

// countries returns the supported DAA settings (a function, not a global table). us is FCC
// (US, Canada); cn follows SL-api's China preset (200 Ω + 680 Ω ‖ 100 nF); uk, de, tbr21 and au
// follow fxo_modes.h.
func countries() []country {
	return []country{
		{name: "us", rt: 1, dcv: 3, acim: 0},
		{name: "cn", dcv: 3, mini: 0, acim: 10},
		{name: "uk", ohs2: 1, ilim: 1, dcv: 3, acim: 5},
		{name: "de", ohs2: 1, ilim: 1, dcv: 3, acim: 3},
		{name: "tbr21", ilim: 1, dcv: 3, acim: 2},
		{name: "au", ohs: 1, dcv: 0, mini: 3, acim: 3},
	}
}

// Timings shared by every zone (DAHDI defaults).
const (
	defBattThresh   = 3
	defBattDebounce = 64 * time.Millisecond
	defBattAlarm    = 1000 * time.Millisecond
	defPolDebounce  = 64 * time.Millisecond
	defRingDebounce = 64 * time.Millisecond
)

// lookupCountry returns the settings row for zone ("" = us).
func lookupCountry(zone string) (country, error) {
	if zone == "" {
		zone = "us"
	}
	for _, c := range countries() {
		if c.name == zone {
			c.battThresh = defBattThresh
			c.battDebounce = defBattDebounce
			c.battAlarm = defBattAlarm
			c.polDebounce = defPolDebounce
			c.ringDebounce = defRingDebounce
			return c, nil
		}
	}
	return country{}, fmt.Errorf("unknown zone %q (known: us, cn, uk, de, tbr21, au)", zone)
}

// Zones lists the zone names the driver has DAA settings for.
func Zones() []string {
	cs := countries()
	z := make([]string, len(cs))
	for i, c := range cs {
		z[i] = c.name
	}
	return z
}

// reg16 packs International Control 1.
func (c country) reg16() byte { return c.ohs<<6 | c.rz<<1 | c.rt }

// reg26 packs the DC termination.
func (c country) reg26() byte { return c.dcv<<6 | c.mini<<4 | c.ilim<<1 }

// reg31 packs DAA Control 5.
func (c country) reg31() byte { return ctrl5Base | c.ohs2<<3 }
